package org.citybrain.certificates.internal;

import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.platform.Conflict;
import org.citybrain.platform.FirstSubmissionWins;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The issuers the city trusts besides its own departments — another city's certificate library — each by its public
 * key (a JWK, EC P-256, as its JWKS publishes it), added by the big-data bureau. A certificate one of them signed
 * verifies here, and a citizen may keep it in her wallet; a key nobody added is not trusted, whatever the code claims.
 */
@Service
class TrustedIssuers {

    /** A trusted key: whose it is and the key. */
    record Trusted(String kid, String issuer, ECKey key, String addedBy, Instant addedAt) {
    }

    private final JdbcClient jdbc;
    private final FirstSubmissionWins once;

    TrustedIssuers(JdbcClient jdbc, FirstSubmissionWins once) {
        this.jdbc = jdbc;
        this.once = once;
    }

    Trusted add(CurrentUser admin, String issuer, String jwk) {
        Action.MANAGE_TRUSTED_ISSUERS.demand(admin);
        if (issuer == null || issuer.isBlank() || issuer.length() > 200) {
            throw new InvalidStandardValue("issuer", "请填写签发机构名称（200字以内） / name the issuer (up to 200 characters)");
        }
        ECKey key;
        try {
            JWK parsed = JWK.parse(jwk == null ? "" : jwk);
            if (!(parsed instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve()) || ec.getKeyID() == null || ec.isPrivate()) {
                throw new InvalidStandardValue("publicKey", "应为带 kid 的 EC P-256 公钥（JWK） / an EC P-256 public key as a JWK with its kid");
            }
            key = ec;
        } catch (ParseException e) {
            throw new InvalidStandardValue("publicKey", "不是 JWK 格式的公钥 / not a public key in JWK form");
        }
        if (key.getKeyID().length() > 64) {
            throw new InvalidStandardValue("publicKey", "kid 过长（64字符以内） / the kid is longer than 64 characters");
        }
        Instant now = Instant.now();
        ECKey stored = key;
        if (!once.insert(() -> jdbc.sql("insert into cert_trusted_issuer (kid, issuer, public_jwk, added_by, added_at) values (?, ?, ?, ?, ?)")
                .params(stored.getKeyID(), issuer.strip(), stored.toPublicJWK().toJSONString(), admin.username(), Timestamp.from(now)).update())) {
            throw new Conflict("publicKey", "该密钥已受信任 / this key is trusted already");
        }
        return new Trusted(key.getKeyID(), issuer.strip(), key, admin.username(), now);
    }

    List<Trusted> all() {
        return jdbc.sql("select * from cert_trusted_issuer order by added_at").query((rs, n) -> new Trusted(rs.getString("kid"), rs.getString("issuer"),
                parse(rs.getString("public_jwk")), rs.getString("added_by"), rs.getTimestamp("added_at").toInstant())).list();
    }

    Optional<Trusted> byKid(String kid) {
        return jdbc.sql("select * from cert_trusted_issuer where kid = ?").param(kid).query((rs, n) -> new Trusted(rs.getString("kid"),
                rs.getString("issuer"), parse(rs.getString("public_jwk")), rs.getString("added_by"), rs.getTimestamp("added_at").toInstant())).optional();
    }

    private static ECKey parse(String jwk) {
        try {
            return ECKey.parse(jwk);
        } catch (ParseException e) {
            throw new IllegalStateException("a stored trusted key cannot be read", e);
        }
    }
}
