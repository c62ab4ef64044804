package org.citybrain.identity.internal;

import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.citybrain.identity.Role;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * The phone app's sign-in (郑好办's app stays signed in): after one real-name sign-in the app holds a token and sends
 * it as {@code Authorization: Bearer} with each call, so that a call costs a signature check — no session to find,
 * no password to verify — which is what lets a node take the thousands of submissions a second of a window's first
 * minute. The token is a JWT (RFC 7519) signed with HMAC-SHA256 (RFC 7518 "HS256") by Nimbus JOSE + JWT, carrying the
 * account as it was at sign-in; it lives {@code citybrain.identity.app-token-ttl} (12 hours), so a disabled account
 * or a changed role takes effect at the latest when its token expires. The key is the operator's
 * ({@code citybrain.identity.app-token-key}, 64 hex characters) or else drawn once into the database, shared by every
 * node.
 */
@Component
class AppTokens {

    static final String ISSUER = "citybrain";

    /** A token issued, and when it stops being accepted. */
    record Issued(String token, Instant expiresAt) {
    }

    private final JdbcClient jdbc;
    private final String configured;
    private final Duration ttl;
    private volatile byte[] key;
    private volatile MACVerifier verifier;

    AppTokens(JdbcClient jdbc, @Value("${citybrain.identity.app-token-key:}") String configured,
              @Value("${citybrain.identity.app-token-ttl:PT12H}") Duration ttl) {
        this.jdbc = jdbc;
        this.configured = configured;
        this.ttl = ttl;
    }

    Issued issue(AccountStore.AccountRow account) {
        Instant now = Instant.now();
        Instant expires = now.plus(ttl);
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject(account.username()).issueTime(Date.from(now))
                .expirationTime(Date.from(expires)).claim("aid", account.id()).claim("name", account.displayName()).claim("kind", account.kind())
                .claim("rid", account.residentId()).claim("jur", account.jurisdictionCode()).claim("unit", account.unitName())
                .claim("roles", account.roles().stream().map(Role::name).toList()).build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(key()));
            return new Issued(jwt.serialize(), expires);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing an app token", e);
        }
    }

    /** The signed-in account a token names, if its signature holds and it has not expired. */
    Optional<Authentication> verify(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier())) {
                return Optional.empty();
            }
            JWTClaimsSet c = jwt.getJWTClaimsSet();
            if (!ISSUER.equals(c.getIssuer()) || c.getExpirationTime() == null || c.getExpirationTime().toInstant().isBefore(Instant.now())) {
                return Optional.empty();
            }
            Set<Role> roles = EnumSet.noneOf(Role.class);
            List<String> named = c.getStringListClaim("roles");
            if (named == null || named.contains(Role.DEVICE.name())) {
                return Optional.empty(); // devices sign in on their own channels only
            }
            named.forEach(r -> roles.add(Role.valueOf(r)));
            Long resident = c.getLongClaim("rid");
            AccountStore.AccountRow account = new AccountStore.AccountRow(c.getLongClaim("aid"), c.getSubject(), null, c.getStringClaim("name"),
                    c.getStringClaim("kind"), null, c.getStringClaim("unit"), resident, c.getStringClaim("jur"), null, true, roles);
            CityBrainUser user = new CityBrainUser(account);
            return Optional.of(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
        } catch (ParseException | JOSEException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Made once: every request with a token is checked by it (Nimbus's verifiers are thread-safe). */
    private MACVerifier verifier() throws JOSEException {
        MACVerifier v = verifier;
        if (v == null) {
            v = new MACVerifier(key());
            // the provider named once: otherwise each check searches the JVM's provider list for HmacSHA256 again (a
            // third of the token check's cost in the enrollment rush)
            try {
                v.getJCAContext().setProvider(javax.crypto.Mac.getInstance("HmacSHA256").getProvider());
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new JOSEException("no HmacSHA256 in this JVM", e);
            }
            verifier = v;
        }
        return v;
    }

    private byte[] key() {
        byte[] k = key;
        if (k == null) {
            k = configured != null && !configured.isBlank() ? HexFormat.of().parseHex(configured.strip()) : stored();
            if (k.length < 32) {
                throw new IllegalStateException("citybrain.identity.app-token-key is 64 hex characters (32 bytes) at least");
            }
            key = k;
        }
        return k;
    }

    private byte[] stored() {
        Optional<String> secret = jdbc.sql("select secret from identity_app_token_key where id = 1").query(String.class).optional();
        if (secret.isEmpty()) {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            try {
                jdbc.sql("insert into identity_app_token_key (id, secret) values (1, ?)").param(HexFormat.of().formatHex(fresh)).update();
            } catch (DuplicateKeyException drawnByAnotherNode) {
                // theirs stands: read it below
            }
            secret = jdbc.sql("select secret from identity_app_token_key where id = 1").query(String.class).optional();
        }
        return HexFormat.of().parseHex(secret.orElseThrow());
    }
}
