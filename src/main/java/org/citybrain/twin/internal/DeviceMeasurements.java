package org.citybrain.twin.internal;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import org.citybrain.twin.NgsiLdError;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Measurements pushed by devices (over HTTP or MQTT), mapped onto the device's own twin entity
 * {@code urn:ngsi-ld:<type>:<deviceId>}: each measurement becomes a Property with its observedAt (and unitCode),
 * so that it lands in the entity, its history and any subscriber's notification. The payload:
 * <pre>{"type": "Sensor", "observedAt": "2026-07-20T08:00:00Z", "measurements": {"rainfall": 12.5},
 *  "unitCodes": {"rainfall": "MMT"}, "location": [113.66, 34.76]}</pre>
 */
@Component
class DeviceMeasurements {

    static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    private final NgsiLdBroker broker;
    private final LdContexts contexts;
    private final JsonMapper json;

    DeviceMeasurements(NgsiLdBroker broker, LdContexts contexts, JsonMapper json) {
        this.broker = broker;
        this.contexts = contexts;
        this.json = json;
    }

    /** Applies one message; returns the entity id it updated. */
    String apply(String tenant, String deviceId, String payload) {
        if (deviceId == null || !DEVICE_ID.matcher(deviceId).matches()) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "deviceId: 1–64 letters, digits or _.-");
        }
        JsonNode message;
        try {
            message = json.readTree(payload);
        } catch (RuntimeException e) {
            throw new NgsiLdError(NgsiLdError.Type.InvalidRequest, "the measurement is not valid JSON");
        }
        String type = message.path("type").asString("Sensor");
        if (!TYPE.matcher(type).matches()) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "type: a plain name such as Sensor");
        }
        JsonNode measurements = message.get("measurements");
        if (measurements == null || !measurements.isObject() || measurements.isEmpty()) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "measurements: an object of name → value, e.g. {\"rainfall\": 12.5}");
        }
        String observedAt = message.has("observedAt") ? EntityDocuments.instant("observedAt", message.get("observedAt").asString()).toInstant().toString()
                : Instant.now().toString();
        String id = "urn:ngsi-ld:" + type + ":" + deviceId;
        ObjectNode entity = json.createObjectNode();
        entity.put("id", id);
        entity.put("type", type);
        for (var m : measurements.properties()) {
            ObjectNode property = entity.putObject(m.getKey());
            property.put("type", "Property");
            property.set("value", m.getValue());
            property.put("observedAt", observedAt);
            JsonNode unit = message.path("unitCodes").get(m.getKey());
            if (unit != null && unit.isString()) {
                property.put("unitCode", unit.asString());
            }
        }
        JsonNode location = message.get("location");
        if (location != null && location.isArray() && location.size() == 2) {
            ObjectNode geo = entity.putObject("location");
            geo.put("type", "GeoProperty");
            ObjectNode point = geo.putObject("value");
            point.put("type", "Point");
            point.set("coordinates", location);
        }
        NgsiLdBroker.BatchResult result = broker.batch(tenant, "upsert", List.of(entity), contexts.citybrain(), false, false);
        if (!result.errors().isEmpty()) {
            Object error = result.errors().getFirst().get("error");
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "measurement refused: " + error);
        }
        return id;
    }
}
