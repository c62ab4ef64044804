package org.citybrain.certificates;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** What other modules ask of the certificate library: issue a certificate, sign a decision letter. */
public interface CertificateIssuer {

    /** One line of a certificate or letter: what it says, in both languages where the label differs. */
    record Entry(String labelZh, String labelEn, String value) {
    }

    /**
     * A certificate to issue: its kind and title, the issuing department, the holder, what it certifies, its validity
     * (no end: {@code validUntil} null), where it comes from (an application: {@code svc:123}; one certificate per source
     * and kind) and its number when the kind has its own (a licence's credit code), else null for the library's.
     */
    record Order(String kind, String titleZh, String titleEn, String issuer, String holderName, String holderIdNumber, List<Entry> entries,
                 LocalDate validFrom, LocalDate validUntil, String source, String number) {
    }

    /** An issued certificate as its order's caller needs it, and whether its issuer has revoked it since. */
    record Issued(String number, String kind, String titleZh, String titleEn, String issuer, Instant issuedAt, String revokedReason) {

        public boolean revoked() {
            return revokedReason != null;
        }
    }

    /** Issues the certificate, or answers the one already issued for the order's source and kind. */
    Issued issue(Order order);

    /** The certificates issued for a source (an application), oldest first: what its case file shows the department. */
    java.util.List<Issued> issuedFor(String source);

    /** A decision letter (决定书) as a PDF signed by the issuing department. */
    record Letter(String issuer, String titleZh, String reference, String addresseeName, List<Entry> entries, String bodyZh, Instant issuedAt) {
    }

    byte[] signedLetter(Letter letter);
}
