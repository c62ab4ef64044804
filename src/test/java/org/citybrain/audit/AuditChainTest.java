package org.citybrain.audit;

import java.sql.Connection;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit trail records every personal-data read, and tampering with it (a changed, deleted or truncated
 * record, as a database administrator could do) is detected by the verification API.
 */
@CityBrainTest
class AuditChainTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AuditTrail trail;

    private boolean postgres() {
        return new Superuser(jdbc).postgres();
    }

    private void tamper(String sql, Object... args) {
        new Superuser(jdbc).tamper(() -> jdbc.update(sql, args));
    }

    @AfterEach
    void chainIsIntactAgain() {
        assertThat(trail.verify().intact()).isTrue();
    }

    /** Reads five residents as a community worker; returns the sequence number of the last record that wrote. */
    long readSomeResidents() {
        long before = jdbc.queryForObject("select coalesce(max(seq), 0) from audit_record", Long.class);
        CityBrainClient.basic(port, "jinshui.worker", "citybrain").get("/api/residents?purpose=EPIDEMIC_PREVENTION&limit=5");
        return jdbc.queryForObject("select max(seq) from audit_record where seq > ? and actor = 'jinshui.worker'", Long.class, before);
    }

    @Test
    void everyReadIsRecordedWithWhoWhoseWhatWhyAndWhen() {
        long before = jdbc.queryForObject("select coalesce(max(seq), 0) from audit_record", Long.class);
        CityBrainClient.basic(port, "jinshui.worker", "citybrain").get("/api/residents?purpose=EPIDEMIC_PREVENTION&limit=5");
        var records = jdbc.queryForList("select * from audit_record where seq > ? and actor = 'jinshui.worker' order by seq", before);
        long inCommunity = jdbc.queryForObject("select count(*) from resident where community_code = '410105001001'", Long.class);
        assertThat(records).hasSize((int) Math.min(5, inCommunity));
        for (var record : records) {
            assertThat((String) record.get("subject")).startsWith("resident:");
            assertThat(record.get("action")).isEqualTo("READ");
            assertThat(record.get("purpose")).isEqualTo("EPIDEMIC_PREVENTION");
            assertThat(record.get("recorded_at")).isNotNull();
        }
        assertThat(records.stream().map(r -> r.get("subject")).distinct()).hasSize(records.size());
    }

    @Test
    void theAuditorVerifiesAnIntactChain() {
        readSomeResidents();
        JsonNode v = CityBrainClient.basic(port, "auditor", "citybrain").get("/api/audit/verify").json();
        assertThat(v.get("intact").asBoolean()).isTrue();
        assertThat(v.get("recordsChecked").asLong()).isPositive();
        assertThat(CityBrainClient.basic(port, "jinshui.worker", "citybrain").get("/api/audit/verify").status()).isEqualTo(403);
    }

    @Test
    void theAuditPageShowsTheRecordsAndTheVerdict() {
        readSomeResidents();
        CityBrainClient auditor = CityBrainClient.anonymous(port);
        auditor.login("auditor", "citybrain");
        String page = auditor.get("/audit?verify=true").body();
        assertThat(page).contains("审计链完整").contains("jinshui.worker").contains("疫情防控").doesNotContain("EPIDEMIC_PREVENTION");
        CityBrainClient worker = CityBrainClient.anonymous(port);
        worker.login("jinshui.worker", "citybrain");
        assertThat(worker.get("/audit").status()).isEqualTo(403);
    }

    @Test
    void aChangedRecordIsDetected() throws Exception {
        long seq = readSomeResidents() - 2;
        String original = jdbc.queryForObject("select actor from audit_record where seq = ?", String.class, seq);
        tamper("update audit_record set actor = 'someone-else' where seq = ?", seq);
        JsonNode v = CityBrainClient.basic(port, "auditor", "citybrain").get("/api/audit/verify").json();
        assertThat(v.get("intact").asBoolean()).isFalse();
        assertThat(v.get("firstBrokenSeq").asLong()).isEqualTo(seq);
        assertThat(v.get("problem").asString()).contains("altered");
        tamper("update audit_record set actor = ? where seq = ?", original, seq);
    }

    @Test
    void aDeletedRecordIsDetected() throws Exception {
        long seq = readSomeResidents() - 1;
        var row = jdbc.queryForMap("select * from audit_record where seq = ?", seq);
        tamper("delete from audit_record where seq = ?", seq);
        ChainVerification v = trail.verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.firstBrokenSeq()).isEqualTo(seq);
        assertThat(v.problem()).contains("missing");
        jdbc.update("insert into audit_record(seq, recorded_at, actor, subject, action, what, purpose, prev_hash, hash) values (?,?,?,?,?,?,?,?,?)",
                row.get("seq"), row.get("recorded_at"), row.get("actor"), row.get("subject"), row.get("action"), row.get("what"),
                row.get("purpose"), row.get("prev_hash"), row.get("hash"));
    }

    @Test
    void removedRecordsAtTheEndAreDetected() throws Exception {
        readSomeResidents();
        long last = jdbc.queryForObject("select max(seq) from audit_record", Long.class);
        var row = jdbc.queryForMap("select * from audit_record where seq = ?", last);
        tamper("delete from audit_record where seq = ?", last);
        ChainVerification v = trail.verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.problem()).contains("removed");
        jdbc.update("insert into audit_record(seq, recorded_at, actor, subject, action, what, purpose, prev_hash, hash) values (?,?,?,?,?,?,?,?,?)",
                row.get("seq"), row.get("recorded_at"), row.get("actor"), row.get("subject"), row.get("action"), row.get("what"),
                row.get("purpose"), row.get("prev_hash"), row.get("hash"));
    }

    @Test
    void aCitizenSeesWhoReadHerDataAndWhy() {
        long zhang = jdbc.queryForObject("select id from resident where id_number = '410105198805120019'", Long.class);
        CityBrainClient.basic(port, "jinshui.worker", "citybrain").get("/api/residents/" + zhang + "?purpose=EMERGENCY");
        JsonNode log = CityBrainClient.basic(port, "410105198805120019", "citybrain").get("/api/me/access-log").json();
        assertThat(log.size()).isPositive();
        boolean found = false;
        for (JsonNode r : log) {
            found |= r.get("actor").asString().equals("jinshui.worker") && r.get("purpose").asString().equals("EMERGENCY");
        }
        assertThat(found).isTrue();
    }

    @Test
    void onPostgresTheDatabaseItselfRefusesToChangeAuditRecords() throws Exception {
        if (!postgres()) {
            return; // H2 has no triggers in plain SQL; the hash chain is the defence there
        }
        readSomeResidents();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.update("update audit_record set actor = 'x' where seq = 1"))
                .hasMessageContaining("append-only");
    }
}
