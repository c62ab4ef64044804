package org.citybrain.health.internal;

import org.citybrain.identity.Action;
import org.citybrain.identity.Performs;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.citybrain.health.CodeCheck;
import org.citybrain.health.CodeColour;
import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.platform.Forbidden;
import org.citybrain.platform.Limits;
import org.citybrain.population.Residency;
import org.citybrain.standards.DivisionCode;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The health code API. The operations follow GB/T 38963-2020: declare health information, declare trip, query health
 * information, request (and generate) a code, verify a code, correct; plus the health commission's acts, the rules,
 * the issuer's public keys and the trust list of other regions.
 */
@RestController
@RequestMapping("/api/health/v1")
@Tag(name = "Health code", description = "GB/T 38963-2020 operations: declarations, health information, codes, verification, corrections")
class HealthApi {

    /** The request bodies, with their limits published in the schema (the same constants validation uses). */
    record CorrectionRequest(@Schema(maxLength = Limits.CORRECTION) String request) {
    }

    record CorrectionAnswer(@Schema(allowableValues = {"ACCEPT", "REJECT"}) String decision, @Schema(maxLength = Limits.CORRECTION) String answer,
                            @Schema(description = "the fact to void when accepting") String voidFactId,
                            @Schema(maxLength = Limits.LEGAL_REASON) String legalReason) {
    }

    record ManualColour(@Schema(allowableValues = {"GREEN", "YELLOW", "RED"}) String colour, @Schema(description = "ISO-8601 instant, within 30 days") String until,
                        @Schema(maxLength = Limits.LEGAL_REASON) String legalReason) {
    }

    record VoidReason(@Schema(maxLength = Limits.LEGAL_REASON) String legalReason) {
    }

    record RiskAreaDeclaration(@Schema(maxLength = Limits.PLACE_NAME) String name, @Schema(allowableValues = {"MEDIUM", "HIGH"}) String level,
                               @Schema(description = "ISO-8601 instant") String until) {
    }

    record CodeToVerify(@Schema(maxLength = 2000) String token) {
    }

    private final CurrentUsers users;
    private final Residency residency;
    private final Declarations declarations;
    private final HealthInformation information;
    private final CodeTokens tokens;
    private final Corrections corrections;
    private final AuthorityActs acts;
    private final RuleSets rules;
    private final RiskAreas riskAreas;
    private final IssuerKeys keys;
    private final TrustList trustList;
    private final ResidentHealthDesk desk;

    HealthApi(CurrentUsers users, Residency residency, Declarations declarations, HealthInformation information, CodeTokens tokens,
              Corrections corrections, AuthorityActs acts, RuleSets rules, RiskAreas riskAreas, IssuerKeys keys, TrustList trustList,
              ResidentHealthDesk desk) {
        this.users = users;
        this.residency = residency;
        this.declarations = declarations;
        this.information = information;
        this.tokens = tokens;
        this.corrections = corrections;
        this.acts = acts;
        this.rules = rules;
        this.riskAreas = riskAreas;
        this.keys = keys;
        this.trustList = trustList;
        this.desk = desk;
    }

    // ---- the citizen's own operations ----

    @Performs(Action.DECLARE_HEALTH)
    @PostMapping("/declarations/health")
    @Operation(summary = "Declare health information: {temperature (°C), symptoms}. Idempotency-Key makes a retry harmless.")
    ResponseEntity<HealthInformation.View> declareHealth(@RequestBody Declarations.HealthDeclaration body,
                                                         @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                                         @RequestParam(defaultValue = "zh") String lang) {
        long me = self();
        declarations.declareHealth(me, body, key, users.require().username());
        return ResponseEntity.status(201).body(information.of(me, english(lang)));
    }

    @Performs(Action.DECLARE_TRIP)
    @PostMapping("/declarations/trip")
    @Operation(summary = "Declare a trip: {origin (GB/T 2260 code), departedAt, arrivedAt}. Idempotency-Key makes a retry harmless.")
    ResponseEntity<HealthInformation.View> declareTrip(@RequestBody Declarations.TripDeclaration body,
                                                       @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                                       @RequestParam(defaultValue = "zh") String lang) {
        long me = self();
        declarations.declareTrip(me, body, key, users.require().username());
        return ResponseEntity.status(201).body(information.of(me, english(lang)));
    }

    @Performs(Action.OWN_HEALTH_CODE)
    @GetMapping("/information")
    @Operation(summary = "Query my health information: colour, why, what turns it green, changes, facts, corrections")
    HealthInformation.View mine(@RequestParam(defaultValue = "zh") String lang) {
        return information.of(self(), english(lang));
    }

