package org.citybrain.health.internal;

import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import org.citybrain.standards.DivisionCode;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Mutual recognition: other regions' issuer keys that this city trusts, each bound to the issuer's division code.
 * A revoked key stays listed (so a code signed with it is refused as revoked, not as unknown).
 */
@Repository
class TrustList {

    record Entry(String kid, String issuer, String name, String status, Instant addedAt, Instant revokedAt) {
    }

    private final JdbcClient jdbc;
    /** Known keys only (an unknown kid is not remembered, so random kids cannot fill memory); re-read after a minute so that
     *  a revocation made on another node bites within that time. */
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(CodeVerifier.TrustedKey key, long loadedAt) {
    }

    private final String ownIssuer;
    private final java.util.function.Predicate<String> ownKeyIds;

    TrustList(JdbcClient jdbc, @org.springframework.beans.factory.annotation.Value("${citybrain.health.issuer:410100}") String ownIssuer) {
        this.jdbc = jdbc;
        this.ownIssuer = ownIssuer;
        this.ownKeyIds = kid -> jdbc.sql("select count(*) from health_code_key where kid = ?").param(kid).query(Long.class).single() > 0;
    }

    Entry add(DivisionCode issuer, String name, String jwkJson) {
        ECKey key;
        try {
            JWK jwk = JWK.parse(jwkJson);
            if (!(jwk instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve()) || ec.isPrivate() || ec.getKeyID() == null) {
                throw new InvalidStandardValue("jwk", "须为带kid的P-256公钥JWK / must be a P-256 public JWK with a kid");
            }
            key = ec;
        } catch (ParseException e) {
            throw new InvalidStandardValue("jwk", "不是有效的JWK / not a valid JWK: " + e.getMessage());
        }
        name = org.citybrain.platform.Limits.text("name", name, org.citybrain.platform.Limits.PLACE_NAME, false);
        if (key.getKeyID().length() > org.citybrain.platform.Limits.KEY_ID) {
            throw new InvalidStandardValue("jwk.kid", "kid不超过" + org.citybrain.platform.Limits.KEY_ID + "个字符 / a kid of at most "
                    + org.citybrain.platform.Limits.KEY_ID + " characters");
        }
        if (issuer.value().equals(ownIssuer) || ownKeyIds.test(key.getKeyID())) {
            // Our own codes are verified with our own keys only: a key on the trust list for our issuer code would let
            // whoever holds its private half sign codes for our residents.
            throw new InvalidStandardValue("issuer", "不能将本市签发机构加入信任列表 / our own issuer cannot be put on the trust list");
        }
        Instant now = Instant.now();
        jdbc.sql("delete from trusted_issuer where kid = ?").param(key.getKeyID()).update();
        jdbc.sql("insert into trusted_issuer(kid, issuer, name, public_key, status, added_at) values (?, ?, ?, ?, 'TRUSTED', ?)")
                .params(key.getKeyID(), issuer.value(), name, key.toJSONString(), Timestamp.from(now)).update();
        cache.remove(key.getKeyID());
        return new Entry(key.getKeyID(), issuer.value(), name, "TRUSTED", now, null);
    }

    boolean revoke(String kid) {
        int n = jdbc.sql("update trusted_issuer set status = 'REVOKED', revoked_at = ? where kid = ? and status = 'TRUSTED'")
                .params(Timestamp.from(Instant.now()), kid).update();
        cache.remove(kid);
        return n > 0;
    }

    List<Entry> entries() {
        return jdbc.sql("select * from trusted_issuer order by issuer, added_at").query((rs, n) -> new Entry(rs.getString("kid"), rs.getString("issuer"),
                rs.getString("name"), rs.getString("status"), rs.getTimestamp("added_at").toInstant(),
                rs.getTimestamp("revoked_at") == null ? null : rs.getTimestamp("revoked_at").toInstant())).list();
    }

    Optional<CodeVerifier.TrustedKey> verifier(String kid) {
        Cached c = cache.get(kid);
        if (c != null && System.currentTimeMillis() - c.loadedAt() < 60_000) {
            return Optional.of(c.key());
        }
        String k = kid;
        // Never a trusted key for our own issuer, even one written to the table by other means: our codes verify with our keys.
        Optional<CodeVerifier.TrustedKey> found = jdbc.sql("select issuer, public_key, status from trusted_issuer where kid = ? and issuer <> ?").params(k, ownIssuer)
                .query((rs, n) -> {
                    try {
                        ECKey key = ECKey.parse(rs.getString("public_key"));
                        return new CodeVerifier.TrustedKey(k, rs.getString("issuer"), new ECDSAVerifier(key.toECPublicKey()), "REVOKED".equals(rs.getString("status")));
                    } catch (ParseException | JOSEException e) {
                        throw new IllegalStateException("trusted key " + k + " is not a P-256 JWK", e);
                    }
                }).optional();
        found.ifPresent(key -> cache.put(kid, new Cached(key, System.currentTimeMillis())));
        return found;
    }
}
