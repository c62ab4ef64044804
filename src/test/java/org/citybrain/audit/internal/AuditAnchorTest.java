package org.citybrain.audit.internal;

import java.util.List;
import java.util.Map;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainTest;
import org.citybrain.audit.AuditTrail;
import org.citybrain.audit.ChainVerification;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Someone with full access to the database cuts the newest records off the trail and moves the head back, or
 * rewrites the newest record and recomputes its hash and the head: the chain alone would look intact, the signed
 * anchors outside the database show both. The auditor's own reads are in the trail too.
 */
@CityBrainTest
class AuditAnchorTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AuditTrail trail;
    @Autowired
    AuditAnchors anchors;

    void asSuperuser(Runnable tampering) {
        new org.citybrain.audit.Superuser(jdbc).tamper(tampering);
    }

    long readTwentyFiveResidents() {
        CityBrainClient district = CityBrainClient.basic(port, "jinshui", "citybrain");
        for (int i = 0; i < 5; i++) {
            district.get("/api/residents?purpose=EPIDEMIC_PREVENTION&limit=5&offset=" + (5 * i));
        }
        return anchors.anchor();
    }

    @Test
    void cuttingOffTheNewestRecordsAndMovingTheHeadBackIsDetected() throws Exception {
        long head = readTwentyFiveResidents();
        long keep = head - 20;
        List<Map<String, Object>> cut = jdbc.queryForList("select * from audit_record where seq > ? order by seq", keep);
        Map<String, Object> oldHead = jdbc.queryForMap("select last_seq, last_hash from audit_chain_head where id = 1");
        String keptHash = jdbc.queryForObject("select hash from audit_record where seq = ?", String.class, keep);
        try {
            asSuperuser(() -> {
                jdbc.update("delete from audit_record where seq > ?", keep);
                jdbc.update("update audit_chain_head set last_seq = ?, last_hash = ? where id = 1", keep, keptHash);
            });
            ChainVerification v = trail.verify();
            assertThat(v.intact()).isFalse();
            assertThat(v.problem()).contains("cut off").contains("anchored up to " + head);
        } finally {
            asSuperuser(() -> {
                for (Map<String, Object> r : cut) {
                    jdbc.update("insert into audit_record(seq, recorded_at, actor, subject, action, what, purpose, prev_hash, hash) values (?,?,?,?,?,?,?,?,?)",
                            r.get("seq"), r.get("recorded_at"), r.get("actor"), r.get("subject"), r.get("action"), r.get("what"), r.get("purpose"),
                            r.get("prev_hash"), r.get("hash"));
                }
                jdbc.update("update audit_chain_head set last_seq = ?, last_hash = ? where id = 1 and last_seq = ?", oldHead.get("last_seq"),
                        oldHead.get("last_hash"), keep);
            });
        }
        assertThat(trail.verify().intact()).isTrue();
    }

    @Test
    void rewritingTheNewestRecordWithARecomputedHashIsDetected() throws Exception {
        long head = readTwentyFiveResidents();
        Map<String, Object> r = jdbc.queryForMap("select * from audit_record where seq = ?", head);
        java.time.Instant at = jdbc.queryForObject("select recorded_at from audit_record where seq = ?", java.sql.Timestamp.class, head).toInstant();
        String forged = HashChainedAuditLog.hash(head, at, "nobody", (String) r.get("subject"), (String) r.get("action"), (String) r.get("what"),
                (String) r.get("purpose"), ((String) r.get("prev_hash")).trim());
        try {
            asSuperuser(() -> {
                jdbc.update("update audit_record set actor = 'nobody', hash = ? where seq = ?", forged, head);
                jdbc.update("update audit_chain_head set last_hash = ? where id = 1 and last_seq = ?", forged, head);
            });
            ChainVerification v = trail.verify();
            assertThat(v.intact()).isFalse();
            assertThat(v.firstBrokenSeq()).isEqualTo(head);
            assertThat(v.problem()).contains("rewritten");
        } finally {
            asSuperuser(() -> {
                jdbc.update("update audit_record set actor = ?, hash = ? where seq = ?", r.get("actor"), r.get("hash"), head);
                jdbc.update("update audit_chain_head set last_hash = ? where id = 1 and last_seq = ?", r.get("hash"), head);
            });
        }
        assertThat(trail.verify().intact()).isTrue();
    }

    @Test
    void theAuditorsOwnReadsAreInTheTrailAndTheCitizenSeesThemInHerLog() {
        long zhang = jdbc.queryForObject("select id from resident where id_number = '410105198805120019'", Long.class);
        CityBrainClient.basic(port, "auditor", "citybrain").get("/api/audit/records?subject=resident:" + zhang);
        CityBrainClient.basic(port, "auditor", "citybrain").get("/api/audit/verify");
        assertThat(jdbc.queryForObject("select count(*) from audit_record where actor = 'auditor' and subject = ?", Long.class, "resident:" + zhang))
                .isPositive();
        assertThat(jdbc.queryForObject("select count(*) from audit_record where actor = 'auditor' and subject = 'audit-trail'", Long.class)).isPositive();
        assertThat(CityBrainClient.basic(port, "410105198805120019", "citybrain").get("/api/me/access-log").body()).contains("\"actor\":\"auditor\"");
    }
}
