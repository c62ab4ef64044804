package org.citybrain.identity.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * How many SMS codes may be asked for: per ID number (whether or not it is a resident's, so that the limit tells
 * nothing), per client address, and for the whole city, within a sliding hour or minute. Counted in the database so
 * that all nodes share the counts; each request is recorded before it is answered.
 */
@Component
class SmsRequestLimits {

    /** A limit that refused a request: what the page may say (it never depends on who is a resident). */
    record Refusal(String message) {
    }

    private final JdbcClient jdbc;
    private final int perIdNumberPerHour;
    private final int perClientPerHour;
    private final int overallPerMinute;

    SmsRequestLimits(JdbcClient jdbc, @Value("${citybrain.login.sms.per-id-number-per-hour:5}") int perIdNumberPerHour,
                     @Value("${citybrain.login.sms.per-client-per-hour:20}") int perClientPerHour,
                     @Value("${citybrain.login.sms.overall-per-minute:600}") int overallPerMinute) {
        this.jdbc = jdbc;
        this.perIdNumberPerHour = perIdNumberPerHour;
        this.perClientPerHour = perClientPerHour;
        this.overallPerMinute = overallPerMinute;
    }

    /** Records the request; empty when it is within every limit. */
    @Transactional
    Optional<Refusal> admit(String idNumber, String client) {
        Instant now = Instant.now();
        Timestamp hourAgo = Timestamp.from(now.minus(Duration.ofHours(1)));
        jdbc.sql("delete from sms_request where requested_at < ?").param(hourAgo).update();
        String who = hash(idNumber);
        String from = client == null ? "unknown" : client.length() > 64 ? client.substring(0, 64) : client;
        long overall = count("select count(*) from sms_request where requested_at >= ?", Timestamp.from(now.minus(Duration.ofMinutes(1))));
        long byClient = count("select count(*) from sms_request where client = ? and requested_at >= ?", from, hourAgo);
        long byIdNumber = count("select count(*) from sms_request where id_number_hash = ? and requested_at >= ?", who, hourAgo);
        jdbc.sql("insert into sms_request(requested_at, id_number_hash, client) values (?, ?, ?)").params(Timestamp.from(now), who, from).update();
        if (overall >= overallPerMinute) {
            return Optional.of(new Refusal("短信服务繁忙，请稍后再试 / the SMS service is busy, try again in a minute"));
        }
        if (byClient >= perClientPerHour || byIdNumber >= perIdNumberPerHour) {
            return Optional.of(new Refusal("请求验证码过于频繁，请一小时后再试 / too many codes asked for, try again in an hour"));
        }
        return Optional.empty();
    }

    private long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    private static String hash(String idNumber) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(("sms-limit:" + idNumber).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
