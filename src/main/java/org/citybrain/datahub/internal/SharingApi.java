package org.citybrain.datahub.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.identity.Performs;
import org.citybrain.platform.IdempotencyKey;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/datahub/v1")
@Tag(name = "Sharing", description = "Applications for datasets, owners' decisions, grants and their client credentials, the exchange log")
class SharingApi {

    private final Sharing sharing;
    private final ExchangeLog log;
    private final CurrentUsers users;

    SharingApi(Sharing sharing, ExchangeLog log, CurrentUsers users) {
        this.sharing = sharing;
        this.log = log;
        this.users = users;
    }

    @Performs(Action.READ_SHARING)
    @GetMapping("/applications")
    @Operation(summary = "Applications my department filed (as=applicant) or that wait on it as owner (as=owner); the bureau and auditors see all")
    List<Sharing.Application> applications(@RequestParam(defaultValue = "applicant") String as, @RequestParam(defaultValue = "0") int page,
                                           @RequestParam(defaultValue = "50") int size) {
        CurrentUser user = users.require();
        Action.READ_SHARING.demand(user);
        String unit = Sharing.seesAll(user) ? null : user.unitName();
        return sharing.list(unit, !"owner".equals(as), Math.max(0, page) * Math.clamp(size, 1, 200), Math.clamp(size, 1, 200));
    }

    @Performs(Action.APPLY_FOR_DATA)
    @PostMapping("/applications")
    @Operation(summary = "Apply for a dataset: {datasetId, purpose, basis, fields, divisionCode (rows; omit for the whole city), months}; "
            + "Idempotency-Key makes a retry one application")
    ResponseEntity<Map<String, Object>> apply(@RequestBody Sharing.Request r, @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        Sharing.Application a = sharing.apply(users.require(), r, IdempotencyKey.of(key));
        return ResponseEntity.created(URI.create("/api/datahub/v1/applications/" + a.id())).body(view(a));
    }

    @Performs(Action.READ_SHARING)
    @GetMapping("/applications/{id}")
    Map<String, Object> application(@PathVariable long id) {
        return view(sharing.read(users.require(), id));
    }

    @Performs(Action.DECIDE_DATA_APPLICATION)
    @PostMapping("/applications/{id}/decision")
    @Operation(summary = "Grant ({grant: true, fields, divisionCode, perMinute}: fields and rows only narrowed) or refuse ({grant: false, reason})")
    Map<String, Object> decide(@PathVariable long id, @RequestBody Sharing.Decision d) {
        return view(sharing.decide(users.require(), id, d));
    }

    @Performs(Action.ISSUE_CLIENT_CREDENTIAL)
    @PostMapping("/grants/{id}/secret")
    @Operation(summary = "A new client secret for the grant (shown once; the old one and its tokens stop working)")
    Map<String, Object> secret(@PathVariable long id) {
        String secret = sharing.issueSecret(users.require(), id);
        Sharing.Grant g = sharing.requireGrant(id);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clientId", g.clientId());
        m.put("clientSecret", secret);
        m.put("tokenUrl", "/api/share/v1/token");
        return m;
    }

    record Revocation(String reason) {
    }

    @Performs(Action.REVOKE_GRANT)
    @PostMapping("/grants/{id}/revocation")
    Sharing.Grant revoke(@PathVariable long id, @RequestBody Revocation r) {
        return sharing.revoke(users.require(), id, r.reason());
    }

    @Performs(Action.READ_EXCHANGE_LOG)
    @GetMapping("/grants/{id}/receipts")
    @Operation(summary = "The grant's exchange log, newest first, with the verification of its chain")
    Map<String, Object> receipts(@PathVariable long id, @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        Sharing.Grant g = sharing.readGrant(users.require(), id, Action.READ_EXCHANGE_LOG);
        int n = Math.clamp(size, 1, 200);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("chain", g.chain());
        m.put("verification", log.verifyChain(g.chain()));
        m.put("total", log.countOfChain(g.chain()));
        m.put("receipts", log.ofChain(g.chain(), Math.max(0, page) * n, n).stream().map(ExchangeLog::view).toList());
        return m;
    }

    private Map<String, Object> view(Sharing.Application a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("application", a);
        m.put("grant", sharing.grant(a.id()).orElse(null));
        return m;
    }
}
