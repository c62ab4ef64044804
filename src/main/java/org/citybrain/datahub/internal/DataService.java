package org.citybrain.datahub.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.citybrain.audit.PersonalDataAccess;
import org.citybrain.identity.ResidentRegistry;
import org.citybrain.standards.IdNumber;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The data service (数据共享交换接口): a consumer's system takes an access token with its grant's client credential
 * (OAuth 2 client credentials, RFC 6749 4.4) and reads the granted dataset. Each call is checked against the grant —
 * in force (not expired, not revoked: checked on every call, so a revocation works at once), the dataset granted, the
 * fields asked for among those granted (else 403 naming the others), rows only of the granted division, within the
 * grant's calls per minute — and names the case and the official it is for (X-Road's {@code issue} and
 * {@code userId}). The answer is receipted in the exchange log and every person whose record it carries sees the read
 * under "who read my data"; receipt and audit records commit with the answer or not at all.
 */
@Service
class DataService {

    /** A refusal the data service answers itself: OAuth's own error codes where RFC 6749/6750 define them. */
    static final class Refusal extends RuntimeException {
        final HttpStatus status;
        final String field;
        final String oauthError;
        final Long retryAfter;

        Refusal(HttpStatus status, String field, String oauthError, String reason) {
            this(status, field, oauthError, reason, null);
        }

        Refusal(HttpStatus status, String field, String oauthError, String reason, Long retryAfter) {
            super(reason);
            this.status = status;
            this.field = field;
            this.oauthError = oauthError;
            this.retryAfter = retryAfter;
        }
    }

    record Token(String accessToken, long expiresIn) {
    }

    /** One read: the dataset, the fields (null: all granted), a record key or a page, and who it is for. */
    record Call(String accessToken, String datasetId, List<String> fields, String key, int page, int size, String issue, String userId,
                String purpose, String requestId, String requestLine) {
    }

    record Answer(byte[] body, ExchangeLog.Receipt receipt) {
    }

    static final String SERVICE = "dataset-records";

    private final JdbcClient jdbc;
    private final ServedDatasets modules;
    private final JsonMapper json;
    private final Sharing sharing;
    private final ExchangeLog log;
    private final Sources sources;
    private final ResidentRegistry residents;
    private final ReceiptWriter receipts;
    private final Duration tokenLifetime;
    /** Which field of a dataset holds a person's ID number, from its current mapping: read again after a minute. */
    private final java.util.concurrent.ConcurrentHashMap<String, IdField> idFields = new java.util.concurrent.ConcurrentHashMap<>();

    private record IdField(String name, long readAt) {
    }

    DataService(JdbcClient jdbc, JsonMapper json, Sharing sharing, ExchangeLog log, Sources sources, ResidentRegistry residents, ReceiptWriter receipts,
                ServedDatasets modules, @Value("${citybrain.datahub.sharing.token-lifetime:PT10M}") Duration tokenLifetime) {
        this.modules = modules;
        this.jdbc = jdbc;
        this.json = json;
        this.sharing = sharing;
        this.log = log;
        this.sources = sources;
        this.residents = residents;
        this.receipts = receipts;
        this.tokenLifetime = tokenLifetime;
    }

    /** RFC 6749 4.4: the client authenticates (HTTP Basic, or the form's client_id and client_secret) and gets a bearer token. */
    Token token(String grantType, String clientId, String clientSecret) {
        if (!"client_credentials".equals(grantType)) {
            throw new Refusal(HttpStatus.BAD_REQUEST, "grant_type", "unsupported_grant_type", "只支持 client_credentials / only grant_type=client_credentials");
        }
        Optional<String> stored = clientId == null ? Optional.empty() : sharing.secretHash(clientId);
        byte[] offered = HubRecords.sha256(clientSecret == null ? "" : clientSecret).getBytes(StandardCharsets.US_ASCII);
        // constant time, so the answer's timing tells nothing of the secret
        if (stored.isEmpty() || !MessageDigest.isEqual(stored.get().getBytes(StandardCharsets.US_ASCII), offered)) {
            throw new Refusal(HttpStatus.UNAUTHORIZED, "client_id", "invalid_client", "客户端凭据无效 / the client credential is not valid");
        }
        Sharing.Grant grant = sharing.grantOfClient(clientId).orElseThrow();
        refuseUnlessInForce(grant, Instant.now(), "invalid_grant");
        String token = Sharing.token(32);
        Instant expires = Instant.now().plus(tokenLifetime);
        jdbc.sql("insert into share_token (token_hash, grant_id, expires_at) values (?, ?, ?)").params(HubRecords.sha256(token), grant.id(),
                Timestamp.from(expires)).update();
        return new Token(token, tokenLifetime.toSeconds());
    }

