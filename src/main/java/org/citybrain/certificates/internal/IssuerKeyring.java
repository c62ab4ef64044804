package org.citybrain.certificates.internal;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Each issuing department's signing key: ECDSA P-256, with a self-signed X.509 certificate naming the department, so
 * that one key signs both the QR's code (ES256) and the PDF (CMS). Drawn by the first node to need it; a second
 * node drawing at the same moment loses on the primary key and reads the winner's, so every node signs with the
 * same key. Keys never change once drawn, so each node keeps the ones it read. The private keys sit in the database
 * here; a deployment with an HSM or a KMS signs there instead (docs/certificates.md).
 */
@Repository
class IssuerKeyring {

    /** A department's key: its id, the key pair and its certificate. */
    record IssuerKey(String issuer, String kid, PrivateKey privateKey, X509Certificate certificate, ECKey publicJwk) {
    }

    private final JdbcClient jdbc;
    private final Map<String, IssuerKey> read = new ConcurrentHashMap<>();

    IssuerKeyring(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The key this node has read already, if it has. */
    Optional<IssuerKey> known(String issuer) {
        return Optional.ofNullable(read.get(issuer));
    }

    IssuerKey of(String issuer) {
        return read.computeIfAbsent(issuer, i -> stored(i).orElseGet(() -> {
            try {
                draw(i);
            } catch (DuplicateKeyException drawnByAnotherNode) {
                // theirs stands: read it below
            }
            return stored(i).orElseThrow();
        }));
    }

    /** The city's own issuers' public keys, by key id: what a verifier (and the offline verifier page) trusts. */
    List<IssuerKey> all() {
        return jdbc.sql("select * from cert_issuer_key order by issuer").query((rs, n) -> key(rs.getString("issuer"), rs.getString("kid"),
                rs.getString("private_key"), rs.getString("certificate"))).list();
    }

    Optional<IssuerKey> byKid(String kid) {
        Optional<IssuerKey> cached = read.values().stream().filter(k -> k.kid().equals(kid)).findFirst();
        return cached.isPresent() ? cached : jdbc.sql("select * from cert_issuer_key where kid = ?").param(kid)
                .query((rs, n) -> key(rs.getString("issuer"), rs.getString("kid"), rs.getString("private_key"), rs.getString("certificate"))).optional();
    }

    private Optional<IssuerKey> stored(String issuer) {
        return jdbc.sql("select * from cert_issuer_key where issuer = ?").param(issuer)
                .query((rs, n) -> key(rs.getString("issuer"), rs.getString("kid"), rs.getString("private_key"), rs.getString("certificate"))).optional();
    }

    private void draw(String issuer) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = g.generateKeyPair();
            Instant now = Instant.now();
            var name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "CN").addRDN(BCStyle.L, "郑州市").addRDN(BCStyle.O, issuer)
                    .addRDN(BCStyle.CN, issuer + " 电子证照签章").build();
            var builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(3650))), name, pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())).getEncoded()));
            String kid = "zz-" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pair.getPublic().getEncoded())).substring(0, 16);
            ECKey jwk = new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic()).keyID(kid).build();
            jdbc.sql("insert into cert_issuer_key (issuer, kid, private_key, certificate, public_jwk, created_at) values (?, ?, ?, ?, ?, ?)")
                    .params(issuer, kid, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()),
                            Base64.getEncoder().encodeToString(certificate.getEncoded()), jwk.toJSONString(), Timestamp.from(now)).update();
        } catch (java.security.GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("could not draw a signing key for " + issuer, e);
        }
    }

    private static IssuerKey key(String issuer, String kid, String privateKey, String certificate) {
        try {
            PrivateKey pk = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateKey)));
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(Base64.getDecoder().decode(certificate)));
            ECKey jwk = new ECKey.Builder(Curve.P_256, (ECPublicKey) cert.getPublicKey()).keyID(kid).build();
            return new IssuerKey(issuer, kid, (ECPrivateKey) pk, cert, jwk);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("the signing key of " + issuer + " cannot be read", e);
        }
    }
}