    @Performs(Action.OWN_HEALTH_CODE)
    @PostMapping("/codes")
    @Operation(summary = "Request and generate my code: a signed token (JWS ES256) valid for minutes, for a QR code")
    Map<String, Object> requestCode(@RequestParam(defaultValue = "zh") String lang) {
        CodeTokens.IssuedCode code = tokens.issueFor(self());
        HealthInformation.Explanation why = information.explain(code.code(), english(lang));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("token", code.token());
        m.put("colour", code.colour());
        m.put("issuer", keys.issuer());
        m.put("kid", code.kid());
        m.put("issuedAt", code.issuedAt());
        m.put("expiresAt", code.expiresAt());
        m.put("why", why.why());
        m.put("remedy", why.remedy());
        return m;
    }

    @Performs(Action.FILE_CORRECTION)
    @PostMapping("/corrections")
    @Operation(summary = "File a correction request (纠错): {request}. It goes to the officials of my community.")
    ResponseEntity<Corrections.CorrectionView> correct(@RequestBody CorrectionRequest body,
                                                       @RequestHeader(value = "Idempotency-Key", required = false) String key) {
        Corrections.CorrectionView c = corrections.file(residency.of(self()).orElseThrow(), body.request(), key);
        return ResponseEntity.created(URI.create("/api/health/v1/corrections/" + c.id())).body(c);
    }

    // ---- verification: any signed-in user or device; the public keys for everyone ----

    @Performs(Action.VERIFY_CODE)
    @PostMapping("/codes/verify")
    @Operation(summary = "Verify a code: {token}. Valid or the reason why not; does not use the token up.")
    CodeCheck verify(@RequestBody CodeToVerify body) {
        users.require(Action.VERIFY_CODE);
        return tokens.check(body.token());
    }

    @Performs(Action.READ_ISSUER_KEYS)
    @GetMapping(value = "/issuer/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "This city's issuer keys (JWK Set): what other regions put on their trust lists")
    Map<String, Object> jwks() {
        Map<String, Object> m = new LinkedHashMap<>(keys.publicKeys().toJSONObject(true));
        m.put("issuer", keys.issuer());
        return m;
    }

    // ---- staff ----

    @Performs(Action.READ_RESIDENT_HEALTH)
    @GetMapping("/residents/{residentId}/information")
    @Operation(summary = "A resident's health information, for staff whose jurisdiction covers them (audited)")
    HealthInformation.View ofResident(@PathVariable long residentId, @RequestParam(defaultValue = "zh") String lang) {
        return desk.information(users.require(), residentId, english(lang));
    }

    @Performs({Action.RECORD_TEST_RESULT, Action.ISSUE_HEALTH_ORDER})
    @PostMapping("/residents/{residentId}/facts")
    @Operation(summary = "Record an order or result: {kind: QUARANTINE_ORDER|CLOSE_CONTACT|TEST_RESULT, from, until, result, legalReason}")
    Map<String, Object> order(@PathVariable long residentId, @RequestBody AuthorityActs.Order body,
                              @RequestHeader(value = "Idempotency-Key", required = false) String key) {
        return codeAnswer(desk.order(users.require(), residentId, body, key));
    }

    @Performs(Action.SET_MANUAL_COLOUR)
    @PostMapping("/residents/{residentId}/colour")
    @Operation(summary = "Set a colour by hand: {colour, until, legalReason}; recorded with the official and the legal reason")
    Map<String, Object> setColour(@PathVariable long residentId, @RequestBody ManualColour body) {
        return codeAnswer(desk.setColour(users.require(), residentId, enumValue(CodeColour.class, "colour", body.colour()),
                instant("until", body.until()), body.legalReason()));
    }

    @Performs(Action.VOID_FACT)
    @PostMapping("/facts/{factId}/void")
    @Operation(summary = "Void a wrong fact: {legalReason}; the code is evaluated again")
    Map<String, Object> voidFact(@PathVariable long factId, @RequestBody VoidReason body) {
        return codeAnswer(desk.voidFact(users.require(), factId, body.legalReason()));
    }

    @Performs(Action.READ_CORRECTIONS)
    @GetMapping("/corrections")
    @Operation(summary = "Open correction requests in my jurisdiction")
    List<Corrections.CorrectionView> openCorrections() {
        return corrections.open(users.require());
    }

    @Performs(Action.ANSWER_CORRECTION)
    @PostMapping("/corrections/{id}/answer")
    @Operation(summary = "Answer a correction: {decision: ACCEPT|REJECT, answer, voidFactId, legalReason}")
    Corrections.CorrectionView answer(@PathVariable long id, @RequestBody CorrectionAnswer body) {
        String voidFact = body.voidFactId();
        Long factId;
        try {
            factId = voidFact == null || voidFact.isBlank() ? null : Long.valueOf(voidFact);
        } catch (NumberFormatException e) {
            throw new InvalidStandardValue("voidFactId", "应为事实编号 / a fact id");
        }
        return corrections.answer(users.require(), id, enumValue(Corrections.Decision.class, "decision", body.decision()), body.answer(),
                factId, body.legalReason());
    }

    @Performs(Action.READ_RISK_AREAS)
    @GetMapping("/risk-areas")
    @Operation(summary = "The risk areas, current and past")
    List<RiskAreas.RiskArea> riskAreas() {
        return riskAreas.all();
    }

    @Performs(Action.DECLARE_RISK_AREA)
    @PutMapping("/risk-areas/{divisionCode}")
    @Operation(summary = "Declare a risk area: {name, level: MEDIUM|HIGH, until}; everyone who arrived from it is evaluated again")
    Map<String, Object> declareRiskArea(@PathVariable String divisionCode, @RequestBody RiskAreaDeclaration body) {
        int n = acts.declareRiskArea(new DivisionCode(divisionCode), body.name(), enumValue(RiskAreas.Level.class, "level", body.level()),
                body.until() == null ? null : instant("until", body.until()), users.require());
        return Map.of("divisionCode", divisionCode, "reevaluated", n);
    }

    @Performs(Action.DECLARE_RISK_AREA)
    @DeleteMapping("/risk-areas/{divisionCode}")
    @Operation(summary = "Lift a risk area")
    Map<String, Object> liftRiskArea(@PathVariable String divisionCode) {
        return Map.of("divisionCode", divisionCode, "reevaluated", acts.liftRiskArea(new DivisionCode(divisionCode), users.require()));
    }

    @Performs(Action.READ_RULES)
    @GetMapping("/rules")
    @Operation(summary = "The current decision table (FIRST hit policy) with its version")
    DecisionTable currentRules() {
        users.require(Action.READ_RULES);
        return rules.current();
    }

    @Performs(Action.PUBLISH_RULES)
    @PutMapping("/rules")
    @Operation(summary = "Publish a new version of the decision table: {lookbackDays, feverHours, feverTemperature, rules:[...]}")
    DecisionTable publishRules(@RequestBody String table, @RequestHeader(value = "X-Note", required = false) String note) {
        return acts.publishRules(table, note, users.require());
    }

    @Performs(Action.MANAGE_TRUST_LIST)
    @GetMapping("/trust-list")
    List<TrustList.Entry> trustList() {
        users.require(Action.MANAGE_TRUST_LIST);
        return trustList.entries();
    }

    @Performs(Action.MANAGE_TRUST_LIST)
    @PostMapping("/trust-list")
    @Operation(summary = "Trust another region's issuer key: {issuer (division code), name, jwk (P-256 public JWK with kid)}")
    TrustList.Entry trust(@RequestBody Map<String, Object> body) {
        users.require(Action.MANAGE_TRUST_LIST);
        Object jwk = body.get("jwk");
        String jwkJson;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = jwk instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
            jwkJson = map != null ? com.nimbusds.jose.jwk.JWK.parse(map).toJSONString() : jwk == null ? null : jwk.toString();
        } catch (java.text.ParseException e) {
            throw new InvalidStandardValue("jwk", "不是有效的JWK / not a valid JWK: " + e.getMessage());
        }
        if (jwkJson == null) {
            throw new InvalidStandardValue("jwk", "缺少公钥 / the key is required");
        }
        if (!(body.get("issuer") instanceof String issuer)) {
            throw new InvalidStandardValue("issuer", "须为签发地区的区划代码 / the issuer's division code is required");
        }
        return trustList.add(new DivisionCode(issuer), body.get("name") instanceof String name ? name : null, jwkJson);
    }

