package org.citybrain.identity.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * One-time SMS login codes: six digits, valid five minutes, five tries, one new code a minute per ID number.
 * Kept in the database (hashed) so that any node of a cluster can redeem a code another node sent.
 */
@Component
class SmsChallenges {

    static final Duration VALIDITY = Duration.ofMinutes(5);
    static final Duration RESEND_AFTER = Duration.ofMinutes(1);
    static final int MAX_TRIES = 5;

    private final JdbcClient jdbc;
    private final SecureRandom random = new SecureRandom();

    SmsChallenges(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A new code for the ID number, or empty when one was sent less than a minute ago. */
    @Transactional
    Optional<String> issue(String idNumber) {
        Instant now = Instant.now();
        Optional<Timestamp> issued = jdbc.sql("select issued_at from sms_challenge where id_number = ?").param(idNumber).query(Timestamp.class).optional();
        if (issued.isPresent() && issued.get().toInstant().plus(RESEND_AFTER).isAfter(now)) {
            return Optional.empty();
        }
        String code = String.format("%06d", random.nextInt(1_000_000));
        jdbc.sql("delete from sms_challenge where id_number = ?").param(idNumber).update();
        jdbc.sql("insert into sms_challenge(id_number, code_hash, issued_at, expires_at, tries) values (?, ?, ?, ?, 0)")
                .params(idNumber, hash(idNumber, code), Timestamp.from(now), Timestamp.from(now.plus(VALIDITY))).update();
        return Optional.of(code);
    }

    /** True once for the right code within its validity; wrong tries count against the code. */
    @Transactional
    boolean redeem(String idNumber, String code) {
        record Challenge(String hash, Instant expires, int tries) {
        }
        Optional<Challenge> c = jdbc.sql("select code_hash, expires_at, tries from sms_challenge where id_number = ? for update").param(idNumber)
                .query((rs, n) -> new Challenge(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getInt(3))).optional();
        if (c.isEmpty() || c.get().expires().isBefore(Instant.now()) || c.get().tries() >= MAX_TRIES) {
            return false;
        }
        if (MessageDigest.isEqual(c.get().hash().getBytes(StandardCharsets.US_ASCII), hash(idNumber, code).getBytes(StandardCharsets.US_ASCII))) {
            jdbc.sql("delete from sms_challenge where id_number = ?").param(idNumber).update();
            return true;
        }
        jdbc.sql("update sms_challenge set tries = tries + 1 where id_number = ?").param(idNumber).update();
        return false;
    }

    private static String hash(String idNumber, String code) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest((idNumber + ":" + code).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
