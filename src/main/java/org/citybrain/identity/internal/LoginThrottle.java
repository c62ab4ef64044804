package org.citybrain.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Slows password guessing without letting a stranger lock anybody out: after {@code maxFailures} failed logins for one
 * username <em>from one client address</em> within the window, that username is refused from that address until the
 * oldest failure leaves the window; the same person (or device) signing in from elsewhere is not held back. An address
 * that fails for many usernames (a sweep) is held back for all of them. Unknown usernames are throttled the same way,
 * so the answer never tells whether an account exists. Counted per node; a new account starts with no failures.
 */
@Component
class LoginThrottle {

    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    @org.springframework.beans.factory.annotation.Autowired
    LoginThrottle(@Value("${citybrain.login.max-failures:5}") int maxFailures,
                  @Value("${citybrain.login.lock-window:PT15M}") Duration window) {
        this(maxFailures, window, Clock.systemUTC());
    }

    LoginThrottle(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    /** How many failures one address may have, for any usernames, before it is held back for all of them. */
    static final int ADDRESS_FACTOR = 10;

    /** How long the username must still wait at this address, or zero. */
    Duration lockedFor(String username, String address) {
        Duration user = lockedFor(key(username, address), maxFailures);
        Duration sweep = lockedFor("address|" + address, maxFailures * ADDRESS_FACTOR);
        return user.compareTo(sweep) >= 0 ? user : sweep;
    }

    private Duration lockedFor(String key, int limit) {
        Deque<Instant> recent = failures.get(key);
        if (recent == null) {
            return Duration.ZERO;
        }
        synchronized (recent) {
            prune(recent);
            if (recent.size() < limit) {
                return Duration.ZERO;
            }
            return Duration.between(clock.instant(), recent.peekFirst().plus(window));
        }
    }

    void failed(String username, String address) {
        count(key(username, address), maxFailures);
        count("address|" + address, maxFailures * ADDRESS_FACTOR);
    }

    private void count(String key, int limit) {
        Deque<Instant> recent = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (recent) {
            recent.addLast(clock.instant());
            while (recent.size() > limit) {
                recent.removeFirst();
            }
        }
    }

    void succeeded(String username, String address) {
        failures.remove(key(username, address));
    }

    /**
     * Forgets the failures of a username everywhere: when its account is created, failures from before it existed (a
     * probe that tried it too early) must not hold the new account back.
     */
    void forget(String username) {
        String prefix = AccountUserDetailsService.normalise(username).toLowerCase() + "|";
        failures.keySet().removeIf(k -> k.startsWith(prefix));
    }

    @Scheduled(fixedDelay = 60_000)
    void forgetOldFailures() {
        failures.values().removeIf(d -> {
            synchronized (d) {
                prune(d);
                return d.isEmpty();
            }
        });
    }

    private void prune(Deque<Instant> recent) {
        Instant cutoff = clock.instant().minus(window);
        while (!recent.isEmpty() && recent.peekFirst().isBefore(cutoff)) {
            recent.removeFirst();
        }
    }

    private static String key(String username, String address) {
        return AccountUserDetailsService.normalise(username).toLowerCase() + "|" + address;
    }
}
