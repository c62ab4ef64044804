package org.citybrain.identity.internal;

import java.time.Duration;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/** Every password or SMS-code login passes here: refused while throttled, counted when it fails. */
class ThrottledLogin implements AuthenticationManager {

    private final AuthenticationManager delegate;
    private final LoginThrottle throttle;
    private final RecentPasswordLogins recent = new RecentPasswordLogins(java.time.Duration.ofMinutes(5));

    private final java.util.function.Predicate<String> isDevice;

    /**
     * @param isDevice whether a username is a device's: devices are never locked out, since their 256-bit secrets cannot be
     *                 guessed and a lock would only let a stranger stop a gate (looked up only when a lock would apply)
     */
    ThrottledLogin(AuthenticationManager delegate, LoginThrottle throttle, java.util.function.Predicate<String> isDevice) {
        this.delegate = delegate;
        this.throttle = throttle;
        this.isDevice = isDevice;
    }

    @Override
    public Authentication authenticate(Authentication request) {
        String username = request.getName();
        String address = request.getDetails() instanceof org.springframework.security.web.authentication.WebAuthenticationDetails d
                && d.getRemoteAddress() != null ? d.getRemoteAddress() : "unknown";
        Duration wait = throttle.lockedFor(username, address);
        if (!wait.isZero() && !wait.isNegative() && !isDevice.test(username)) {
            long minutes = Math.max(1, (wait.toSeconds() + 59) / 60);
            throw new LockedException("登录失败次数过多，请 " + minutes + " 分钟后再试 / too many failed logins, try again in " + minutes + " min");
        }
        String secret = request.getCredentials() == null ? null : request.getCredentials().toString();
        Authentication remembered = recent.lookup(username, secret);
        if (remembered != null) {
            return remembered;
        }
        try {
            Authentication result = delegate.authenticate(request);
            throttle.succeeded(username, address);
            if (!(result instanceof OneTimeSignIn)) {
                recent.remember(username, secret, result);
            }
            return result;
        } catch (AuthenticationException e) {
            recent.forget(username);
            throttle.failed(username, address);
            throw e;
        }
    }
}
