package org.citybrain.health.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.citybrain.datahub.PeerQuestion;
import org.citybrain.health.CodeColour;
import org.citybrain.health.HealthCodes;
import org.citybrain.population.Residency;
import org.citybrain.standards.IdNumber;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Another region asks for a traveller's health-code status (跨地区互认): the colour this city gives the person now,
 * the ID number masked, and whether this city knows the person at all. Only the colour: the facts behind it stay
 * here. The data hub checks the asking region and receipts the answer; the traveller sees the read.
 */
@Component
class TravellerCodeStatus implements PeerQuestion {

    private final Residency residency;
    private final HealthCodes codes;
    private final String issuer;

    TravellerCodeStatus(Residency residency, HealthCodes codes, @Value("${citybrain.health.issuer}") String issuer) {
        this.residency = residency;
        this.codes = codes;
        this.issuer = issuer;
    }

    @Override
    public String name() {
        return "health-code-status";
    }

    @Override
    public Answer answer(JsonNode question, String askingRegion) {
        JsonNode raw = question == null ? null : question.get("idNumber");
        if (raw == null || !raw.isString()) {
            throw new InvalidStandardValue("idNumber", "请给出旅客的身份证号码 / give the traveller's ID number");
        }
        IdNumber id = IdNumber.parse(raw.asString());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("idNumber", id.masked());
        body.put("issuer", issuer);
        body.put("asOf", Instant.now().toString());
        Residency.Residence person = residency.ofIdNumbers(List.of(id.value())).get(id.value());
        if (person == null) {
            body.put("known", false);
            return new Answer(body, List.of(), "健康码状态 / health-code status");
        }
        CodeColour colour = codes.colourOf(person.residentId());
        body.put("known", true);
        body.put("colour", colour.name());
        return new Answer(body, List.of(person.residentId()), "健康码状态（" + colour.label(false) + "） / health-code status (" + colour.label(true) + ")");
    }
}
