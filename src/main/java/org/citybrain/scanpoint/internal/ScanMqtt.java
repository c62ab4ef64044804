package org.citybrain.scanpoint.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.citybrain.platform.RefusedRequest;
import org.citybrain.scanpoint.Scan;
import org.citybrain.standards.InvalidStandardValue;
import org.citybrain.twin.DeviceMessages;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The device API over MQTT: a device publishes a scan (the same JSON as over HTTP) to
 * {@code citybrain/devices/<deviceId>/scans} and reads the decision from {@code citybrain/devices/<deviceId>/scans/reply}.
 * The broker authenticates the device and lets it publish only under its own id; a refused scan is answered with
 * the field and the reason, as over HTTP.
 */
@Component
class ScanMqtt {

    static final String CHANNEL = "scans";

    private final ScanIntake intake;
    private final JsonMapper json;

    ScanMqtt(ScanIntake intake, JsonMapper json, ObjectProvider<DeviceMessages> messages) {
        this.intake = intake;
        this.json = json;
        messages.ifAvailable(m -> m.handle(CHANNEL, this::onScan));
    }

    String onScan(String deviceId, String payload) {
        Map<String, Object> refusal = new LinkedHashMap<>();
        try {
            Scan scan = json.readValue(payload, Scan.class);
            return json.writeValueAsString(intake.scan(deviceId, scan));
        } catch (InvalidStandardValue e) {
            refusal.put("status", 400);
            refusal.put("field", e.field());
            refusal.put("detail", e.getMessage());
        } catch (RefusedRequest e) {
            refusal.put("status", e instanceof org.citybrain.platform.NotFound ? 404 : 403);
            refusal.put("field", e.field());
            refusal.put("detail", e.getMessage());
        } catch (tools.jackson.core.JacksonException e) {
            refusal.put("status", 400);
            refusal.put("field", "body");
            refusal.put("detail", "不是有效的JSON / not valid JSON");
        } catch (ScanJournal.Busy e) {
            refusal.put("status", 503);
            refusal.put("detail", "busy: retry with the same seq");
        }
        return json.writeValueAsString(refusal);
    }
}
