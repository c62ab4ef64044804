package org.citybrain.health;

import java.time.Instant;

/**
 * The result of verifying a health code token.
 *
 * @param refusal    null when valid, else why not: MALFORMED, BAD_SIGNATURE, UNKNOWN_ISSUER, REVOKED_ISSUER, WRONG_ISSUER,
 *                   EXPIRED, NOT_YET_VALID, REPLAYED
 * @param residentId the resident, when the code was issued here; null for another region's code
 */
public record CodeCheck(String refusal, CodeColour colour, String issuer, String subject, Long residentId, String maskedName,
                        String maskedIdNumber, Instant expiresAt) {

    public static CodeCheck refused(String refusal) {
        return new CodeCheck(refusal, null, null, null, null, null, null, null);
    }

    public boolean valid() {
        return refusal == null;
    }
}
