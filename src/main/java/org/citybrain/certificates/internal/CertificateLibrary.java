package org.citybrain.certificates.internal;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.citybrain.certificates.CertificateIssuer;
import org.citybrain.platform.FirstSubmissionWins;
import org.citybrain.platform.pages.CityTime;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The certificate library's issuing side: a certificate is stored with its signed code in the caller's transaction
 * (the decision and its certificate commit together), once per source and kind (the unique constraint: a step run
 * twice issues one); its PDF is drawn and signed when asked for, from what is stored, so nothing but the record needs
 * keeping. The department's key is drawn in a transaction of its own, so it stands even if the caller's rolls back.
 */
@Service
class CertificateLibrary implements CertificateIssuer {

    static final DateTimeFormatter DATE_ZH = DateTimeFormatter.ofPattern("yyyy年M月d日");

    private final IssuerKeyring keys;
    private final CertificateRecords records;
    private final SignedPdf pdf;
    private final FirstSubmissionWins once;
    private final CityTime time;
    private final TransactionTemplate own;
    private final SecureRandom random = new SecureRandom();

    CertificateLibrary(IssuerKeyring keys, CertificateRecords records, SignedPdf pdf, FirstSubmissionWins once, CityTime time, PlatformTransactionManager tm) {
        this.keys = keys;
        this.records = records;
        this.pdf = pdf;
        this.once = once;
        this.time = time;
        this.own = new TransactionTemplate(tm);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** The department's key: from this node's memory once read, else read or drawn in a transaction of its own (never holding a second connection when it need not). */
    IssuerKeyring.IssuerKey keyOf(String issuer) {
        return keys.known(issuer).orElseGet(() -> own.execute(s -> keys.of(issuer)));
    }

    @Override
    public Issued issue(Order o) {
        IssuerKeyring.IssuerKey key = keyOf(o.issuer());
        Instant now = Instant.now();
        for (int attempt = 0; attempt < 5; attempt++) {
            String number = o.number() != null ? o.number() : "ZZ" + LocalDate.now(time.zone()).format(DateTimeFormatter.BASIC_ISO_DATE).substring(2)
                    + String.format("%010d", random.nextLong(10_000_000_000L));
            String code = new CertificateCode(key.kid(), number, o.kind(), o.titleZh(), o.titleEn(), o.issuer(), o.holderName(), CertificateCode.masked(o.holderIdNumber()),
                    o.validFrom(), o.validUntil(), o.entries()).sign(privateJwk(key));
            Certificate c = new Certificate(0, number, o.kind(), o.titleZh(), o.titleEn(), o.issuer(), o.holderName(), o.holderIdNumber(),
                    List.copyOf(o.entries()), o.validFrom(), o.validUntil(), now, o.source(), code, null, null, null);
            boolean stored = once.insert(() -> records.insert(c));
            Optional<Certificate> standing = records.bySource(o.source(), o.kind());
            if (standing.isPresent()) {
                Certificate s = standing.get();
                return issued(s);
            }
            if (stored || o.number() != null) {
                // stored yet not found, or a number of the caller's that another certificate holds: the caller's to resolve
                throw new IllegalStateException("certificate " + number + " of " + o.source() + " could not be stored");
            }
            // a library number drawn twice (one in ten billion a day): draw again
        }
        throw new IllegalStateException("no free certificate number after five draws");
    }

    @Override
    public List<Issued> issuedFor(String source) {
        return records.ofSource(source).stream().map(CertificateLibrary::issued).toList();
    }

    private static Issued issued(Certificate c) {
        return new Issued(c.number(), c.kind(), c.titleZh(), c.titleEn(), c.issuer(), c.issuedAt(), c.revokedAt() == null ? null : c.revokedReason());
    }

    private static com.nimbusds.jose.jwk.ECKey privateJwk(IssuerKeyring.IssuerKey key) {
        return new com.nimbusds.jose.jwk.ECKey.Builder(key.publicJwk()).privateKey(key.privateKey()).build();
    }

    /** The certificate as a signed PDF, drawn from its record; the QR carries its code. */
    byte[] pdf(Certificate c) {
        List<SignedPdf.Line> lines = new ArrayList<>();
        lines.add(new SignedPdf.Line(c.titleZh(), 26, true));
        lines.add(new SignedPdf.Line(c.titleEn(), 12, true));
        lines.add(new SignedPdf.Line(" ", 12, false));
        lines.add(new SignedPdf.Line("证照编号 Number：" + c.number(), 12, false));
        lines.add(new SignedPdf.Line("持证人 Holder：" + c.holderName(), 12, false));
        lines.add(new SignedPdf.Line("公民身份号码 ID number：" + c.holderIdNumber(), 12, false));
        for (Entry e : c.entries()) {
            lines.add(new SignedPdf.Line(e.labelZh() + (e.labelEn() == null || e.labelEn().isBlank() ? "" : " " + e.labelEn()) + "：" + e.value(), 12, false));
        }
        lines.add(new SignedPdf.Line("签发机关 Issuer：" + c.issuer(), 12, false));
        lines.add(new SignedPdf.Line("签发日期 Issued：" + c.validFrom().format(DATE_ZH), 12, false));
        lines.add(new SignedPdf.Line("有效期至 Valid until：" + (c.validUntil() == null ? "长期 no end" : c.validUntil().format(DATE_ZH)), 12, false));
        if (c.revokedAt() != null) {
            lines.add(new SignedPdf.Line("已于" + c.revokedAt().atZone(time.zone()).toLocalDate().format(DATE_ZH) + "注销 / revoked：" + c.revokedReason(), 12, false));
        }
        return pdf.signed(new SignedPdf.Page(c.titleZh() + " " + c.number(), lines, c.code(), "扫码核验（离线可验签） Scan to verify, offline too",
                "本证照由" + c.issuer() + "以数字签名签发（《中华人民共和国电子签名法》第十四条） Signed electronically by the issuer"), keyOf(c.issuer()),
                "签发电子证照 " + c.number(), c.issuedAt());
    }

    @Override
    public byte[] signedLetter(Letter l) {
        List<SignedPdf.Line> lines = new ArrayList<>();
        lines.add(new SignedPdf.Line(l.issuer(), 16, true));
        lines.add(new SignedPdf.Line(l.titleZh(), 22, true));
        lines.add(new SignedPdf.Line(l.reference(), 11, true));
        lines.add(new SignedPdf.Line(" ", 12, false));
        lines.add(new SignedPdf.Line(l.addresseeName() + "：", 13, false));
        lines.add(new SignedPdf.Line(l.bodyZh(), 13, false));
        lines.add(new SignedPdf.Line(" ", 12, false));
        for (Entry e : l.entries()) {
            lines.add(new SignedPdf.Line(e.labelZh() + "：" + e.value(), 12, false));
        }
        lines.add(new SignedPdf.Line(" ", 12, false));
        lines.add(new SignedPdf.Line(l.issuer() + "  " + l.issuedAt().atZone(time.zone()).toLocalDate().format(DATE_ZH), 12, false));
        return pdf.signed(new SignedPdf.Page(l.titleZh() + " " + l.reference(), lines, null, null, "本决定书由" + l.issuer() + "以数字签名出具"),
                keyOf(l.issuer()), l.titleZh() + " " + l.reference(), l.issuedAt());
    }
}
