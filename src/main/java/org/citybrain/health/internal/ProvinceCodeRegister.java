package org.citybrain.health.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.citybrain.datahub.HubDatasets;
import org.citybrain.health.CodeColour;
import org.citybrain.health.ProvinceCodes;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The province's codes from the hub's dataset of them ({@code citybrain.health.province-codes-dataset}, by default the
 * demo's {@code province-health-codes}: records keyed by ID number with {@code colour}, {@code changedAt} and
 * {@code issuer}). A record whose colour is none of green, yellow, red is treated as unknown, not guessed at; the codes
 * are current while a run of the registry's feed finished within {@code citybrain.health.province-codes-max-age}.
 */
@Component
class ProvinceCodeRegister implements ProvinceCodes {

    private final HubDatasets hub;
    private final String dataset;
    private final java.time.Duration maxAge;

    ProvinceCodeRegister(HubDatasets hub, @Value("${citybrain.health.province-codes-dataset:province-health-codes}") String dataset,
                         @Value("${citybrain.health.province-codes-max-age:PT1H}") java.time.Duration maxAge) {
        this.hub = hub;
        this.dataset = dataset;
        this.maxAge = maxAge;
    }

    @Override
    public Map<String, ProvinceCode> of(Collection<String> idNumbers) {
        Map<String, ProvinceCode> codes = new HashMap<>();
        if (idNumbers.isEmpty()) {
            return codes;
        }
        Map<String, HubDatasets.HubRecord> found = hub.byKeys(dataset, idNumbers);
        if (found.isEmpty()) {
            return codes;
        }
        boolean current = hub.lastLoaded(dataset).filter(at -> at.isAfter(java.time.Instant.now().minus(maxAge))).isPresent();
        found.forEach((id, record) -> {
            JsonNode v = record.values();
            String colour = v.path("colour").asString("");
            if (colour.equals("GREEN") || colour.equals("YELLOW") || colour.equals("RED")) {
                codes.put(id, new ProvinceCode(CodeColour.valueOf(colour), v.path("changedAt").asString(null), v.path("issuer").asString(null), current));
            }
        });
        return codes;
    }
}
