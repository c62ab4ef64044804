package org.citybrain.health.internal;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.function.Function;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.citybrain.health.CodeCheck;
import org.citybrain.health.CodeColour;

/**
 * Verifies a health code token with nothing but public keys: what a gate or another region does offline. The token
 * is a compact JWS (RFC 7515) signed ES256 (ECDSA P-256); its header names the key ({@code kid}), its claims the
 * issuer's GB/T 2260 division code ({@code iss}), the code's subject, the colour ({@code col}), the masked name and
 * ID number a guard compares with the person, and a validity of minutes ({@code iat}, {@code exp}).
 */
final class CodeVerifier {

    /** A key the verifier trusts (or knows to be revoked), by key id. */
    record TrustedKey(String kid, String issuer, JWSVerifier verifier, boolean revoked) {
    }

    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    /** The longest token id a presentation can record (the width of health_code_presentation.jti). */
    static final int MAX_TOKEN_ID = 40;
    /** The longest validity a code may claim, ours or another region's, unless configured otherwise. */
    static final Duration DEFAULT_MAX_VALIDITY = Duration.ofHours(24);

    private final Function<String, Optional<TrustedKey>> keys;
    private final Duration maxValidity;

    CodeVerifier(Function<String, Optional<TrustedKey>> keys) {
        this(keys, DEFAULT_MAX_VALIDITY);
    }

    CodeVerifier(Function<String, Optional<TrustedKey>> keys, Duration maxValidity) {
        this.keys = keys;
        this.maxValidity = maxValidity;
    }

    CodeCheck verify(String token, Instant now) {
        if (token == null || token.isBlank() || token.length() > 2000) {
            return CodeCheck.refused("MALFORMED");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token.trim());
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return CodeCheck.refused("MALFORMED");
        }
        if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm()) || jwt.getHeader().getKeyID() == null) {
            return CodeCheck.refused("MALFORMED");
        }
        Optional<TrustedKey> key = keys.apply(jwt.getHeader().getKeyID());
        if (key.isEmpty()) {
            return CodeCheck.refused("UNKNOWN_ISSUER");
        }
        if (key.get().revoked()) {
            return CodeCheck.refused("REVOKED_ISSUER");
        }
        try {
            if (!jwt.verify(key.get().verifier())) {
                return CodeCheck.refused("BAD_SIGNATURE");
            }
        } catch (JOSEException | IllegalStateException e) {
            return CodeCheck.refused("BAD_SIGNATURE");
        }
        if (!key.get().issuer().equals(claims.getIssuer())) {
            return CodeCheck.refused("WRONG_ISSUER");
        }
        Date exp = claims.getExpirationTime();
        Date iat = claims.getIssueTime();
        if (exp == null || iat == null || claims.getJWTID() == null || claims.getSubject() == null || claims.getJWTID().length() > MAX_TOKEN_ID) {
            return CodeCheck.refused("MALFORMED");
        }
        if (Duration.between(iat.toInstant(), exp.toInstant()).compareTo(maxValidity) > 0) {
            // A code is a moment's proof, not a pass: another region's code valid for years is refused, however well signed.
            return CodeCheck.refused("VALIDITY_TOO_LONG");
        }
        if (exp.toInstant().plus(CLOCK_SKEW).isBefore(now)) {
            return CodeCheck.refused("EXPIRED");
        }
        if (iat.toInstant().minus(CLOCK_SKEW).isAfter(now)) {
            return CodeCheck.refused("NOT_YET_VALID");
        }
        CodeColour colour;
        try {
            colour = CodeColour.valueOf(String.valueOf(claims.getClaim("col")));
        } catch (IllegalArgumentException e) {
            return CodeCheck.refused("MALFORMED");
        }
        return new CodeCheck(null, colour, claims.getIssuer(), claims.getSubject(), null, (String) claims.getClaim("nm"),
                (String) claims.getClaim("idm"), exp.toInstant());
    }

    /** The token's id, read without verifying: only for recording a presentation of a token verified before. */
    static String tokenId(String token) {
        try {
            return SignedJWT.parse(token.trim()).getJWTClaimsSet().getJWTID();
        } catch (ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