    @Performs(Action.MANAGE_TRUST_LIST)
    @DeleteMapping("/trust-list/{kid}")
    @Operation(summary = "Revoke a trusted key: codes signed with it are refused from now on")
    ResponseEntity<Void> revoke(@PathVariable String kid) {
        users.require(Action.MANAGE_TRUST_LIST);
        if (!trustList.revoke(kid)) {
            throw new org.citybrain.platform.NotFound("kid", "信任列表中没有该密钥 / no such key on the trust list");
        }
        return ResponseEntity.noContent().build();
    }

    @Performs(Action.ROTATE_ISSUER_KEY)
    @PostMapping("/issuer/rotate")
    @Operation(summary = "Rotate the signing key now; codes signed with the old key verify until they expire")
    Map<String, Object> rotate() {
        users.require(Action.ROTATE_ISSUER_KEY);
        return Map.of("kid", keys.rotate().kid());
    }


    private long self() {
        return users.requireCitizen();
    }

    private static Map<String, Object> codeAnswer(HealthCodeBook.Code c) {
        return Map.of("residentId", c.residentId(), "colour", c.colour(), "ruleId", c.ruleId(), "ruleVersion", c.ruleVersion(), "since", c.changedAt());
    }

    static boolean english(String lang) {
        return lang != null && lang.startsWith("en");
    }

    static <E extends Enum<E>> E enumValue(Class<E> type, String field, String value) {
        try {
            return Enum.valueOf(type, value == null ? "" : value.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new InvalidStandardValue(field, "取值应为 / one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    static Instant instant(String field, String value) {
        try {
            return Instant.parse(value);
        } catch (RuntimeException e) {
            throw new InvalidStandardValue(field, "应为ISO 8601时间，如2026-11-25T08:00:00Z / an ISO 8601 instant such as 2026-11-25T08:00:00Z");
        }
    }
}
