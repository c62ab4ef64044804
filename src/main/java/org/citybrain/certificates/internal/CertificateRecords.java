package org.citybrain.certificates.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.citybrain.certificates.CertificateIssuer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The certificates as stored: the one place their SQL lives. */
@Repository
class CertificateRecords {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    CertificateRecords(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(Certificate c) {
        jdbc.sql("""
                insert into cert_certificate (number, kind, title_zh, title_en, issuer, holder_name, holder_id_number, entries, valid_from, valid_until,
                    issued_at, source, code)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""").params(c.number(), c.kind(), c.titleZh(), c.titleEn(), c.issuer(), c.holderName(),
                c.holderIdNumber(), json.writeValueAsString(c.entries()), c.validFrom(), c.validUntil(), Timestamp.from(c.issuedAt()), c.source(), c.code())
                .update();
    }

    Optional<Certificate> byNumber(String number) {
        return jdbc.sql("select * from cert_certificate where number = ?").param(number).query((rs, n) -> row(rs)).optional();
    }

    Optional<Certificate> bySource(String source, String kind) {
        return jdbc.sql("select * from cert_certificate where source = ? and kind = ?").params(source, kind).query((rs, n) -> row(rs)).optional();
    }

    List<Certificate> ofSource(String source) {
        return jdbc.sql("select * from cert_certificate where source = ? order by id").param(source).query((rs, n) -> row(rs)).list();
    }

    List<Certificate> ofHolder(String idNumber) {
        return jdbc.sql("select * from cert_certificate where holder_id_number = ? order by issued_at desc, id desc").param(idNumber)
                .query((rs, n) -> row(rs)).list();
    }

    /** Revokes a standing certificate; false when it was revoked already (the first revocation's reason stands). */
    boolean revoke(String number, String by, String reason, Instant at) {
        return jdbc.sql("update cert_certificate set revoked_at = ?, revoked_by = ?, revoked_reason = ? where number = ? and revoked_at is null")
                .params(Timestamp.from(at), by, reason, number).update() == 1;
    }

    private Certificate row(ResultSet rs) throws SQLException {
        Timestamp revoked = rs.getTimestamp("revoked_at");
        java.sql.Date until = rs.getDate("valid_until");
        return new Certificate(rs.getLong("id"), rs.getString("number"), rs.getString("kind"), rs.getString("title_zh"), rs.getString("title_en"),
                rs.getString("issuer"), rs.getString("holder_name"), rs.getString("holder_id_number"),
                json.readValue(rs.getString("entries"), new TypeReference<List<CertificateIssuer.Entry>>() { }), rs.getDate("valid_from").toLocalDate(),
                until == null ? null : until.toLocalDate(), rs.getTimestamp("issued_at").toInstant(), rs.getString("source"), rs.getString("code"),
                revoked == null ? null : revoked.toInstant(), rs.getString("revoked_by"), rs.getString("revoked_reason"));
    }
}
