package org.citybrain.certificates.internal;

import java.time.LocalDate;
import java.util.Optional;

import com.nimbusds.jose.JWSObject;
import org.citybrain.platform.pages.CityTime;
import org.springframework.stereotype.Service;

/**
 * Checks a certificate's code as a verifier at a counter or a landlord's door would: signed by a key the city trusts
 * (its own departments', or a trusted issuer's), not altered, within its validity — and, for the city's own, not
 * revoked since (what only an online check can know; the offline verifier says so).
 */
@Service
class Verification {

    enum Result { VALID, EXPIRED, REVOKED, ALTERED, UNTRUSTED, NOT_A_CODE }

    /** The verdict, what the code says when its signature holds, and whose key signed it. */
    record Verdict(Result result, CertificateCode content, String signedBy, boolean ours, String revokedReason) {

        boolean valid() {
            return result == Result.VALID;
        }
    }

    private final IssuerKeyring keys;
    private final TrustedIssuers trusted;
    private final CertificateRecords records;
    private final CityTime time;

    Verification(IssuerKeyring keys, TrustedIssuers trusted, CertificateRecords records, CityTime time) {
        this.keys = keys;
        this.trusted = trusted;
        this.records = records;
        this.time = time;
    }

    Verdict verify(String code) {
        Optional<JWSObject> parsed = CertificateCode.parse(code);
        if (parsed.isEmpty()) {
            return new Verdict(Result.NOT_A_CODE, null, null, false, null);
        }
        String kid = parsed.get().getHeader().getKeyID();
        Optional<IssuerKeyring.IssuerKey> own = keys.byKid(kid);
        Optional<TrustedIssuers.Trusted> other = own.isPresent() ? Optional.empty() : trusted.byKid(kid);
        if (own.isEmpty() && other.isEmpty()) {
            return new Verdict(Result.UNTRUSTED, null, null, false, null);
        }
        String signer = own.map(IssuerKeyring.IssuerKey::issuer).orElseGet(() -> other.get().issuer());
        Optional<CertificateCode> content = CertificateCode.verified(parsed.get(), own.map(IssuerKeyring.IssuerKey::publicJwk).orElseGet(() -> other.get().key()));
        if (content.isEmpty()) {
            return new Verdict(Result.ALTERED, null, signer, own.isPresent(), null);
        }
        CertificateCode c = content.get();
        if (own.isPresent() && !c.issuer().equals(signer)) {
            // a department's key signs its own certificates only
            return new Verdict(Result.ALTERED, null, signer, true, null);
        }
        if (own.isPresent()) {
            Optional<Certificate> stored = records.byNumber(c.number());
            if (stored.isPresent() && stored.get().revokedAt() != null) {
                return new Verdict(Result.REVOKED, c, signer, true, stored.get().revokedReason());
            }
        }
        LocalDate today = LocalDate.now(time.zone());
        if (c.validUntil() != null && c.validUntil().isBefore(today)) {
            return new Verdict(Result.EXPIRED, c, signer, own.isPresent(), null);
        }
        return new Verdict(Result.VALID, c, signer, own.isPresent(), null);
    }
}
