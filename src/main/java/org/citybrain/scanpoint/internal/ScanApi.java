package org.citybrain.scanpoint.internal;

import org.citybrain.identity.Action;
import org.citybrain.identity.Performs;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.identity.Role;
import org.citybrain.platform.Forbidden;
import org.citybrain.scanpoint.DeviceKind;
import org.citybrain.scanpoint.Passage;
import org.citybrain.scanpoint.Scan;
import org.citybrain.scanpoint.ScanDecision;
import org.citybrain.scanpoint.ScanDevice;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The scan-point API: devices send scans and get decisions; citizens check in at venues and see their own passages. */
@RestController
@RequestMapping("/api/scan/v1")
@Tag(name = "Scan points", description = "Gates, checkpoints, entrances and venue codes: a scan in, the decision out")
class ScanApi {

    record CheckIn(@io.swagger.v3.oas.annotations.media.Schema(description = "the venue code (场所码) read at the venue", maxLength = 32) String venueCode) {
    }

    private final ScanIntake intake;
    private final DeviceRegistry devices;
    private final CurrentUsers users;

    ScanApi(ScanIntake intake, DeviceRegistry devices, CurrentUsers users) {
        this.intake = intake;
        this.devices = devices;
        this.users = users;
    }

    @Performs(Action.SCAN)
    @PostMapping("/devices/{deviceId}/scans")
    @Operation(summary = "One scan: {seq, scannedAt, idNumber | code, plate, origin, community} → {decision, colour, reason, display}")
    ScanDecision scan(@PathVariable String deviceId, @RequestBody Scan scan) {
        ownDevice(deviceId);
        return intake.scan(deviceId, scan);
    }

    @Performs(Action.SCAN)
    @PostMapping("/devices/{deviceId}/scans/batch")
    @Operation(summary = "Up to 5,000 scans of one device at once (a backlog after an outage); decisions in the same order")
    List<ScanDecision> scans(@PathVariable String deviceId, @RequestBody List<Scan> scans) {
        ownDevice(deviceId);
        return intake.scanAll(deviceId, scans);
    }

    @Performs(Action.READ_SCAN_DEVICES)
    @GetMapping("/devices")
    @Operation(summary = "Registered scan devices of a kind (GATE, CHECKPOINT, ENTRANCE), optionally inside a division (code prefix)")
    List<ScanDevice> devices(@org.springframework.web.bind.annotation.RequestParam DeviceKind kind,
                             @org.springframework.web.bind.annotation.RequestParam(defaultValue = "") String division,
                             @org.springframework.web.bind.annotation.RequestParam(defaultValue = "1000") int limit) {
        return devices.devices(kind, division, Math.max(1, Math.min(limit, 10_000)));
    }

    @Performs({Action.READ_SCAN_DEVICES, Action.SCAN})
    @GetMapping("/devices/{deviceId}")
    @Operation(summary = "A scan device: kind, place, community")
    ScanDevice device(@PathVariable String deviceId) {
        CurrentUser user = users.require();
        if (user.has(Role.DEVICE)) {
            ownDevice(deviceId);
        }
        return intake.device(deviceId);
    }

    @Performs(Action.CHECK_IN)
    @PostMapping("/checkins")
    @Operation(summary = "Check in at a venue by its venue code (场所码): {venueCode}. Idempotency-Key makes a retry one check-in.")
    ScanDecision checkIn(@RequestBody CheckIn body, @RequestHeader(value = "Idempotency-Key", required = false) String key) {
        CurrentUser user = users.require();
        String code = body.venueCode();
        if (code == null || code.isBlank()) {
            throw new InvalidStandardValue("venueCode", "请扫描场所码 / the venue code is required");
        }
        return intake.checkIn(code.trim(), user.jurisdiction().selfResidentId(), key);
    }

    @Performs(Action.READ_OWN_PASSAGES)
    @GetMapping("/me/passages")
    @Operation(summary = "My own passages and check-ins, newest first")
    List<Passage> myPassages() {
        return intake.of(users.require().jurisdiction().selfResidentId(), 200);
    }

    @ExceptionHandler(ScanJournal.Busy.class)
    ProblemDetail busy(ScanJournal.Busy e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "系统繁忙，请用同一流水号重试 / busy: retry with the same seq");
        p.setProperty("retryAfterSeconds", 1);
        return p;
    }

    private void ownDevice(String deviceId) {
        CurrentUser user = users.require();
        if (!user.username().equals(deviceId)) {
            throw new Forbidden("deviceId", "设备只能为自己上报 / a device reports only for itself (" + user.username() + ")");
        }
    }
}
