package org.citybrain.identity.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.core.Authentication;

/**
 * Remembers, for a few minutes, that a username and password were just verified, so that an API client sending
 * HTTP Basic credentials with every request does not pay a bcrypt verification (tens of milliseconds) each time.
 * Only an HMAC of the password under a key that lives in this process's memory is kept; a failed login for the
 * username forgets it at once. SMS codes are never remembered: they are single-use.
 */
class RecentPasswordLogins {

    private record Entry(byte[] fingerprint, long expiresAt, Authentication result) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final byte[] key = new SecureRandom().generateSeed(32);
    private final long ttlMillis;

    RecentPasswordLogins(Duration ttl) {
        this.ttlMillis = ttl.toMillis();
    }

    Authentication lookup(String username, String password) {
        Entry e = entries.get(username);
        if (e == null || e.expiresAt() < System.currentTimeMillis() || password == null) {
            return null;
        }
        return MessageDigest.isEqual(e.fingerprint(), fingerprint(username, password)) ? e.result() : null;
    }

    void remember(String username, String password, Authentication result) {
        if (password != null && entries.size() < 100_000) {
            entries.put(username, new Entry(fingerprint(username, password), System.currentTimeMillis() + ttlMillis, result));
        }
    }

    void forget(String username) {
        entries.remove(username);
    }

    private byte[] fingerprint(String username, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal((username + "\u0000" + password).getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
