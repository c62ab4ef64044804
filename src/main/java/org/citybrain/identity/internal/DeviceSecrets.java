package org.citybrain.identity.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The hash of device secrets: one SHA-256. A slow hash (bcrypt) exists to protect passwords people choose, which can
 * be guessed from a dictionary; a device's secret is 256 random bits, which cannot, so a fast hash protects it as well
 * and costs microseconds instead of ~100 ms per device after a restart. Stored as {@code {device-sha256}<hex>}.
 */
final class DeviceSecrets implements PasswordEncoder {

    static final String ID = "device-sha256";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new secret: 32 random bytes, base64url without padding (43 characters). */
    static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** What the account table keeps for a secret. */
    static String stored(String secret) {
        return "{" + ID + "}" + new DeviceSecrets().encode(secret);
    }

    @Override
    public String encode(CharSequence raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public boolean matches(CharSequence raw, String encoded) {
        if (raw == null || encoded == null) {
            return false;
        }
        return MessageDigest.isEqual(encode(raw).getBytes(StandardCharsets.US_ASCII), encoded.getBytes(StandardCharsets.US_ASCII));
    }
}
