package org.citybrain.certificates.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/** Certificates, wallet items, verdicts and keys as the API and the offline verifier show them. */
@Component
class CertificateViews {

    private final IssuerKeyring keys;
    private final TrustedIssuers trusted;

    CertificateViews(IssuerKeyring keys, TrustedIssuers trusted) {
        this.keys = keys;
        this.trusted = trusted;
    }

    Map<String, Object> item(Wallet.Item i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("number", i.number());
        m.put("titleZh", i.titleZh());
        m.put("titleEn", i.titleEn());
        m.put("issuer", i.issuer());
        m.put("issuedOn", i.issuedOn().toString());
        m.put("validUntil", i.validUntil() == null ? null : i.validUntil().toString());
        m.put("standing", i.standing().name());
        m.put("issuedHere", i.ours());
        m.put("code", i.code());
        return m;
    }

    Map<String, Object> certificate(Certificate c, java.time.LocalDate today) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("number", c.number());
        m.put("kind", c.kind());
        m.put("titleZh", c.titleZh());
        m.put("titleEn", c.titleEn());
        m.put("issuer", c.issuer());
        m.put("holderName", c.holderName());
        m.put("holderIdNumber", c.holderIdNumber());
        m.put("entries", c.entries());
        m.put("validFrom", c.validFrom().toString());
        m.put("validUntil", c.validUntil() == null ? null : c.validUntil().toString());
        m.put("standing", c.standing(today).name());
        m.put("revokedReason", c.revokedReason());
        m.put("code", c.code());
        return m;
    }

    Map<String, Object> verdict(Verification.Verdict v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("result", v.result().name());
        m.put("valid", v.valid());
        m.put("signedBy", v.signedBy());
        m.put("issuedHere", v.ours());
        // every key present, null when the code says nothing: the verify page reads them all
        CertificateCode c = v.content();
        m.put("number", c == null ? null : c.number());
        m.put("kind", c == null ? null : c.kind());
        m.put("title", c == null ? null : c.titleZh());
        m.put("titleEn", c == null ? null : c.titleEn());
        m.put("issuer", c == null ? null : c.issuer());
        m.put("holder", c == null ? null : c.holderName());
        m.put("holderId", c == null ? null : c.holderIdMasked());
        m.put("issuedOn", c == null ? null : c.issuedOn().toString());
        m.put("validUntil", c == null || c.validUntil() == null ? null : c.validUntil().toString());
        m.put("entries", c == null ? List.of() : c.entries().stream().map(e -> Map.of("label", e.labelZh(), "labelEn",
                e.labelEn() == null || e.labelEn().isBlank() ? e.labelZh() : e.labelEn(), "value", e.value())).toList());
        m.put("revokedReason", v.revokedReason());
        return m;
    }

    /** Every key a verifier trusts: the city's departments' (own: a key signs its department's certificates only) and the trusted issuers'. */
    List<Map<String, Object>> trustedKeys() {
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (IssuerKeyring.IssuerKey k : keys.all()) {
            out.add(key(k.kid(), k.issuer(), k.publicJwk(), true));
        }
        for (TrustedIssuers.Trusted t : trusted.all()) {
            out.add(key(t.kid(), t.issuer(), t.key(), false));
        }
        return out;
    }

    private static Map<String, Object> key(String kid, String issuer, com.nimbusds.jose.jwk.ECKey jwk, boolean own) {
        Map<String, Object> m = new LinkedHashMap<>(jwk.toPublicJWK().toJSONObject());
        m.put("kid", kid);
        m.put("issuer", issuer);
        m.put("issuedHere", own);
        return m;
    }
}
