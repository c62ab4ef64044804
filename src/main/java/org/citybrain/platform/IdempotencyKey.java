package org.citybrain.platform;

import java.util.regex.Pattern;

import org.citybrain.standards.InvalidStandardValue;

/**
 * The {@code Idempotency-Key} a client sends with a submission (IETF draft "The Idempotency-Key HTTP Header Field"):
 * 1 to 64 visible ASCII characters, as a UUID or any token of the client's. One rule for every submission.
 */
public final class IdempotencyKey {

    public static final int MAX_LENGTH = 64;
    private static final Pattern VALID = Pattern.compile("[\\x21-\\x7E]{1," + MAX_LENGTH + "}");

    private IdempotencyKey() {
    }

    /** The key, or null when none was sent; a key that breaks the rule is refused naming the header. */
    public static String of(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String key = raw.trim();
        if (!VALID.matcher(key).matches()) {
            throw new InvalidStandardValue("Idempotency-Key", "幂等键为1至64个可见ASCII字符 / 1 to 64 visible ASCII characters");
        }
        return key;
    }
}
