package org.citybrain.datahub.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.citybrain.audit.PersonalDataAccess;
import org.citybrain.datahub.PeerQuestion;
import org.citybrain.datahub.RegionExchange;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.platform.NotFound;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Exchange with other regions' CityBrains, both ways. Asking: the question's body is sent with a signed request — a
 * JWS (ES256, this city's exchange key) naming this city and the peer, the question, the body's SHA-256, the case, the
 * official, the purpose, a unique id and the time — and the peer's answer must come with a receipt the peer signed
 * for exactly the bytes received, which is kept in this city's exchange log. Answering: the request's signature must be
 * by a key of the region it names, for this city and this question and body, at most five minutes old, and its id new
 * (the receipt's unique request id refuses a replay); the answer is receipted and every person concerned sees the read.
 */
@Service
class PeerExchange implements RegionExchange {

    static final Duration SKEW = Duration.ofMinutes(5);

    /** A refusal of a peer's request: the status and the reason, for the asking system. */
    static final class Refused extends RuntimeException {
        final int status;
        final String field;

        Refused(int status, String field, String reason) {
            super(reason);
            this.status = status;
            this.field = field;
        }
    }

    /** What this city answers a peer: the bytes, and the receipt it signed for them. */
    record Answered(byte[] body, String receipt) {
    }

    private final PeerRegions peers;
    private final ExchangeKeys keys;
    private final ExchangeLog log;
    private final List<PeerQuestion> questions;
    private final ReceiptWriter receipts;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();

    PeerExchange(PeerRegions peers, ExchangeKeys keys, ExchangeLog log, List<PeerQuestion> questions, ReceiptWriter receipts, TransactionTemplate tx,
                 JsonMapper json) {
        this.peers = peers;
        this.keys = keys;
        this.log = log;
        this.questions = questions;
        this.receipts = receipts;
        this.tx = tx;
        this.json = json;
    }

    List<String> questionNames() {
        return questions.stream().map(PeerQuestion::name).sorted().toList();
    }

    // ---- asking ----

    @Override
    public Asked ask(CurrentUser user, String peerId, String question, JsonNode body, String issue, String purpose) {
        Action.ASK_PEER_REGION.demand(user);
        PeerRegions.Peer peer = peers.require(peerId);
        String theIssue = requiredText("issue", issue, 200);
        String thePurpose = requiredText("purpose", purpose, 500);
        if (question == null || !question.matches("[a-z][a-z0-9-]{1,63}")) {
            throw new InvalidStandardValue("question", "问题名为小写字母、数字和连字符 / a question is named in lower-case letters, digits and hyphens");
        }
        byte[] bytes = json.writeValueAsBytes(body == null ? json.createObjectNode() : body);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", peers.ownCode());
        claims.put("aud", peer.id());
        claims.put("question", question);
        claims.put("bodyHash", DataService.sha256(bytes));
        claims.put("issue", theIssue);
        claims.put("userId", user.username() + " (" + user.unitName() + ")");
        claims.put("purpose", thePurpose);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("iat", Instant.now().getEpochSecond());
        String signed = keys.sign(ExchangeKeys.REQUEST, json.writeValueAsString(claims));
        HttpResponse<byte[]> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(peer.baseUrl() + "/api/exchange/v1/questions/" + question)).timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json").header("Accept", "application/json").header("CityBrain-Request", signed)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new PeerUnavailable(peer.name() + "无法连接 / " + peer.name() + " cannot be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerUnavailable("interrupted");
        }
        if (response.statusCode() == 400 && !new String(response.body(), java.nio.charset.StandardCharsets.UTF_8).contains("\"field\":\"CityBrain-Request\"")) {
            // the question itself was wrong (a field missing): the asker's 400, naming the question's fields, not a peer's failure
            throw questionRefused(response.body());
        }
        if (response.statusCode() != 200) {
            String reason = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
            throw new PeerUnavailable(peer.name() + "拒绝了查询（" + response.statusCode() + "） / " + peer.name() + " refused the question ("
                    + response.statusCode() + "): " + (reason.length() > 300 ? reason.substring(0, 300) : reason));
        }
        String receipt = response.headers().firstValue("CityBrain-Receipt")
                .orElseThrow(() -> new PeerUnavailable(peer.name() + "的答复没有回执 / " + peer.name() + "'s answer has no receipt"));
        ExchangeLog.Receipt kept;
        try {
            kept = tx.execute(s -> log.keepConsumed(receipt, peer.keys(), DataService.sha256(response.body())));
        } catch (IllegalStateException e) {
            throw new PeerUnavailable(peer.name() + "的回执未通过校验，答复不予采信 / " + peer.name() + "'s receipt does not verify, the answer is not used: "
                    + e.getMessage());
        }
        return new Asked(json.readTree(response.body()), receipt, kept.chainSeq());
    }

    /** The peer's ProblemDetails for a wrong question, as this city's own: each field under {@code question.}. */
    private InvalidStandardValue questionRefused(byte[] body) {
        List<InvalidStandardValue> problems = new java.util.ArrayList<>();
        try {
            JsonNode p = json.readTree(body);
            for (JsonNode e : p.path("errors")) {
                problems.add(new InvalidStandardValue("question." + e.path("field").asString("question"), e.path("reason").asString("")));
            }
            if (problems.isEmpty()) {
                problems.add(new InvalidStandardValue("question." + p.path("field").asString("question"), p.path("detail").asString("")));
            }
        } catch (RuntimeException notProblemDetails) {
            problems.add(new InvalidStandardValue("question", "对方城市认为查询内容有误 / the other region found the question wrong"));
        }
        return problems.getFirst().withOthers(problems);
    }

    /** The peer could not be asked or its answer cannot be trusted: 502, with the reason. */
    static final class PeerUnavailable extends RuntimeException {
        PeerUnavailable(String reason) {
            super(reason);
        }
    }

    // ---- answering ----

    Answered answer(String question, String signedRequest, byte[] body) {
        PeerQuestion q = questions.stream().filter(x -> x.name().equals(question)).findFirst()
                .orElseThrow(() -> new NotFound("question", "本市不回答这个问题 / this city does not answer that question"));
        if (signedRequest == null || signedRequest.isBlank()) {
            throw new Refused(401, "CityBrain-Request", "请求须由互信城市签名 / a request must be signed by a trusted region");
        }
        String issuer = unverifiedIssuer(signedRequest);
        Optional<PeerRegions.Peer> peer = issuer == null ? Optional.empty() : peers.find(issuer);
        if (peer.isEmpty()) {
            throw new Refused(403, "CityBrain-Request", "不在本市的互信城市之列 / not a region this city trusts");
        }
        ExchangeKeys.Verified v = ExchangeKeys.verify(signedRequest.strip(), ExchangeKeys.REQUEST, peer.get().keys());
        if (!v.valid()) {
            throw new Refused(403, "CityBrain-Request", v.reason());
        }
        JsonNode claims = json.readTree(v.payload());
        if (!peers.ownCode().equals(text(claims, "aud")) || !question.equals(text(claims, "question"))) {
            throw new Refused(403, "CityBrain-Request", "请求不是发给本市或本问题的 / the request is for another city or question");
        }
        if (!DataService.sha256(body).equals(text(claims, "bodyHash"))) {
            throw new Refused(403, "CityBrain-Request", "请求内容与签名不符 / the body is not the one signed");
        }
        long iat = claims.path("iat").asLong(0);
        if (Math.abs(Instant.now().getEpochSecond() - iat) > SKEW.toSeconds()) {
            throw new Refused(403, "CityBrain-Request", "请求已过时 / the request is too old (or its clock is off)");
        }
        String jti = text(claims, "jti");
        String issue = text(claims, "issue");
        String userId = text(claims, "userId");
        String purpose = text(claims, "purpose");
        if (jti == null || issue == null || userId == null || purpose == null) {
            throw new Refused(400, "CityBrain-Request", "签名请求须含 jti、issue、userId、purpose / the signed request names jti, issue, userId and purpose");
        }
        JsonNode questionBody;
        try {
            questionBody = json.readTree(body);
        } catch (RuntimeException e) {
            throw new InvalidStandardValue("body", "请求内容不是有效的JSON / the body is not valid JSON");
        }
        PeerQuestion.Answer a = q.answer(questionBody, peer.get().id());
        byte[] answer = json.writeValueAsBytes(a.body());
        PeerRegions.Peer asking = peer.get();
        ExchangeLog.Exchange exchange = new ExchangeLog.Exchange(chainOf(peers.ownCode(), asking.id()), null, asking.id(), asking.name() + " (" + asking.id() + ")",
                peers.ownName() + " (" + peers.ownCode() + ")", question, issue, userId, purpose, jti, HubRecords.sha256(signedRequest.strip()),
                DataService.sha256(answer), a.residents().size());
        ExchangeLog.Receipt r = receipts.write(exchange, a.residents().stream().map(id -> new PersonalDataAccess("互信城市:" + asking.name() + " (" + userId + ")",
                PersonalDataAccess.residentSubject(id), "READ", a.what(), purpose + " · " + issue)).toList());
        return new Answered(answer, r.signature());
    }

    /** The chain of one provider's answers to one consumer, named by both: unique in either region's log. */
    static String chainOf(String provider, String consumer) {
        return "peer:" + provider + "-" + consumer;
    }

    /** The region a request says it comes from, read before its signature is checked (to find the key to check it with). */
    private String unverifiedIssuer(String compact) {
        try {
            return text(json.readTree(com.nimbusds.jose.JWSObject.parse(compact.strip()).getPayload().toString()), "iss");
        } catch (java.text.ParseException | RuntimeException e) {
            throw new Refused(400, "CityBrain-Request", "不是有效的签名请求 / not a signed request (JWS)");
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    private static String requiredText(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new InvalidStandardValue(field, "请填写 / this is required");
        }
        if (value.strip().length() > max) {
            throw new InvalidStandardValue(field, "不超过" + max + "个字符 / at most " + max + " characters");
        }
        return value.strip();
    }

}
