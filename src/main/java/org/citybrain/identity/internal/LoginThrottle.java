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
 * Slows password guessing: after {@code maxFailures} failed logins for one username within the window, that
 * username is refused until the oldest failure leaves the window. Unknown usernames are throttled the same
 * way, so the answer never tells whether an account exists. Counted per node.
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

    /** How long the username must still wait, or zero. */
    Duration lockedFor(String username) {
        Deque<Instant> recent = failures.get(key(username));
        if (recent == null) {
            return Duration.ZERO;
        }
        synchronized (recent) {
            prune(recent);
            if (recent.size() < maxFailures) {
                return Duration.ZERO;
            }
            return Duration.between(clock.instant(), recent.peekFirst().plus(window));
        }
    }

    void failed(String username) {
        Deque<Instant> recent = failures.computeIfAbsent(key(username), k -> new ArrayDeque<>());
        synchronized (recent) {
            recent.addLast(clock.instant());
            while (recent.size() > maxFailures) {
                recent.removeFirst();
            }
        }
    }

    void succeeded(String username) {
        failures.remove(key(username));
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

    private static String key(String username) {
        return AccountUserDetailsService.normalise(username).toLowerCase();
    }
}
