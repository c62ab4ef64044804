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
 * {@code issuer}). A record whose colour is none of green, yellow, red is treated as unknown, not guessed at.
 */
@Component
class ProvinceCodeRegister implements ProvinceCodes {

    private final HubDatasets hub;
    private final String dataset;

    ProvinceCodeRegister(HubDatasets hub, @Value("${citybrain.health.province-codes-dataset:province-health-codes}") String dataset) {
        this.hub = hub;
        this.dataset = dataset;
    }

    @Override
    public Map<String, ProvinceCode> of(Collection<String> idNumbers) {
        Map<String, ProvinceCode> codes = new HashMap<>();
        if (idNumbers.isEmpty()) {
            return codes;
        }
        hub.byKeys(dataset, idNumbers).forEach((id, record) -> {
            JsonNode v = record.values();
            String colour = v.path("colour").asString("");
            if (colour.equals("GREEN") || colour.equals("YELLOW") || colour.equals("RED")) {
                codes.put(id, new ProvinceCode(CodeColour.valueOf(colour), v.path("changedAt").asString(null), v.path("issuer").asString(null)));
            }
        });
        return codes;
    }
}
