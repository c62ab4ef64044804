package org.citybrain.identity.internal;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import org.citybrain.identity.Organisation;
import org.citybrain.identity.ResidentRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The one place where sign-in and URL access are decided. Pages redirect to the login page; {@code /api/**}
 * answers 401/403 as JSON problem details. Personal-data rules themselves live with the data (jurisdiction).
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    /**
     * No observations of Spring Security's filters: with them every filter of every request is wrapped and timed, a
     * visible share of the CPU when sensors send 1,000 updates/s. Request metrics (http.server.requests) stay.
     */
    @Bean
    static org.springframework.security.config.observation.SecurityObservationSettings noSecurityObservations() {
        return org.springframework.security.config.observation.SecurityObservationSettings.noObservations();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    @ConditionalOnWebApplication
    ThrottledLogin cityBrainLogin(AccountUserDetailsService users, PasswordEncoder passwords, LoginThrottle throttle,
                                  SmsChallenges challenges, AccountStore accounts, ResidentRegistry residents, Organisation organisation) {
        DaoAuthenticationProvider byPassword = new DaoAuthenticationProvider(users);
        byPassword.setPasswordEncoder(passwords);
        SmsCodeAuthenticationProvider bySms = new SmsCodeAuthenticationProvider(challenges, accounts, residents, organisation);
        return new ThrottledLogin(new ProviderManager(List.of(byPassword, bySms)), throttle);
    }

    @Bean
    @ConditionalOnWebApplication
    SecurityFilterChain cityBrainSecurity(HttpSecurity http, ThrottledLogin login, ObjectProvider<ClientRegistrationRepository> oidc,
                                          OidcAccountMapping oidcAccounts) throws Exception {
        RequestMatcher api = new org.springframework.security.web.util.matcher.OrRequestMatcher(
                PathPatternRequestMatcher.withDefaults().matcher("/api/**"), PathPatternRequestMatcher.withDefaults().matcher("/ngsi-ld/**"));
        // Machine clients (NGSI-LD agents, scripts) send credentials in the Authorization header, which a foreign
        // site cannot make a browser send: such requests need no CSRF token. Browser sessions (cookies) still do.
        RequestMatcher credentialsInHeader = request -> request.getHeader("Authorization") != null;
        http.authenticationManager(login)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/login", "/login/**", "/css/**", "/js/**", "/webjars/**", "/favicon.ico", "/error").permitAll()
                        .requestMatchers("/ngsi-ld/contexts/**").permitAll()
                        // The issuer's public keys: what other regions and offline verifiers fetch to check our codes.
                        .requestMatchers("/api/health/v1/issuer/jwks.json").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus").permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html").permitAll()
                        .anyRequest().authenticated())
                .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/", false).failureUrl("/login?error").permitAll())
                .httpBasic(b -> b.realmName("CityBrain"))
                .csrf(c -> c.ignoringRequestMatchers(credentialsInHeader))
                .logout(l -> l.logoutSuccessUrl("/login?logout"))
                .exceptionHandling(e -> e
                        .defaultAuthenticationEntryPointFor((req, res, ex) -> problem(res, HttpStatus.UNAUTHORIZED,
                                "需要登录 / authentication required"), api)
                        .defaultAccessDeniedHandlerFor((req, res, ex) -> problem(res, HttpStatus.FORBIDDEN,
                                "无权访问 / your role does not allow this"), api));
        if (oidc.getIfAvailable() != null) {
            http.oauth2Login(o -> o.loginPage("/login").userInfoEndpoint(u -> u.oidcUserService(oidcAccounts)));
        }
        return http.build();
    }

    private static void problem(HttpServletResponse res, HttpStatus status, String detail) throws IOException {
        res.setStatus(status.value());
        res.setContentType("application/problem+json;charset=UTF-8");
        res.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + status.getReasonPhrase() + "\",\"status\":" + status.value()
                + ",\"detail\":\"" + detail + "\"}");
    }
}
