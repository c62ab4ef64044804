package org.citybrain.identity.internal;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import org.citybrain.identity.Action;
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
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
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
        // People's passwords: bcrypt. Devices' random secrets: one SHA-256 (see DeviceSecrets for why that is enough).
        java.util.Map<String, PasswordEncoder> encoders = new java.util.HashMap<>();
        encoders.put("bcrypt", new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder());
        encoders.put(DeviceSecrets.ID, new DeviceSecrets());
        return new org.springframework.security.crypto.password.DelegatingPasswordEncoder("bcrypt", encoders);
    }

    @Bean
    @ConditionalOnWebApplication
    ThrottledLogin cityBrainLogin(AccountUserDetailsService users, PasswordEncoder passwords, LoginThrottle throttle,
                                  SmsChallenges challenges, AccountStore accounts, ResidentRegistry residents, Organisation organisation,
                                  SmsSignIn sms, ObjectProvider<org.citybrain.identity.FaceVerifier> faces) {
        DaoAuthenticationProvider byPassword = new DaoAuthenticationProvider(users);
        byPassword.setPasswordEncoder(passwords);
        List<org.springframework.security.authentication.AuthenticationProvider> providers = new java.util.ArrayList<>(List.of(byPassword));
        if (sms.enabled()) {
            providers.add(new SmsCodeAuthenticationProvider(challenges, accounts, residents, organisation));
        }
        // a face check's token signs in only where the city has a face verification provider
        faces.ifAvailable(f -> providers.add(new FaceAuthenticationProvider(f, accounts, residents, organisation)));
        return new ThrottledLogin(new ProviderManager(providers), throttle,
                username -> accounts.byUsername(username).filter(a -> a.roles().contains(org.citybrain.identity.Role.DEVICE)).isPresent());
    }

    /**
     * Spring Security's strict firewall, allowing one thing more: an encoded slash inside a path segment. NGSI-LD
     * names types and attributes by IRI, and a client asking for {@code /ngsi-ld/v1/types/https%3A%2F%2F...} must
     * reach the handler (Tomcat passes the %2F through; the path variable is decoded, the path is not). A decoded
     * path is never matched against security rules here: they are by prefix (/api/**, /ngsi-ld/**), and each action
     * checks its own roles.
     */
    @Bean
    org.springframework.security.web.firewall.HttpFirewall cityBrainFirewall() {
        org.springframework.security.web.firewall.StrictHttpFirewall firewall = new org.springframework.security.web.firewall.StrictHttpFirewall();
        firewall.setAllowUrlEncodedSlash(true);
        firewall.setAllowUrlEncodedDoubleSlash(true); // https%3A%2F%2F...
        // Tomcat keeps %2F (and so %25) encoded in the path it hands on; Spring decodes a path variable once, no more.
        firewall.setAllowUrlEncodedPercent(true);
        // The firewall's own rule for header and parameter names and values, as a loop instead of its regular expression
        // ([\p{IsAssigned}&&[^\p{IsControl}]]*): every header of every request is read through it, several times, and the
        // expression was 3 % of the node's CPU in the enrollment rush.
        firewall.setAllowedHeaderNames(SecurityConfiguration::assignedAndNotControl);
        firewall.setAllowedHeaderValues(SecurityConfiguration::assignedAndNotControl);
        firewall.setAllowedParameterNames(SecurityConfiguration::assignedAndNotControl);
        // A form's text area sends its lines with CR LF and may hold tabs (a key in PEM, a hyetograph in CSV): parameter
        // values may carry those, and no other control character (ParameterGate names the field of one that does).
        firewall.setAllowedParameterValues(SecurityConfiguration::assignedAndNotControlButLines);
        return firewall;
    }

    /** Every code point is assigned in Unicode and none is a control character: what the strict firewall accepts by default. */
    static boolean assignedAndNotControl(String value) {
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            int type = Character.getType(c);
            if (type == Character.UNASSIGNED || type == Character.CONTROL) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }

    /** As {@link #assignedAndNotControl}, but tabs and line breaks allowed: what a text area sends. */
    static boolean assignedAndNotControlButLines(String value) {
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            int type = Character.getType(c);
            if (type == Character.UNASSIGNED || type == Character.CONTROL && c != '\t' && c != '\n' && c != '\r') {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }

    /**
     * The data service and the channel of peer regions: their callers are systems that authenticate with what the data
     * hub checks itself (a grant's OAuth 2 client credential and bearer token; a peer region's signed request), never with
     * a CityBrain account, so here there is no session, no form or Basic sign-in, and no CSRF token (no browser sends
     * these requests with an ambient credential). The demo's stand-in for the province's health-code registry is such a
     * system too: it checks the bearer token the province issued.
     */
    @Bean
    @ConditionalOnWebApplication
    @org.springframework.core.annotation.Order(1)
    SecurityFilterChain systemsChannel(HttpSecurity http) throws Exception {
        http.securityMatcher("/api/share/**", "/api/exchange/**", "/demo/province/**")
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .sessionManagement(s -> s.sessionCreationPolicy(org.springframework.security.config.http.SessionCreationPolicy.STATELESS))
                .csrf(c -> c.disable())
                .requestCache(c -> c.disable())
                .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'")));
        return http.build();
    }

    @Bean
    @ConditionalOnWebApplication
    @org.springframework.core.annotation.Order(2)
    SecurityFilterChain cityBrainSecurity(HttpSecurity http, ThrottledLogin login, ObjectProvider<ClientRegistrationRepository> oidc,
                                          OidcAccountMapping oidcAccounts, AppTokens appTokens) throws Exception {
        RequestMatcher api = new org.springframework.security.web.util.matcher.OrRequestMatcher(
                PathPatternRequestMatcher.withDefaults().matcher("/api/**"), PathPatternRequestMatcher.withDefaults().matcher("/ngsi-ld/**"),
                PathPatternRequestMatcher.withDefaults().matcher("/devices/**"), PathPatternRequestMatcher.withDefaults().matcher("/actuator/**"),
                PathPatternRequestMatcher.withDefaults().matcher("/v3/api-docs/**"));
        // Machine clients (NGSI-LD agents, devices, scripts) send credentials in the Authorization header, which a foreign
        // site cannot make a browser send: such requests need no CSRF token, but only while they carry no session. A
        // request with a session cookie is a browser's, whatever else it carries, and needs the token.
        RequestMatcher machineClient = request -> request.getHeader("Authorization") != null && request.getRequestedSessionId() == null;
        http.authenticationManager(login)
                .addFilterBefore(new AppTokenFilter(appTokens), org.springframework.security.web.authentication.www.BasicAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/login", "/login/**", "/kiosk", "/kiosk/**", "/css/**", "/js/**", "/webjars/**", "/favicon.ico", "/favicon.svg", "/error").permitAll()
                        .requestMatchers("/ngsi-ld/contexts/**").permitAll()
                        .requestMatchers(org.springframework.http.HttpMethod.GET, "/ngsi-ld/v1/jsonldContexts/*").permitAll()
                        // The issuer's public keys: what other regions and offline verifiers fetch to check our codes.
                        .requestMatchers("/api/health/v1/issuer/jwks.json").permitAll()
                        // An enrollment's published draw: anyone checks it, signed in or not.
                        .requestMatchers(org.springframework.http.HttpMethod.GET, "/api/enrollment/v1/campaigns/*/draw", "/enrollment/draws/*").permitAll()
                        // anyone shown a certificate verifies it; the keys and the offline verifier are public
                        .requestMatchers("/certificates/verify", "/api/certificates/v1/verification").permitAll()
                        .requestMatchers(org.springframework.http.HttpMethod.GET, "/certificates/verifier.html", "/api/certificates/v1/issuers/jwks.json").permitAll()
                        // Liveness and readiness for the orchestrator; everything else the actuator shows is the operator's.
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .requestMatchers("/actuator/**").hasAnyRole(Action.OPERATE_PLATFORM.authorities())
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html").hasAnyRole(Action.READ_API_DOCS.authorities())
                        .anyRequest().authenticated())
                // Devices sign in on their own channels only (HTTP Basic on the device APIs, MQTT): never a browser session.
                .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/", false).failureUrl("/login?error").permitAll()
                        .withObjectPostProcessor(new org.springframework.security.config.ObjectPostProcessor<UsernamePasswordAuthenticationFilter>() {
                            @Override
                            public <O extends UsernamePasswordAuthenticationFilter> O postProcess(O filter) {
                                filter.setAuthenticationManager(new PeopleOnly(login));
                                return filter;
                            }
                        }))
                .httpBasic(b -> b.realmName("CityBrain"))
                // verifying a certificate changes nothing and is anyone's: a script or a verifier app posts a code without a session
                .csrf(c -> c.ignoringRequestMatchers(machineClient, PathPatternRequestMatcher.withDefaults().matcher(org.springframework.http.HttpMethod.POST,
                        "/api/certificates/v1/verification")))
                .headers(h -> h
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                        .permissionsPolicyHeader(p -> p.policy("camera=(self), geolocation=(self), microphone=(), payment=(), usb=()"))
                        // Sent on requests that arrived over TLS (directly or, with server.forward-headers-strategy, through a proxy).
                        .httpStrictTransportSecurity(hsts -> hsts.maxAgeInSeconds(31_536_000).includeSubDomains(true)))
                .logout(l -> l.logoutSuccessUrl("/login?logout"))
                .exceptionHandling(e -> e
                        .defaultAuthenticationEntryPointFor((req, res, ex) -> problem(res, HttpStatus.UNAUTHORIZED,
                                "需要登录 / authentication required"), api)
                        .defaultAccessDeniedHandlerFor((req, res, ex) -> problem(res, HttpStatus.FORBIDDEN,
                                ex instanceof org.springframework.security.web.csrf.CsrfException
                                        ? "缺少或无效的CSRF令牌（带会话的请求须附令牌） / missing or invalid CSRF token (a request with a session needs one)"
                                        : "无权访问 / your role does not allow this"), api));
        if (oidc.getIfAvailable() != null) {
            http.oauth2Login(o -> o.loginPage("/login").userInfoEndpoint(u -> u.oidcUserService(oidcAccounts)));
        }
        return http.build();
    }

    /**
     * Scripts and styles from our own origin only (no inline script anywhere; htmx and Leaflet set inline styles, so
     * those are allowed), no framing, forms post to us only, pictures from us or data: URLs (the QR code).
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /** The form login: people only. A device's credentials are refused there as if they were wrong. */
    private record PeopleOnly(org.springframework.security.authentication.AuthenticationManager delegate)
            implements org.springframework.security.authentication.AuthenticationManager {

        @Override
        public org.springframework.security.core.Authentication authenticate(org.springframework.security.core.Authentication request) {
            var result = delegate.authenticate(request);
            if (result.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals(org.citybrain.identity.Role.DEVICE.authority()))) {
                throw new org.springframework.security.authentication.BadCredentialsException("devices do not sign in with the form");
            }
            return result;
        }
    }

    static void problem(HttpServletResponse res, HttpStatus status, String detail) throws IOException {
        res.setStatus(status.value());
        res.setContentType("application/problem+json;charset=UTF-8");
        res.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + status.getReasonPhrase() + "\",\"status\":" + status.value()
                + ",\"detail\":\"" + detail + "\"}");
    }
}
