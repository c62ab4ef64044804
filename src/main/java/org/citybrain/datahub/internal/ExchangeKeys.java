package org.citybrain.datahub.internal;

import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * This city's exchange key (ECDSA P-256, JWS ES256 as RFC 7515/7518 define them): it signs the receipts of the data
 * service and the requests this city sends to other regions. The public half is published as a JWK Set, which another
 * region puts on its list of peers (and a department verifies receipts with). One key for all nodes: the first node
 * to start creates it, the others read it (the primary key decides, not a check). Like the health-code issuer's
 * keys, the private key sits in the database; a deployment with an HSM keeps it there (docs/operations.md).
 */
@Component
class ExchangeKeys {

    static final JOSEObjectType RECEIPT = new JOSEObjectType("citybrain-receipt+jwt");
    static final JOSEObjectType REQUEST = new JOSEObjectType("citybrain-request+jwt");

    private final JdbcClient jdbc;
    private volatile ECKey key;
    private volatile ECDSASigner signer;

    ExchangeKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    synchronized ECKey key() {
        if (key == null) {
            List<String> stored = jdbc.sql("select jwk from exchange_key order by created_at, kid fetch first 1 rows only").query(String.class).list();
            if (stored.isEmpty()) {
                try {
                    ECKey fresh = new ECKeyGenerator(Curve.P_256).keyID("exchange-" + UUID.randomUUID()).generate();
                    jdbc.sql("insert into exchange_key (kid, jwk, created_at) values (?, ?, ?)").params(fresh.getKeyID(), fresh.toJSONString(),
                            Timestamp.from(Instant.now())).update();
                } catch (DuplicateKeyException | JOSEException e) {
                    // another node made one at the same moment: read below
                }
                stored = jdbc.sql("select jwk from exchange_key order by created_at, kid fetch first 1 rows only").query(String.class).list();
            }
            try {
                key = ECKey.parse(stored.getFirst());
                signer = new ECDSASigner(key);
            } catch (ParseException | JOSEException e) {
                throw new IllegalStateException("the stored exchange key cannot be read", e);
            }
        }
        return key;
    }

    /** The public keys, as other regions and consumers fetch them. */
    JWKSet publicKeys() {
        return new JWKSet(key().toPublicJWK());
    }

    String sign(JOSEObjectType type, String payloadJson) {
        ECKey k = key();
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(k.getKeyID()).type(type).build(), new Payload(payloadJson));
        try {
            jws.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jws.serialize();
    }

    /**
     * The payload of a JWS of the given type, when one of the keys signed it; otherwise why not (a forged, altered or
     * foreign signature). Only ES256: a JWS that names another algorithm ("none" above all) is refused.
     */
    static Verified verify(String compact, JOSEObjectType type, JWKSet keys) {
        try {
            JWSObject jws = JWSObject.parse(compact);
            if (!JWSAlgorithm.ES256.equals(jws.getHeader().getAlgorithm()) || !type.equals(jws.getHeader().getType())) {
                return Verified.no("签名算法或类型不符 / not an ES256 " + type + " signature");
            }
            JWK jwk = jws.getHeader().getKeyID() == null ? null : keys.getKeyByKeyId(jws.getHeader().getKeyID());
            if (!(jwk instanceof ECKey ec)) {
                return Verified.no("签名密钥不在信任的公钥中 / signed by a key that is not trusted");
            }
            if (!jws.verify(new ECDSAVerifier(ec.toPublicJWK()))) {
                return Verified.no("签名无效：内容被改动或伪造 / the signature does not match: altered or forged");
            }
            return new Verified(true, jws.getPayload().toString(), null);
        } catch (ParseException | JOSEException e) {
            return Verified.no("不是有效的JWS / not a valid JWS");
        }
    }

    record Verified(boolean valid, String payload, String reason) {
        static Verified no(String reason) {
            return new Verified(false, null, reason);
        }
    }
}
