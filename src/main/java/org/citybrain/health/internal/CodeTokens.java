package org.citybrain.health.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.citybrain.health.CodeCheck;
import org.citybrain.health.CodeColour;
import org.citybrain.health.HealthCodes;
import org.citybrain.population.Residency;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/** Issues code tokens (generate a code) and verifies presented ones (verify a code), own and trusted regions' alike. */
@Service
class CodeTokens implements HealthCodes {

    record IssuedCode(String token, CodeColour colour, Instant issuedAt, Instant expiresAt, String kid, HealthCodeBook.Code code) {
    }

    private final IssuerKeys keys;
    private final TrustList trustList;
    private final HealthCodeBook book;
    private final JdbcClient jdbc;
    private final CodeVerifier verifier;
    private final ColourEvaluation evaluation;
    private final Residency residency;

    CodeTokens(IssuerKeys keys, TrustList trustList, HealthCodeBook book, JdbcClient jdbc, ColourEvaluation evaluation, Residency residency,
               @org.springframework.beans.factory.annotation.Value("${citybrain.health.max-code-validity:PT24H}") java.time.Duration maxValidity) {
        this.evaluation = evaluation;
        this.residency = residency;
        this.keys = keys;
        this.trustList = trustList;
        this.book = book;
        this.jdbc = jdbc;
        this.verifier = new CodeVerifier(kid -> keys.verifier(kid).or(() -> trustList.verifier(kid)), maxValidity);
    }

    /** Request and generate a code (GB/T 38963): the colour evaluated now, signed for the person. */
    IssuedCode issueFor(long residentId) {
        HealthCodeBook.Code code = evaluation.reevaluate(residentId, null, null);
        return issue(code, residency.of(residentId).orElseThrow());
    }

    IssuedCode issue(HealthCodeBook.Code code, Residency.Residence person) {
        Instant now = Instant.now();
        Instant expires = now.plus(keys.validity());
        IssuerKeys.IssuerKey key = keys.active();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(keys.issuer()).subject(code.subject()).jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now)).expirationTime(Date.from(expires)).claim("col", code.colour().name())
                .claim("nm", person.maskedName()).claim("idm", person.maskedIdNumber()).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.kid()).type(new JOSEObjectType("hc+jwt")).build(), claims);
        try {
            jwt.sign(keys.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a health code", e);
        }
        return new IssuedCode(jwt.serialize(), code.colour(), now, expires, key.kid(), code);
    }

    /** Signature, issuer and validity only: no database, the same work an offline verifier does. */
    CodeCheck verifyOffline(String token) {
        return verifier.verify(token, Instant.now());
    }

    @Override
    public CodeCheck check(String token) {
        CodeCheck c = verifyOffline(token);
        if (!c.valid() || !keys.issuer().equals(c.issuer())) {
            return c;
        }
        // Our own code: which resident it is, and the colour now (a code shown as green may have turned since).
        Optional<Long> resident = book.residentOfSubject(c.subject());
        if (resident.isEmpty()) {
            return CodeCheck.refused("UNKNOWN_SUBJECT");
        }
        return new CodeCheck(null, colourOf(resident.get()), c.issuer(), c.subject(), resident.get(), c.maskedName(), c.maskedIdNumber(), c.expiresAt());
    }

    @Override
    public CodeCheck present(String token, String deviceId) {
        CodeCheck c = check(token);
        if (!c.valid()) {
            return c;
        }
        try {
            jdbc.sql("insert into health_code_presentation(jti, presented_at, expires_at, device_id) values (?, ?, ?, ?)")
                    .params(CodeVerifier.tokenId(token), Timestamp.from(Instant.now()), Timestamp.from(c.expiresAt()), deviceId).update();
        } catch (DuplicateKeyException e) {
            return CodeCheck.refused("REPLAYED");
        }
        return c;
    }

    @Override
    public CodeColour colourOf(long residentId) {
        return book.code(residentId).map(HealthCodeBook.Code::colour).orElse(CodeColour.GREEN);
    }

    @Override
    public Map<Long, CodeColour> coloursOf(Collection<Long> residentIds) {
        Map<Long, CodeColour> found = book.colours(residentIds);
        Map<Long, CodeColour> all = new HashMap<>();
        for (Long id : residentIds) {
            all.put(id, found.getOrDefault(id, CodeColour.GREEN));
        }
        return all;
    }

    /** Presentations of expired tokens can go: an expired token is refused as expired before replay is checked. */
    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT2M")
    void forgetExpiredPresentations() {
        jdbc.sql("delete from health_code_presentation where expires_at < ?")
                .param(Timestamp.from(Instant.now().minus(CodeVerifier.CLOCK_SKEW).minusSeconds(60))).update();
    }
}
