package org.citybrain.identity.internal;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import org.citybrain.identity.FaceVerifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Fallback;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The demo's face verification provider: it has no camera and no photo register, so its "check" passes whoever asks
 * for an ID number (its page says so). What it does keep true is what CityBrain relies on: a single-use token, valid
 * five minutes, bound to the ID number it was issued for, and known to every node (the database holds it). Never
 * outside the demo; a city's own provider bean wins.
 */
@Component
@Fallback
@ConditionalOnBooleanProperty("citybrain.demo.enabled")
class SimulatedFaceVerifier implements FaceVerifier {

    private static final Duration VALID = Duration.ofMinutes(5);

    private final JdbcClient jdbc;
    private final SecureRandom random = new SecureRandom();

    SimulatedFaceVerifier(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The simulated capture on the citizen's device: a passed check for the ID number, as the provider's SDK returns it. */
    String check(String idNumber) {
        byte[] b = new byte[24];
        random.nextBytes(b);
        String token = TOKEN_PREFIX + HexFormat.of().formatHex(b);
        jdbc.sql("insert into identity_face_check (token, id_number, issued_at) values (?, ?, ?)").params(token, idNumber, Timestamp.from(Instant.now())).update();
        return token;
    }

    @Override
    public Optional<Outcome> redeem(String token) {
        Instant now = Instant.now();
        // redeemed by a compare-and-set: two sign-ins with one token, on two nodes, let one in
        int redeemed = jdbc.sql("update identity_face_check set redeemed_at = ? where token = ? and redeemed_at is null and issued_at > ?")
                .params(Timestamp.from(now), token, Timestamp.from(now.minus(VALID))).update();
        if (redeemed != 1) {
            return Optional.empty();
        }
        return jdbc.sql("select id_number from identity_face_check where token = ?").param(token).query(String.class).optional()
                .map(id -> new Outcome(true, id, "demo:" + token.substring(TOKEN_PREFIX.length(), TOKEN_PREFIX.length() + 8)));
    }
}
