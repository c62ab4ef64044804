package org.citybrain.health.internal;

import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;

/**
 * This city's signing keys (ECDSA P-256). One key signs; after {@code citybrain.health.key-rotation} a new key takes
 * over and the old one is retired, but stays published and verifiable for as long as a token it signed can live.
 * The private keys sit in the database here; a deployment that has an HSM or a KMS keeps them there instead
 * (docs/operations.md).
 */
@Repository
class IssuerKeys {

    record IssuerKey(String kid, ECKey key, Instant createdAt, Instant retiredAt) {
    }

    private final JdbcClient jdbc;
    private final String issuer;
    private final Duration rotation;
    private final Duration validity;
    private final Map<String, Cached> verifiers = new ConcurrentHashMap<>();

    private record Cached(CodeVerifier.TrustedKey key, long loadedAt) {
    }
    private volatile IssuerKey active;
    private volatile ECDSASigner signer;

    IssuerKeys(JdbcClient jdbc, @Value("${citybrain.health.issuer}") String issuer, @Value("${citybrain.health.key-rotation}") Duration rotation,
               @Value("${citybrain.health.code-validity}") Duration validity) {
        this.jdbc = jdbc;
        this.issuer = new org.citybrain.standards.DivisionCode(issuer).value();
        this.rotation = rotation;
        this.validity = validity;
    }

    String issuer() {
        return issuer;
    }

    Duration validity() {
        return validity;
    }

    synchronized IssuerKey active() {
        if (active == null || active.createdAt().plus(rotation).isBefore(Instant.now())) {
            Optional<IssuerKey> stored = jdbc.sql("select * from health_code_key where retired_at is null order by created_at desc fetch first 1 rows only")
                    .query((rs, n) -> key(rs)).optional();
            active = stored.filter(k -> k.createdAt().plus(rotation).isAfter(Instant.now())).orElseGet(this::rotate);
            signer = null;
        }
        return active;
    }

    synchronized ECDSASigner signer() {
        IssuerKey k = active();
        if (signer == null) {
            try {
                signer = new ECDSASigner(k.key());
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
        return signer;
    }

    /** Retires the signing key and creates the next; tokens signed with the old one verify until they expire. */
    synchronized IssuerKey rotate() {
        Instant now = Instant.now();
        try {
            String kid = issuer + "-" + DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC).format(now) + "-"
                    + Integer.toHexString(new java.security.SecureRandom().nextInt(0x10000));
            ECKey key = new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
            jdbc.sql("update health_code_key set retired_at = ? where retired_at is null").param(Timestamp.from(now)).update();
            jdbc.sql("insert into health_code_key(kid, issuer, private_key, public_key, created_at) values (?, ?, ?, ?, ?)")
                    .params(kid, issuer, key.toJSONString(), key.toPublicJWK().toJSONString(), Timestamp.from(now)).update();
            active = new IssuerKey(kid, key, now, null);
            signer = null;
            return active;
        } catch (JOSEException e) {
            throw new IllegalStateException("could not create a signing key", e);
        }
    }

    /** Rotation is checked hourly, so that a key is replaced on time even on a quiet night. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    void rotateWhenDue() {
        active();
    }

    /** The keys a verifier needs now: the active one and the retired ones whose tokens may still be alive. */
    List<IssuerKey> verificationKeys() {
        Instant oldest = Instant.now().minus(validity).minus(CodeVerifier.CLOCK_SKEW);
        return jdbc.sql("select * from health_code_key where retired_at is null or retired_at > ? order by created_at desc")
                .param(Timestamp.from(oldest)).query((rs, n) -> key(rs)).list();
    }

    JWKSet publicKeys() {
        return new JWKSet(verificationKeys().stream().map(k -> (com.nimbusds.jose.jwk.JWK) k.key().toPublicJWK()).toList());
    }

    /**
     * The verifier of one of this city's keys. Only ids of our own form are looked up (another region's code does not
     * cost a query here), one key by its id, and remembered for a minute: a key retired on another node stops
     * verifying here within a minute of its last token's expiry.
     */
    Optional<CodeVerifier.TrustedKey> verifier(String kid) {
        if (!kid.startsWith(issuer + "-")) {
            return Optional.empty();
        }
        Cached cached = verifiers.get(kid);
        if (cached != null && System.currentTimeMillis() - cached.loadedAt() < 60_000) {
            return Optional.of(cached.key());
        }
        Instant oldest = Instant.now().minus(validity).minus(CodeVerifier.CLOCK_SKEW);
        Optional<CodeVerifier.TrustedKey> found = jdbc.sql("select public_key from health_code_key where kid = ? and (retired_at is null or retired_at > ?)")
                .params(kid, Timestamp.from(oldest)).query(String.class).optional().map(publicJwk -> {
                    try {
                        return new CodeVerifier.TrustedKey(kid, issuer, new ECDSAVerifier(ECKey.parse(publicJwk).toECPublicKey()), false);
                    } catch (ParseException | JOSEException e) {
                        throw new IllegalStateException("stored key " + kid + " is not a P-256 JWK", e);
                    }
                });
        found.ifPresentOrElse(k -> verifiers.put(kid, new Cached(k, System.currentTimeMillis())), () -> verifiers.remove(kid));
        return found;
    }

    private static IssuerKey key(java.sql.ResultSet rs) throws java.sql.SQLException {
        try {
            Timestamp retired = rs.getTimestamp("retired_at");
            return new IssuerKey(rs.getString("kid"), ECKey.parse(rs.getString("private_key")), rs.getTimestamp("created_at").toInstant(),
                    retired == null ? null : retired.toInstant());
        } catch (ParseException e) {
            throw new IllegalStateException("stored key " + rs.getString("kid") + " is not a JWK", e);
        }
    }
}
