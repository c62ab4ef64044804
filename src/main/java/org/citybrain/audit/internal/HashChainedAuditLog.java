package org.citybrain.audit.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.citybrain.audit.AuditRecord;
import org.citybrain.audit.AuditTrail;
import org.citybrain.audit.ChainVerification;
import org.citybrain.audit.PersonalDataAccess;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The audit log in the database. Appending locks the single chain-head row ({@code SELECT ... FOR UPDATE}),
 * so that appends from any number of threads or nodes form one chain without gaps or forks.
 */
@Service
class HashChainedAuditLog implements AuditTrail {

    static final String GENESIS = "0".repeat(64);
    private static final int VERIFY_PAGE = 5_000;

    private final JdbcClient jdbc;
    private final org.springframework.jdbc.core.JdbcTemplate batches;
    private final AuditAnchors anchors;

    HashChainedAuditLog(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate batches, AuditAnchors anchors) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.anchors = anchors;
    }

    @Override
    @Transactional(propagation = Propagation.REQUIRED)
    public void record(PersonalDataAccess access) {
        recordAll(List.of(access));
    }

    @Override
    @Transactional(propagation = Propagation.REQUIRED)
    public void recordAll(List<PersonalDataAccess> accesses) {
        if (accesses.isEmpty()) {
            return;
        }
        Head head = jdbc.sql("select last_seq, last_hash from audit_chain_head where id = 1 for update")
                .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2))).single();
        long seq = head.seq();
        String previous = head.hash();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // One batch of inserts, not a round trip per record: a shared read of a page of owners writes a record for each.
        List<Object[]> rows = new java.util.ArrayList<>(accesses.size());
        for (PersonalDataAccess a : accesses) {
            seq++;
            String hash = hash(seq, now, a.actor(), a.subject(), a.action(), a.what(), a.purpose(), previous);
            rows.add(new Object[] {seq, Timestamp.from(now), a.actor(), a.subject(), a.action(), a.what(), a.purpose(), previous, hash});
            previous = hash;
        }
        batches.batchUpdate("""
                insert into audit_record(seq, recorded_at, actor, subject, action, what, purpose, prev_hash, hash)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
        jdbc.sql("update audit_chain_head set last_seq = ?, last_hash = ? where id = 1").params(seq, previous).update();
    }

    @Override
    @Transactional(readOnly = true)
    public ChainVerification verify() {
        Head head = jdbc.sql("select last_seq, last_hash from audit_chain_head where id = 1")
                .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2))).single();
        // The anchors first: a signature that does not hold means the anchor file itself was edited.
        java.util.NavigableMap<Long, AuditAnchors.Anchor> anchored = new java.util.TreeMap<>();
        for (AuditAnchors.Anchor a : anchors.anchors()) {
            if (!a.signatureValid()) {
                return ChainVerification.broken(0, a.seq(), "锚点文件中有签名无效的记录 / an anchor's signature does not hold (the anchor file was edited)");
            }
            anchored.put(a.seq(), a);
        }
        long expectedSeq = 1;
        String previous = GENESIS;
        long checked = 0;
        while (true) {
            List<AuditRecord> page = jdbc.sql("select * from audit_record where seq >= ? order by seq fetch first " + VERIFY_PAGE + " rows only")
                    .param(expectedSeq).query(ROW).list();
            for (AuditRecord r : page) {
                checked++;
                if (r.seq() != expectedSeq) {
                    return ChainVerification.broken(checked, expectedSeq, "记录 " + expectedSeq + " 缺失（被删除） / record " + expectedSeq + " is missing (deleted)");
                }
                if (!r.previousHash().equals(previous)) {
                    return ChainVerification.broken(checked, r.seq(), "记录 " + r.seq() + " 与前一条记录的链接断开 / record " + r.seq() + " does not link to the record before it");
                }
                String recomputed = hash(r.seq(), r.recordedAt(), r.actor(), r.subject(), r.action(), r.what(), r.purpose(), r.previousHash());
                if (!recomputed.equals(r.hash())) {
                    return ChainVerification.broken(checked, r.seq(), "记录 " + r.seq() + " 的内容被修改 / record " + r.seq() + " was altered");
                }
                AuditAnchors.Anchor a = anchored.get(r.seq());
                if (a != null && !a.hash().equals(r.hash())) {
                    return ChainVerification.broken(checked, r.seq(), "记录 " + r.seq() + " 与 " + a.at() + " 签名的锚点不符，已被重写 / record " + r.seq()
                            + " differs from its anchor signed at " + a.at() + ": it was rewritten");
                }
                previous = r.hash();
                expectedSeq++;
            }
            if (page.size() < VERIFY_PAGE) {
                break;
            }
        }
        long last = expectedSeq - 1;
        if (!anchored.isEmpty() && anchored.lastKey() > last) {
            AuditAnchors.Anchor a = anchored.lastEntry().getValue();
            return ChainVerification.broken(checked, last + 1, "链在 " + last + " 处结束，但 " + a.at() + " 已签名锚定至 " + a.seq()
                    + " / the chain ends at " + last + " but was anchored up to " + a.seq() + " at " + a.at() + ": records were cut off");
        }
        if (last != head.seq() || !previous.equals(head.hash())) {
            return ChainVerification.broken(checked, last + 1, "链尾记录缺失：应有 " + head.seq() + " 条，实有 " + last + " 条 / records after " + last + " were removed");
        }
        return ChainVerification.ok(checked);
    }

    @Override
    @Transactional(readOnly = true)
    public List<AuditRecord> about(String subject, int limit) {
        return jdbc.sql("select * from audit_record where subject = ? order by seq desc fetch first " + Math.max(1, Math.min(limit, 500)) + " rows only")
                .param(subject).query(ROW).list();
    }

    @Override
    @Transactional(readOnly = true)
    public List<AuditRecord> newest(int limit) {
        return new ArrayList<>(jdbc.sql("select * from audit_record order by seq desc fetch first " + Math.max(1, Math.min(limit, 500)) + " rows only")
                .query(ROW).list());
    }

    @Override
    @Transactional(readOnly = true)
    public Found search(org.citybrain.audit.AuditFilter f, int offset, int limit) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        List<Object> args = new ArrayList<>();
        if (f.subject() != null) {
            where.append(" and subject = ?");
            args.add(f.subject());
        }
        if (f.actor() != null) {
            where.append(" and actor = ?");
            args.add(f.actor());
        }
        if (f.action() != null) {
            where.append(" and action = ?");
            args.add(f.action());
        }
        if (f.purpose() != null) {
            where.append(" and purpose like ? escape '!'");
            args.add("%" + f.purpose().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        }
        if (f.from() != null) {
            where.append(" and recorded_at >= ?");
            args.add(java.sql.Timestamp.from(f.from()));
        }
        if (f.until() != null) {
            where.append(" and recorded_at < ?");
            args.add(java.sql.Timestamp.from(f.until()));
        }
        Long total = jdbc.sql("select count(*) from audit_record" + where).params(args).query(Long.class).single();
        List<AuditRecord> page = jdbc.sql("select * from audit_record" + where + " order by seq desc offset " + Math.max(0, offset)
                + " rows fetch first " + Math.max(1, Math.min(limit, 500)) + " rows only").params(args).query(ROW).list();
        return new Found(page, total == null ? 0 : total);
    }

    static String hash(long seq, Instant at, String actor, String subject, String action, String what, String purpose, String previous) {
        // Fields are length-prefixed so that moving text from one field to the next changes the hash.
        StringBuilder canonical = new StringBuilder();
        for (String part : new String[] {Long.toString(seq), Long.toString(at.toEpochMilli()), actor, subject, action, what, purpose, previous}) {
            canonical.append(part.length()).append(':').append(part).append('|');
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static final RowMapper<AuditRecord> ROW = (rs, n) -> new AuditRecord(
            rs.getLong("seq"), rs.getTimestamp("recorded_at").toInstant(), rs.getString("actor"), rs.getString("subject"),
            rs.getString("action"), rs.getString("what"), rs.getString("purpose"), rs.getString("prev_hash"), rs.getString("hash"));

    private record Head(long seq, String hash) {
    }
}
