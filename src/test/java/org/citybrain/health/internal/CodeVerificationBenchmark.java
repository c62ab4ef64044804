package org.citybrain.health.internal;

import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Code verification against the raw JCA signature check it rests on (bench/verify.sh): the same token, the same key,
 * one thread each, alternating rounds after a warm-up. Our path adds parsing the token, finding the key by its id and
 * checking issuer, expiry and colour; the goal is at least 80 % of the raw rate.
 */
public final class CodeVerificationBenchmark {

    public static void main(String[] args) throws Exception {
        double roundSeconds = args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("410100-bench").generate();
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), new JWTClaimsSet.Builder()
                .issuer("410100").subject("4f1c2a9e0b7d3c5a6e8f9a0b").jwtID(UUID.randomUUID().toString()).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300))).claim("col", "GREEN").claim("nm", "张*").claim("idm", "410105**********19").build());
        jwt.sign(new ECDSASigner(key));
        String token = jwt.serialize();

        CodeVerifier.TrustedKey trusted = new CodeVerifier.TrustedKey(key.getKeyID(), "410100", new ECDSAVerifier(key.toECPublicKey()), false);
        CodeVerifier verifier = new CodeVerifier(kid -> kid.equals(trusted.kid()) ? Optional.of(trusted) : Optional.empty());

        byte[] signingInput = jwt.getSigningInput();
        byte[] der = ECDSA.transcodeSignatureToDER(jwt.getSignature().decode());
        ECPublicKey publicKey = key.toECPublicKey();
        Signature raw = Signature.getInstance("SHA256withECDSA");
        BooleanSupplier rawCheck = () -> {
            try {
                raw.initVerify(publicKey);
                raw.update(signingInput);
                return raw.verify(der);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        BooleanSupplier ourCheck = () -> verifier.verify(token, Instant.now()).valid();
        if (!rawCheck.getAsBoolean() || !ourCheck.getAsBoolean()) {
            throw new IllegalStateException("the token does not verify");
        }
        System.out.printf("code verification, %s, %d cores, token %d characters, %.1f s rounds%n", System.getProperty("java.vm.version"),
                Runtime.getRuntime().availableProcessors(), token.length(), roundSeconds);
        rate(rawCheck, roundSeconds * 2);
        rate(ourCheck, roundSeconds * 2);
        List<Double> raws = new ArrayList<>();
        List<Double> ours = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            raws.add(rate(rawCheck, roundSeconds));
            ours.add(rate(ourCheck, roundSeconds));
        }
        Collections.sort(raws);
        Collections.sort(ours);
        double rawMedian = raws.get(2);
        double ourMedian = ours.get(2);
        System.out.printf("raw JCA SHA256withECDSA verify: %,.0f/s (rounds %s)%n", rawMedian, rounded(raws));
        System.out.printf("CityBrain code verification:    %,.0f/s (rounds %s)%n", ourMedian, rounded(ours));
        System.out.printf("ratio: %.1f %% of raw (goal >= 80 %%)%n", 100 * ourMedian / rawMedian);
    }

    private static double rate(BooleanSupplier check, double seconds) {
        long n = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long t;
        do {
            for (int i = 0; i < 100; i++) {
                if (!check.getAsBoolean()) {
                    throw new IllegalStateException("verification failed");
                }
            }
            n += 100;
            t = System.nanoTime();
        } while (t < end);
        return n / ((t - start) / 1e9);
    }

    private static String rounded(List<Double> rates) {
        return rates.stream().map(r -> String.format("%,.0f", r)).toList().toString();
    }
}
