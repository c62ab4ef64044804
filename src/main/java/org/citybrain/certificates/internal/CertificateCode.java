package org.citybrain.certificates.internal;

import java.text.ParseException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;

import org.citybrain.certificates.CertificateIssuer;

/**
 * What a certificate's QR carries: a compact JWS (RFC 7515, ES256) of the certificate's number, kind, holder (the ID
 * number masked: a QR on paper is read by whoever holds it), issuer, dates and entries, with the issuer's key id in
 * its header. Anyone with the issuers' public keys verifies it without a network: the offline verifier page does it
 * with the browser's WebCrypto, any JOSE library does it too. A standard format rather than our own, so other
 * cities' certificate libraries can read ours and we theirs.
 */
record CertificateCode(String kid, String number, String kind, String titleZh, String titleEn, String issuer, String holderName, String holderIdMasked,
                       LocalDate issuedOn, LocalDate validUntil, List<CertificateIssuer.Entry> entries) {

    static final JOSEObjectType TYPE = new JOSEObjectType("zz-cert+jws");

    static String masked(String idNumber) {
        return idNumber.length() < 8 ? "*".repeat(idNumber.length()) : idNumber.substring(0, 4) + "*".repeat(idNumber.length() - 8)
                + idNumber.substring(idNumber.length() - 4);
    }

    String sign(ECKey key) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("no", number);
        claims.put("kind", kind);
        claims.put("title", titleZh);
        if (titleEn != null && !titleEn.isBlank()) {
            claims.put("titleEn", titleEn);
        }
        claims.put("iss", issuer);
        claims.put("holder", holderName);
        claims.put("holderId", holderIdMasked);
        claims.put("issued", issuedOn.toString());
        if (validUntil != null) {
            claims.put("validUntil", validUntil.toString());
        }
        // [label, value], the labels in Chinese as the certificate states them: English labels would make the QR too dense to scan
        claims.put("entries", entries.stream().map(e -> List.of(e.labelZh(), e.value())).toList());
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(TYPE).build(), new Payload(claims));
        try {
            jws.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign certificate " + number, e);
        }
        return jws.serialize();
    }

    /** The code's key id and claims, unverified: what to look the key up by. Empty when it is not a code at all. */
    static Optional<JWSObject> parse(String code) {
        try {
            JWSObject jws = JWSObject.parse(code == null ? "" : code.trim());
            return JWSAlgorithm.ES256.equals(jws.getHeader().getAlgorithm()) && jws.getHeader().getKeyID() != null ? Optional.of(jws) : Optional.empty();
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    /** The code's content when the key verifies its signature; empty when it does not (altered, or signed by another key). */
    static Optional<CertificateCode> verified(JWSObject jws, ECKey key) {
        try {
            if (!jws.verify(new ECDSAVerifier(key.toECPublicKey()))) {
                return Optional.empty();
            }
            Map<String, Object> c = jws.getPayload().toJSONObject();
            List<CertificateIssuer.Entry> entries = new ArrayList<>();
            if (c.get("entries") instanceof List<?> list) {
                for (Object e : list) {
                    // another issuer's code may carry the Chinese label alone
                    if (e instanceof List<?> entry && entry.size() >= 2) {
                        entries.add(new CertificateIssuer.Entry(String.valueOf(entry.get(0)), entry.size() > 2 ? String.valueOf(entry.get(2)) : null,
                                String.valueOf(entry.get(1))));
                    }
                }
            }
            Object until = c.get("validUntil");
            Object titleEn = c.get("titleEn");
            return Optional.of(new CertificateCode(jws.getHeader().getKeyID(), str(c, "no"), str(c, "kind"), str(c, "title"),
                    titleEn == null ? str(c, "title") : titleEn.toString(), str(c, "iss"), str(c, "holder"),
                    str(c, "holderId"), LocalDate.parse(str(c, "issued")), until == null ? null : LocalDate.parse(until.toString()), List.copyOf(entries)));
        } catch (JOSEException | RuntimeException malformed) {
            return Optional.empty();
        }
    }

    private static String str(Map<String, Object> claims, String name) {
        Object v = claims.get(name);
        if (v == null) {
            throw new IllegalArgumentException("the code has no " + name);
        }
        return v.toString();
    }
}
