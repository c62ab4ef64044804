package org.citybrain.identity.internal;

import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.identity.DeviceCredentials;
import org.citybrain.identity.Performs;
import org.citybrain.identity.Role;
import org.citybrain.platform.NotFound;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Issues device secrets: for the demo's devices at generation, and for the big-data bureau when a device is (re)installed. */
@Service
class DeviceCredentialIssuer implements DeviceCredentials {

    private final AccountStore accounts;
    DeviceCredentialIssuer(AccountStore accounts) {
        this.accounts = accounts;
    }

    @Override
    @Transactional
    public String issue(String deviceId) {
        AccountStore.AccountRow device = accounts.byUsername(deviceId).filter(a -> a.roles().contains(Role.DEVICE))
                .orElseThrow(() -> new NotFound("account", "没有该设备账号 / no such device account"));
        String secret = DeviceSecrets.newSecret();
        accounts.setPasswordHash(device.id(), DeviceSecrets.stored(secret));
        return secret;
    }

    @RestController
    @Tag(name = "Devices", description = "Measurements from sensors and devices into the twin")
    static class Api {

        private final DeviceCredentialIssuer issuer;
        private final CurrentUsers users;

        Api(DeviceCredentialIssuer issuer, CurrentUsers users) {
            this.issuer = issuer;
            this.users = users;
        }

        @Performs(Action.MANAGE_DEVICE_CREDENTIALS)
        @PostMapping("/api/identity/v1/devices/{account}/credential")
        @Operation(summary = "Issue a new secret for a device account (the old one stops working); the answer is the only time it is shown")
        Map<String, String> issue(@PathVariable String account) {
            users.require(Action.MANAGE_DEVICE_CREDENTIALS);
            return Map.of("account", account, "secret", issuer.issue(account));
        }
    }
}
