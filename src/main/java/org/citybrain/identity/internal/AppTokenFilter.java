package org.citybrain.identity.internal;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Signs in a request that carries the app's token ({@code Authorization: Bearer}) for that request alone: nothing is
 * kept in a session. A token that does not verify is answered 401 at once, never taken for no credential.
 */
class AppTokenFilter extends OncePerRequestFilter {

    private final AppTokens tokens;

    AppTokenFilter(AppTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            Optional<Authentication> signedIn = tokens.verify(header.substring(7).strip());
            if (signedIn.isEmpty()) {
                SecurityConfiguration.problem(response, HttpStatus.UNAUTHORIZED, "令牌无效或已过期，请重新登录 / the token is invalid or expired: sign in again");
                return;
            }
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(signedIn.get());
            SecurityContextHolder.setContext(context);
        }
        chain.doFilter(request, response);
    }
}