    Answer read(Call c) {
        Instant now = Instant.now();
        Sharing.Grant grant = grantOfToken(c.accessToken(), now);
        refuseUnlessInForce(grant, now, null);
        if (!grant.datasetId().equals(c.datasetId())) {
            throw new Refusal(HttpStatus.FORBIDDEN, "datasetId", null, "授权不包括数据集 " + c.datasetId() + " / the grant does not cover dataset " + c.datasetId());
        }
        List<String> fields = c.fields() == null || c.fields().isEmpty() ? grant.fields() : c.fields();
        List<String> outside = fields.stream().filter(f -> !grant.fields().contains(f)).toList();
        if (!outside.isEmpty()) {
            throw new Refusal(HttpStatus.FORBIDDEN, "fields", null, "授权不包括字段 " + String.join(", ", outside) + " / the grant does not cover the fields "
                    + String.join(", ", outside));
        }
        String issue = required("CityBrain-Issue", c.issue(), "请注明所办事项（如案卷号） / name the case the call is for");
        String user = required("CityBrain-User-Id", c.userId(), "请注明经办人 / name the official the call is for");
        if (c.size() < 1 || c.size() > 500) {
            throw new Refusal(HttpStatus.BAD_REQUEST, "size", null, "每页1至500条 / 1 to 500 records a page");
        }
        if (c.page() < 0) {
            throw new Refusal(HttpStatus.BAD_REQUEST, "page", null, "页码从0开始 / pages count from 0");
        }
        long used = log.answeredThisMinute(grant.chain(), now);
        if (used >= grant.perMinute()) {
            throw new Refusal(HttpStatus.TOO_MANY_REQUESTS, "Authorization", null, "超过授权的调用频率（每分钟" + grant.perMinute() + "次） / over the grant's "
                    + grant.perMinute() + " calls a minute", 60L - now.atZone(java.time.ZoneOffset.UTC).getSecond());
        }
        String requestId = c.requestId() == null || c.requestId().isBlank() ? UUID.randomUUID().toString() : org.citybrain.platform.IdempotencyKey.of(c.requestId());
        Page page = records(grant, c.key(), c.page(), c.size());
        String idField = idNumberField(grant.datasetId());
        List<Map<String, Object>> shown = new ArrayList<>();
        List<String> idNumbers = new ArrayList<>();
        for (JsonNode r : page.records()) {
            Map<String, Object> projected = new LinkedHashMap<>();
            for (String f : fields) {
                JsonNode v = r.get(f);
                projected.put(f, v == null || v.isNull() ? null : v);
            }
            shown.add(projected);
            if (idField != null && r.hasNonNull(idField)) {
                idNumbers.add(r.get(idField).asString());
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dataset", grant.datasetId());
        body.put("grant", grant.id());
        body.put("fields", fields);
        body.put("page", c.page());
        body.put("size", c.size());
        body.put("total", page.total());
        body.put("records", shown);
        byte[] bytes = json.writeValueAsBytes(body);
        String purpose = c.purpose() == null || c.purpose().isBlank() ? grant.purpose() : c.purpose().strip();
        ExchangeLog.Exchange exchange = new ExchangeLog.Exchange(grant.chain(), grant.id(), null, grant.consumerUnit(), grant.providerUnit(), SERVICE,
                issue, user, purpose.length() > 500 ? purpose.substring(0, 500) : purpose, requestId, HubRecords.sha256(c.requestLine()),
                sha256(bytes), shown.size());
        ExchangeLog.Receipt receipt = receipts.write(exchange, peopleRead(grant, idNumbers, fields, issue, purpose));
        return new Answer(bytes, receipt);
    }

    /** The same query with no token, grant, receipt or audit: the baseline bench/sharing.sh measures the checks against. */
    byte[] readUnchecked(String datasetId, List<String> fields, String divisionCode, int page, int size) {
        Sharing.Grant all = new Sharing.Grant(0, datasetId, "", "", "", fields, divisionCode, 0, null, null, null, null, null, "", false);
        Page p = records(all, null, page, size);
        List<Map<String, Object>> shown = new ArrayList<>();
        for (JsonNode r : p.records()) {
            Map<String, Object> projected = new LinkedHashMap<>();
            fields.forEach(f -> projected.put(f, r.get(f)));
            shown.add(projected);
        }
        return json.writeValueAsBytes(Map.of("dataset", datasetId, "total", p.total(), "records", shown));
    }

    private record Page(List<JsonNode> records, long total) {
    }

    private Page records(Sharing.Grant grant, String key, int page, int size) {
        Optional<ServedDatasets.Served> module = modules.of(grant.datasetId());
        if (module.isPresent()) {
            String prefix = grant.divisionCode() == null ? null : new org.citybrain.standards.DivisionCode(grant.divisionCode()).prefix();
            ServedDatasets.Page p = module.get().page(prefix, key == null || key.isBlank() ? null : key.strip(), (long) page * size, size);
            return new Page(p.records().stream().map(r -> (JsonNode) json.valueToTree(r)).toList(), p.total());
        }
        String rows = grant.divisionCode() == null ? "" : " and division_code like ?";
        List<Object> args = new ArrayList<>(List.of(grant.datasetId()));
        if (grant.divisionCode() != null) {
            args.add(new org.citybrain.standards.DivisionCode(grant.divisionCode()).prefix() + "%");
        }
        if (key != null && !key.isBlank()) {
            args.add(key.strip());
            List<JsonNode> one = jdbc.sql("select data from hub_record where dataset_id = ?" + rows + " and record_key = ?").params(args)
                    .query(String.class).list().stream().map(json::readTree).toList();
            return new Page(one, one.size());
        }
        long total = jdbc.sql("select count(*) from hub_record where dataset_id = ?" + rows).params(args).query(Long.class).single();
        args.add((long) page * size);
        args.add(size);
        List<JsonNode> list = jdbc.sql("select data from hub_record where dataset_id = ?" + rows + " order by record_key offset ? rows fetch next ? rows only")
                .params(args).query(String.class).list().stream().map(json::readTree).toList();
        return new Page(list, total);
    }

    /** The field of the dataset's mapping that holds a person's ID number (GB 11643): how a record finds its person. */
    private String idNumberField(String datasetId) {
        IdField known = idFields.get(datasetId);
        if (known == null || System.currentTimeMillis() - known.readAt() > 60_000) {
            known = new IdField(readIdNumberField(datasetId), System.currentTimeMillis());
            idFields.put(datasetId, known);
        }
        return known.name();
    }

    private String readIdNumberField(String datasetId) {
        Optional<ServedDatasets.Served> module = modules.of(datasetId);
        if (module.isPresent()) {
            return module.get().idNumberField();
        }
        return sources.all().stream().filter(s -> s.datasetId().equals(datasetId)).map(s -> sources.current(s.id())).flatMap(Optional::stream)
                .flatMap(m -> m.mapping().fields().stream()).filter(f -> "GB11643".equals(f.check())).map(FieldRule::name).findFirst().orElse(null);
    }

    /** The audit records of the people whose records an answer carries: written with its receipt. */
    private List<PersonalDataAccess> peopleRead(Sharing.Grant grant, List<String> idNumbers, List<String> fields, String issue, String purpose) {
        if (idNumbers.isEmpty()) {
            return List.of();
        }
        List<IdNumber> ids = new ArrayList<>();
        for (String id : idNumbers) {
            try {
                ids.add(IdNumber.parse(id));
            } catch (RuntimeException notOne) {
                // a record whose ID number is not one names nobody to tell
            }
        }
        String what = "共享数据 " + grant.datasetId() + "（" + String.join("、", fields) + "） / shared data " + grant.datasetId() + " (" + String.join(", ", fields) + ")";
        String why = purpose + " · " + issue;
        return residents.residentIdsOf(ids).values().stream()
                .map(id -> new PersonalDataAccess("共享:" + grant.consumerUnit() + " (grant " + grant.id() + ")", PersonalDataAccess.residentSubject(id), "READ",
                        what, why.length() > 500 ? why.substring(0, 500) : why)).toList();
    }

    private Sharing.Grant grantOfToken(String accessToken, Instant now) {
        if (accessToken == null || accessToken.isBlank()) {
            throw new Refusal(HttpStatus.UNAUTHORIZED, "Authorization", "invalid_request", "请以 Bearer 访问令牌调用 / call with a Bearer access token");
        }
        record Held(long grantId, Instant expires) {
        }
        Optional<Held> held = jdbc.sql("select grant_id, expires_at from share_token where token_hash = ?").param(HubRecords.sha256(accessToken))
                .query((rs, n) -> new Held(rs.getLong(1), Sources.instant(rs, "expires_at"))).optional();
        if (held.isEmpty() || held.get().expires().isBefore(now)) {
            throw new Refusal(HttpStatus.UNAUTHORIZED, "Authorization", "invalid_token", "访问令牌无效或已过期 / the access token is not valid or has expired");
        }
        return sharing.requireGrant(held.get().grantId());
    }

    private static void refuseUnlessInForce(Sharing.Grant g, Instant now, String oauthError) {
        switch (g.state(now)) {
            case REVOKED -> throw new Refusal(oauthError == null ? HttpStatus.FORBIDDEN : HttpStatus.BAD_REQUEST, "grant", oauthError,
                    "授权已撤销（" + g.revokeReason() + "） / the grant was revoked (" + g.revokeReason() + ")");
            case EXPIRED -> throw new Refusal(oauthError == null ? HttpStatus.FORBIDDEN : HttpStatus.BAD_REQUEST, "grant", oauthError,
                    "授权已过期 / the grant has expired");
            case ACTIVE -> {
            }
        }
    }

    private static String required(String header, String value, String reason) {
        if (value == null || value.isBlank()) {
            throw new Refusal(HttpStatus.BAD_REQUEST, header, null, reason);
        }
        if (value.length() > 200) {
            throw new Refusal(HttpStatus.BAD_REQUEST, header, null, "不超过200个字符 / at most 200 characters");
        }
        return value.strip();
    }

    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String basicUser(String authorization, int part) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return null;
            }
            // RFC 6749 2.3.1: client id and secret are form-urlencoded before Basic encoding
            String v = part == 0 ? decoded.substring(0, colon) : decoded.substring(colon + 1);
            return java.net.URLDecoder.decode(v, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
