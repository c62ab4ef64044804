package org.citybrain.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Throttling slows a guesser without letting her lock anybody else out. */
class LoginThrottleTest {

    final LoginThrottle throttle = new LoginThrottle(5, Duration.ofMinutes(15), Clock.fixed(Instant.parse("2026-12-01T08:00:00Z"), ZoneOffset.UTC));

    @Test
    void fiveFailuresFromOneAddressHoldBackThatAddressOnly() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("jinshui.worker", "203.0.113.7");
        }
        assertThat(throttle.lockedFor("jinshui.worker", "203.0.113.7")).isPositive();
        assertThat(throttle.lockedFor("jinshui.worker", "198.51.100.20")).as("the worker at her own desk").isZero();
    }

    @Test
    void anAddressTryingManyUsernamesIsHeldBackForAllOfThem() {
        for (int i = 0; i < 5 * LoginThrottle.ADDRESS_FACTOR; i++) {
            throttle.failed("user-" + i, "203.0.113.8");
        }
        assertThat(throttle.lockedFor("someone-new", "203.0.113.8")).isPositive();
        assertThat(throttle.lockedFor("someone-new", "198.51.100.20")).isZero();
    }

    @Test
    void failuresFromBeforeAnAccountExistedAreForgottenWhenItIsCreated() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("bigdata", "127.0.0.1"); // a readiness probe that tried too early
        }
        throttle.forget("bigdata");
        assertThat(throttle.lockedFor("bigdata", "127.0.0.1")).isZero();
    }
}
