package org.citybrain.certificates.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.citybrain.certificates.CertificateIssuer;

/** A certificate the city issued, as the library keeps it: what it certifies, whose it is, its signed code, and whether it still stands. */
record Certificate(long id, String number, String kind, String titleZh, String titleEn, String issuer, String holderName, String holderIdNumber,
                   List<CertificateIssuer.Entry> entries, LocalDate validFrom, LocalDate validUntil, Instant issuedAt, String source, String code,
                   Instant revokedAt, String revokedBy, String revokedReason) {

    enum Standing { VALID, EXPIRED, REVOKED }

    Standing standing(LocalDate today) {
        if (revokedAt != null) {
            return Standing.REVOKED;
        }
        return validUntil != null && validUntil.isBefore(today) ? Standing.EXPIRED : Standing.VALID;
    }

    String title(boolean english) {
        return english ? titleEn : titleZh;
    }
}
