package org.citybrain.twin.internal;

import org.citybrain.identity.Action;
import org.citybrain.identity.Performs;

import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.identity.Role;
import org.citybrain.twin.NgsiLdError;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Devices push measurements over HTTP; a device may report only for itself (its username is its device id). */
@RestController
@Tag(name = "Devices", description = "Measurements from sensors and devices into the twin")
class DeviceController {

    private final DeviceMeasurements measurements;
    private final CurrentUsers users;

    DeviceController(DeviceMeasurements measurements, CurrentUsers users) {
        this.measurements = measurements;
        this.users = users;
    }

    @Performs(Action.REPORT_MEASUREMENT)
    @PostMapping("/devices/v1/{deviceId}/measurements")
    @Operation(summary = "Report measurements of a device: {type, observedAt, measurements:{name:value}, unitCodes, location:[lon,lat]}")
    ResponseEntity<Map<String, String>> report(@PathVariable String deviceId, @RequestBody(required = false) String body, HttpServletRequest request) {
        CurrentUser user = users.require();
        if (user.has(Role.DEVICE) && !user.username().equals(deviceId)) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "a device reports only for itself (" + user.username() + ")");
        }
        if (body == null || body.isBlank()) {
            throw new NgsiLdError(NgsiLdError.Type.InvalidRequest, "the request has no body");
        }
        String id = measurements.apply(NgsiLdHttp.tenant(request), deviceId, body);
        return ResponseEntity.accepted().body(Map.of("entity", id));
    }
}
