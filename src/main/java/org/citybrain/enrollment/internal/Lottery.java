package org.citybrain.enrollment.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The verifiable lottery (公开摇号): a commit-and-reveal draw in the manner of RFC 3797 ("Publicly Verifiable
 * Nominations Committee Random Selection"), with SHA-256 for its hash. The seed is drawn when the campaign opens and
 * only its hash is published; after the window closes the seed is revealed, and each application's ticket is
 * SHA-256 over the seed, a colon and its application number, in lower-case hex. Where children compete for fewer
 * places, the lower tickets win. Anyone holding the published seed and numbers recomputes every ticket; nobody,
 * the bureau included, could have chosen which number a ticket favours before the numbers were issued — the numbers
 * are random and issued at submission, after the hash was published.
 */
final class Lottery {

    private static final HexFormat HEX = HexFormat.of();

    private Lottery() {
    }

    /** A fresh seed: 32 random bytes as 64 hex characters. */
    static String newSeed() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return HEX.formatHex(b);
    }

    /** The commitment to a seed, published before the window closes. */
    static String commitment(String seed) {
        return sha256(seed);
    }

    /** An application's ticket in the draw. */
    static String ticket(String seed, String applicationNumber) {
        return sha256(seed + ":" + applicationNumber);
    }

    private static String sha256(String text) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
