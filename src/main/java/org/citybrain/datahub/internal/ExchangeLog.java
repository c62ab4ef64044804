package org.citybrain.datahub.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWKSet;
import org.citybrain.platform.Conflict;
import org.citybrain.platform.FirstSubmissionWins;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The exchange log: every answer of the data service and of a peer question leaves a <em>receipt</em> — both parties,
 * the service, the case and the official it was for (X-Road's {@code issue} and {@code userId}), the hash of the
 * request and of the response, the number of records — in a hash chain per pair of parties (a grant, a peer region),
 * each receipt signed with this city's exchange key. The consumer keeps the signed receipt and can check it against
 * the provider's public key and its own copy of the response; the provider's chain shows a receipt removed or changed.
 * Receipts this city received from other regions are kept beside them (side CONSUMED), as the peer signed them.
 */
@Component
class ExchangeLog {

    static final String GENESIS = "0".repeat(64);

    enum Side { PROVIDED, CONSUMED }

    /** What a receipt attests. */
    record Exchange(String chain, Long grantId, String peerId, String consumer, String provider, String service, String issue, String userId,
                    String purpose, String requestId, String requestHash, String responseHash, int records) {
    }

    record Receipt(long id, Side side, long chainSeq, Instant at, Exchange exchange, String previousHash, String hash, String signature) {
    }

    /** The outcome of checking a chain or a receipt: valid, or the first thing wrong. */
    record Check(boolean valid, long checked, Long brokenAt, String reason) {
    }

    private final JdbcClient jdbc;
    private final org.springframework.jdbc.core.JdbcTemplate batches;
    private final JsonMapper json;
    private final ExchangeKeys keys;
    private final FirstSubmissionWins once;

    ExchangeLog(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate batches, JsonMapper json, ExchangeKeys keys, FirstSubmissionWins once) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.json = json;
        this.keys = keys;
        this.once = once;
    }

    /**
     * Appends this city's receipt for an answer it gives, in the caller's transaction (so the receipt and the audit
     * records of the people concerned commit together, or neither). A request id the chain has answered already is
     * refused: a replayed signed request gets no second answer.
     */
    Receipt append(Exchange e) {
        return appendAll(List.of(e)).getFirst();
    }

    private record Head(long seq, String hash) {
    }

    /**
     * Appends receipts in order, in the caller's transaction: each chain's head is locked once, the receipts inserted
     * in one batch, each head moved once (the receipt writer's group commit hands over everything waiting).
     */
    List<Receipt> appendAll(List<Exchange> exchanges) {
        Map<String, Head> heads = new LinkedHashMap<>();
        Map<String, Integer> inThisMinute = new LinkedHashMap<>();
        List<Object[]> rows = new ArrayList<>();
        List<Receipt> out = new ArrayList<>();
        // Millisecond precision: what every database keeps exactly, so the hash can be recomputed from the stored row.
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (Exchange e : exchanges) {
            Head head = heads.computeIfAbsent(e.chain(), this::lockHead);
            long seq = head.seq() + 1;
            String hash = hash(e, seq, at, head.hash());
            String signature = keys.sign(ExchangeKeys.RECEIPT, payload(e, seq, at, head.hash(), hash));
            rows.add(new Object[] {e.chain(), seq, Side.PROVIDED.name(), Timestamp.from(at), e.grantId(), e.peerId(), e.consumer(), e.provider(), e.service(),
                    e.issue(), e.userId(), e.purpose(), e.requestId(), e.requestHash(), e.responseHash(), e.records(), head.hash(), hash, signature});
            out.add(new Receipt(0, Side.PROVIDED, seq, at, e, head.hash(), hash, signature));
            heads.put(e.chain(), new Head(seq, hash));
            inThisMinute.merge(e.chain(), 1, Integer::sum);
        }
        try {
            batches.batchUpdate(INSERT, rows);
        } catch (DuplicateKeyException twice) {
            throw new Conflict("CityBrain-Request-Id", "该请求编号已应答过（重放的请求不再应答） / this request id was answered already: a replayed request is not answered again");
        }
        Timestamp minute = Timestamp.from(at.truncatedTo(ChronoUnit.MINUTES));
        heads.forEach((chain, head) -> jdbc.sql("""
                update exchange_chain_head set last_seq = ?, last_hash = ?,
                    window_calls = case when window_start = ? then window_calls + ? else ? end, window_start = ?
                where chain = ?""").params(head.seq(), head.hash(), minute, inThisMinute.get(chain), inThisMinute.get(chain), minute, chain).update());
        return out;
    }

    /** Locks a chain's head; a chain's first receipt makes it once (the primary key decides between two nodes). */
    private Head lockHead(String chain) {
        var lock = jdbc.sql("select last_seq, last_hash from exchange_chain_head where chain = ? for update").param(chain);
        return lock.query((rs, n) -> new Head(rs.getLong(1), rs.getString(2))).optional().orElseGet(() -> {
            once.insert(() -> jdbc.sql("insert into exchange_chain_head (chain, last_seq, last_hash) values (?, 0, ?)").params(chain, GENESIS).update());
            return jdbc.sql("select last_seq, last_hash from exchange_chain_head where chain = ? for update").param(chain)
                    .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2))).single();
        });
    }

    /**
     * Keeps a receipt another region signed for an answer it gave us, after checking it: signed by one of the peer's
     * keys, its hash recomputed from what it says, its response hash that of the response we received.
     */
    Receipt keepConsumed(String compact, JWKSet peerKeys, String responseHash) {
        ExchangeKeys.Verified v = ExchangeKeys.verify(compact, ExchangeKeys.RECEIPT, peerKeys);
        if (!v.valid()) {
            throw new IllegalStateException("the peer's receipt does not verify: " + v.reason());
        }
        Receipt r = parse(v.payload(), Side.CONSUMED, compact);
        if (!r.hash().equals(hash(r.exchange(), r.chainSeq(), r.at(), r.previousHash()))) {
            throw new IllegalStateException("the peer's receipt does not hash to what it says");
        }
        if (!r.exchange().responseHash().equals(responseHash)) {
            throw new IllegalStateException("the peer's receipt is for another response than the one received");
        }
        insert(Side.CONSUMED, r.exchange(), r.chainSeq(), r.at(), r.previousHash(), r.hash(), compact);
        return r;
    }

    /**
     * Checks a receipt someone holds: signed by this city's key, its hash what its content gives, and the same receipt
     * in this city's chain (a receipt signed and then cut from the chain, or a chain rewritten under it, is caught).
     */
    Check verifyReceipt(String compact) {
        ExchangeKeys.Verified v = ExchangeKeys.verify(compact == null ? "" : compact.strip(), ExchangeKeys.RECEIPT, keys.publicKeys());
        if (!v.valid()) {
            return new Check(false, 0, null, v.reason());
        }
        Receipt r;
        try {
            r = parse(v.payload(), Side.PROVIDED, compact);
        } catch (RuntimeException e) {
            return new Check(false, 0, null, "回执内容不完整 / the receipt's content is incomplete");
        }
        if (!r.hash().equals(hash(r.exchange(), r.chainSeq(), r.at(), r.previousHash()))) {
            return new Check(false, 0, r.chainSeq(), "回执哈希与内容不符 / the receipt's hash does not match its content");
        }
        List<String> stored = jdbc.sql("select hash from exchange_receipt where side = 'PROVIDED' and chain = ? and chain_seq = ?")
                .params(r.exchange().chain(), r.chainSeq()).query(String.class).list();
        if (stored.isEmpty() || !stored.getFirst().equals(r.hash())) {
            return new Check(false, 0, r.chainSeq(), "交换日志中没有这张回执 / the exchange log does not hold this receipt");
        }
        Check chain = verifyChain(r.exchange().chain());
        if (!chain.valid()) {
            return chain;
        }
        return new Check(true, chain.checked(), null, null);
    }

    /** Walks a chain from its start: each receipt's hash recomputed and linked to the one before, and its signature checked. */
    Check verifyChain(String chain) {
        JWKSet ours = keys.publicKeys();
        String previous = GENESIS;
        long checked = 0;
        long expectedSeq = 1;
        for (Receipt r : jdbc.sql("select * from exchange_receipt where side = 'PROVIDED' and chain = ? order by chain_seq").param(chain)
                .query((rs, n) -> row(rs)).list()) {
            if (r.chainSeq() != expectedSeq) {
                return new Check(false, checked, expectedSeq, "回执缺失 / a receipt is missing");
            }
            if (!r.previousHash().equals(previous) || !r.hash().equals(hash(r.exchange(), r.chainSeq(), r.at(), r.previousHash()))) {
                return new Check(false, checked, r.chainSeq(), "回执被改动 / a receipt was changed");
            }
            ExchangeKeys.Verified v = ExchangeKeys.verify(r.signature(), ExchangeKeys.RECEIPT, ours);
            if (!v.valid() || !parse(v.payload(), Side.PROVIDED, r.signature()).hash().equals(r.hash())) {
                return new Check(false, checked, r.chainSeq(), "回执签名无效 / a receipt's signature does not match");
            }
            previous = r.hash();
            checked++;
            expectedSeq++;
        }
        Long head = jdbc.sql("select last_seq from exchange_chain_head where chain = ?").param(chain).query(Long.class).optional().orElse(0L);
        if (head != checked) {
            return new Check(false, checked, checked + 1, "链尾的回执被删除 / receipts were cut from the end of the chain");
        }
        return new Check(true, checked, null, null);
    }

    List<Receipt> ofChain(String chain, int offset, int limit) {
        return jdbc.sql("select * from exchange_receipt where chain = ? order by chain_seq desc offset ? rows fetch next ? rows only")
                .params(chain, offset, limit).query((rs, n) -> row(rs)).list();
    }

    long countOfChain(String chain) {
        return jdbc.sql("select count(*) from exchange_receipt where chain = ?").param(chain).query(Long.class).single();
    }

    /**
     * How many answers the chain has given in the current minute: what a grant's rate limit counts. Read without the
     * chain's lock (the count grows with each receipt, under it), so calls arriving together may pass the limit by as
     * many as arrive at once; a limit is a bound on load, not an exact quota.
     */
    long answeredThisMinute(String chain, Instant now) {
        record Window(Instant start, long calls) {
        }
        return jdbc.sql("select window_start, window_calls from exchange_chain_head where chain = ?").param(chain)
                .query((rs, n) -> new Window(Sources.instant(rs, "window_start"), rs.getLong("window_calls"))).optional()
                .filter(w -> w.start() != null && w.start().equals(now.truncatedTo(ChronoUnit.MINUTES))).map(Window::calls).orElse(0L);
    }

    /** One chain as the exchange log page lists it. */
    record Chain(String chain, Side side, String consumer, String provider, long receipts, Instant lastAt) {
    }

    /** The chains a party sees, newest activity first: for a unit, those it is a party to; for the bureau (null), all. */
    List<Chain> chains(String unit, int offset, int limit) {
        String sql = "select chain, side, min(consumer) consumer, min(provider) provider, count(*) n, max(at) last_at from exchange_receipt"
                + (unit == null ? "" : " where consumer = ? or provider = ?") + " group by chain, side order by max(at) desc offset ? rows fetch next ? rows only";
        var q = jdbc.sql(sql);
        q = unit == null ? q.params(offset, limit) : q.params(unit, unit, offset, limit);
        return q.query((rs, n) -> new Chain(rs.getString("chain"), Side.valueOf(rs.getString("side")), rs.getString("consumer"), rs.getString("provider"),
                rs.getLong("n"), Sources.instant(rs, "last_at"))).list();
    }

    long countChains(String unit) {
        String sql = "select count(*) from (select chain, side from exchange_receipt" + (unit == null ? "" : " where consumer = ? or provider = ?")
                + " group by chain, side) c";
        var q = jdbc.sql(sql);
        return (unit == null ? q : q.params(unit, unit)).query(Long.class).single();
    }

    /** Whether a unit is a party to a chain (it may see its receipts). */
    boolean isParty(String chain, String unit) {
        return jdbc.sql("select count(*) from exchange_receipt where chain = ? and (consumer = ? or provider = ?)").params(chain, unit, unit)
                .query(Long.class).single() > 0;
    }

    /** A chain this city keeps of another region's receipts (CONSUMED) is checked receipt by receipt against that region's keys. */
    Check verifyConsumed(String chain, JWKSet peerKeys) {
        long checked = 0;
        for (Receipt r : jdbc.sql("select * from exchange_receipt where side = 'CONSUMED' and chain = ? order by chain_seq").param(chain)
                .query((rs, n) -> row(rs)).list()) {
            ExchangeKeys.Verified v = ExchangeKeys.verify(r.signature(), ExchangeKeys.RECEIPT, peerKeys);
            if (!v.valid() || !r.hash().equals(hash(r.exchange(), r.chainSeq(), r.at(), r.previousHash()))) {
                return new Check(false, checked, r.chainSeq(), v.valid() ? "回执被改动 / a receipt was changed" : v.reason());
            }
            checked++;
        }
        return new Check(true, checked, null, null);
    }

    private static final String INSERT = """
            insert into exchange_receipt (chain, chain_seq, side, at, grant_id, peer_id, consumer, provider, service, issue, user_id, purpose,
                request_id, request_hash, response_hash, records, previous_hash, hash, signature)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private void insert(Side side, Exchange e, long seq, Instant at, String previous, String hash, String signature) {
        jdbc.sql(INSERT).params(e.chain(), seq, side.name(), Timestamp.from(at), e.grantId(), e.peerId(), e.consumer(), e.provider(), e.service(), e.issue(),
                e.userId(), e.purpose(), e.requestId(), e.requestHash(), e.responseHash(), e.records(), previous, hash, signature).update();
    }

    /** The hash of a receipt: SHA-256 over a JSON array of its fields in a fixed order (no separator a value could fake). */
    String hash(Exchange e, long seq, Instant at, String previous) {
        List<Object> fields = java.util.Arrays.asList(e.chain(), seq, at.toString(), e.grantId(), e.peerId(), e.consumer(), e.provider(), e.service(),
                e.issue(), e.userId(), e.purpose(), e.requestId(), e.requestHash(), e.responseHash(), e.records(), previous);
        return HubRecords.sha256(json.writeValueAsString(fields));
    }

    private String payload(Exchange e, long seq, Instant at, String previous, String hash) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("chain", e.chain());
        p.put("seq", seq);
        p.put("at", at.toString());
        p.put("grant", e.grantId());
        p.put("peer", e.peerId());
        p.put("consumer", e.consumer());
        p.put("provider", e.provider());
        p.put("service", e.service());
        p.put("issue", e.issue());
        p.put("userId", e.userId());
        p.put("purpose", e.purpose());
        p.put("requestId", e.requestId());
        p.put("requestHash", e.requestHash());
        p.put("responseHash", e.responseHash());
        p.put("records", e.records());
        p.put("previousHash", previous);
        p.put("hash", hash);
        return json.writeValueAsString(p);
    }

    private Receipt parse(String payload, Side side, String signature) {
        JsonNode p = json.readTree(payload);
        Exchange e = new Exchange(p.get("chain").asString(), p.get("grant").isNull() ? null : p.get("grant").asLong(),
                p.get("peer").isNull() ? null : p.get("peer").asString(), p.get("consumer").asString(), p.get("provider").asString(),
                p.get("service").asString(), p.get("issue").asString(), p.get("userId").asString(), p.get("purpose").asString(),
                p.get("requestId").asString(), p.get("requestHash").asString(), p.get("responseHash").asString(), p.get("records").asInt());
        return new Receipt(0, side, p.get("seq").asLong(), Instant.parse(p.get("at").asString()), e, p.get("previousHash").asString(),
                p.get("hash").asString(), signature);
    }

    static Map<String, Object> view(Receipt r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("chain", r.exchange().chain());
        m.put("seq", r.chainSeq());
        m.put("side", r.side().name());
        m.put("at", r.at().toString());
        m.put("consumer", r.exchange().consumer());
        m.put("provider", r.exchange().provider());
        m.put("service", r.exchange().service());
        m.put("issue", r.exchange().issue());
        m.put("userId", r.exchange().userId());
        m.put("purpose", r.exchange().purpose());
        m.put("requestId", r.exchange().requestId());
        m.put("records", r.exchange().records());
        m.put("hash", r.hash());
        m.put("receipt", r.signature());
        return m;
    }

    private static Receipt row(ResultSet rs) throws SQLException {
        Exchange e = new Exchange(rs.getString("chain"), (Long) rs.getObject("grant_id", Long.class), rs.getString("peer_id"), rs.getString("consumer"),
                rs.getString("provider"), rs.getString("service"), rs.getString("issue"), rs.getString("user_id"), rs.getString("purpose"),
                rs.getString("request_id"), rs.getString("request_hash"), rs.getString("response_hash"), rs.getInt("records"));
        return new Receipt(rs.getLong("id"), Side.valueOf(rs.getString("side")), rs.getLong("chain_seq"), Sources.instant(rs, "at"), e,
                rs.getString("previous_hash"), rs.getString("hash"), rs.getString("signature"));
    }

    static List<String> splitList(String csv) {
        List<String> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }
}
