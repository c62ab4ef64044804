package org.citybrain.health.internal;

import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.citybrain.health.CodeCheck;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Forged, altered, expired, wrong-issuer and unknown-issuer tokens are refused, each with its reason. */
class CodeVerifierTest {

    final ECKey zhengzhou = key("410100-k1");
    final ECKey shanghai = key("310000-k1");
    final ECKey revoked = key("320000-k1");
    final Instant now = Instant.now();
    final CodeVerifier verifier = new CodeVerifier(kid -> Optional.ofNullable(Map.of(
            "410100-k1", trusted(zhengzhou, "410100", false),
            "310000-k1", trusted(shanghai, "310000", false),
            "320000-k1", trusted(revoked, "320000", true)).get(kid)));

    @Test
    void aGenuineCodeVerifiesWithItsColourAndMaskedHolder() {
        CodeCheck c = verifier.verify(token(zhengzhou, "410100", now, now.plusSeconds(300), "GREEN"), now);
        assertThat(c.valid()).isTrue();
        assertThat(c.colour().name()).isEqualTo("GREEN");
        assertThat(c.issuer()).isEqualTo("410100");
        assertThat(c.maskedName()).isEqualTo("张*");
        // Another region's code verifies with that region's key: mutual recognition.
        assertThat(verifier.verify(token(shanghai, "310000", now, now.plusSeconds(300), "YELLOW"), now).colour().name()).isEqualTo("YELLOW");
    }

    @Test
    void everyKindOfBadTokenIsRefusedWithItsReason() throws Exception {
        String good = token(zhengzhou, "410100", now, now.plusSeconds(300), "RED");
        // Altered: the colour in the payload changed from red to green, signature kept.
        String[] parts = good.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1])).replace("\"RED\"", "\"GREEN\"");
        String altered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes()) + "." + parts[2];
        assertThat(verifier.verify(altered, now).refusal()).isEqualTo("BAD_SIGNATURE");
        // Forged: signed by an attacker's key under our key id.
        assertThat(verifier.verify(token(key("410100-k1"), "410100", now, now.plusSeconds(300), "GREEN"), now).refusal()).isEqualTo("BAD_SIGNATURE");
        // Expired, and not yet valid.
        assertThat(verifier.verify(token(zhengzhou, "410100", now.minusSeconds(900), now.minusSeconds(600), "GREEN"), now).refusal()).isEqualTo("EXPIRED");
        assertThat(verifier.verify(token(zhengzhou, "410100", now.plusSeconds(3600), now.plusSeconds(3900), "GREEN"), now).refusal())
                .isEqualTo("NOT_YET_VALID");
        // Wrong issuer: Shanghai's key signing a code that claims to be Zhengzhou's.
        assertThat(verifier.verify(token(shanghai, "410100", now, now.plusSeconds(300), "GREEN"), now).refusal()).isEqualTo("WRONG_ISSUER");
        // Unknown and revoked issuers.
        assertThat(verifier.verify(token(key("999999-k1"), "440100", now, now.plusSeconds(300), "GREEN"), now).refusal()).isEqualTo("UNKNOWN_ISSUER");
        assertThat(verifier.verify(token(revoked, "320000", now, now.plusSeconds(300), "GREEN"), now).refusal()).isEqualTo("REVOKED_ISSUER");
        // Not a signed code at all, or one signed with a shared secret instead of the issuer's key.
        assertThat(verifier.verify("not-a-token", now).refusal()).isEqualTo("MALFORMED");
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("410100-k1").build(), claims("410100", now, now.plusSeconds(60), "GREEN"));
        hmac.sign(new MACSigner(new byte[32]));
        assertThat(verifier.verify(hmac.serialize(), now).refusal()).isEqualTo("MALFORMED");
    }

    static ECKey key(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static CodeVerifier.TrustedKey trusted(ECKey key, String issuer, boolean revoked) {
        try {
            return new CodeVerifier.TrustedKey(key.getKeyID(), issuer, new ECDSAVerifier(key.toECPublicKey()), revoked);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String token(ECKey key, String issuer, Instant issued, Instant expires, String colour) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims(issuer, issued, expires, colour));
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JWTClaimsSet claims(String issuer, Instant issued, Instant expires, String colour) {
        return new JWTClaimsSet.Builder().issuer(issuer).subject("s-" + issued.toEpochMilli()).jwtID(java.util.UUID.randomUUID().toString())
                .issueTime(Date.from(issued)).expirationTime(Date.from(expires)).claim("col", colour).claim("nm", "张*")
                .claim("idm", "4101**********0019").build();
    }

}
