package org.citybrain.certificates.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.ResidentRegistry;
import org.citybrain.platform.Conflict;
import org.citybrain.platform.FirstSubmissionWins;
import org.citybrain.platform.Forbidden;
import org.citybrain.platform.NotFound;
import org.citybrain.platform.pages.CityTime;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The citizen's wallet (卡包): the certificates the city's departments issued to her, and those of trusted issuers
 * elsewhere she added by their code (verified, and hers: the name and the masked ID number match). Each is hers
 * only: another's number answers as absent. A department revokes a certificate it issued, with the reason its holder
 * and every online check then read.
 */
@Service
class Wallet {

    /** A certificate in the wallet: the city's own (with its record) or one added from another issuer (its verified code). */
    record Item(String number, String titleZh, String titleEn, String issuer, LocalDate issuedOn, LocalDate validUntil, Certificate.Standing standing,
                boolean ours, String code) {
    }

    private final CertificateRecords records;
    private final Verification verification;
    private final ResidentRegistry residents;
    private final JdbcClient jdbc;
    private final FirstSubmissionWins once;
    private final CityTime time;

    Wallet(CertificateRecords records, Verification verification, ResidentRegistry residents, JdbcClient jdbc, FirstSubmissionWins once, CityTime time) {
        this.records = records;
        this.verification = verification;
        this.residents = residents;
        this.jdbc = jdbc;
        this.once = once;
        this.time = time;
    }

    List<Item> of(CurrentUser citizen) {
        Action.READ_OWN_CERTIFICATES.demand(citizen);
        LocalDate today = LocalDate.now(time.zone());
        List<Item> items = new ArrayList<>();
        for (Certificate c : records.ofHolder(idNumberOf(citizen))) {
            items.add(new Item(c.number(), c.titleZh(), c.titleEn(), c.issuer(), c.validFrom(), c.validUntil(), c.standing(today), true, c.code()));
        }
        jdbc.sql("select code from cert_wallet_import where resident_id = ? order by added_at desc").param(citizen.self()).query(String.class).list()
                .forEach(code -> {
                    Verification.Verdict v = verification.verify(code);
                    if (v.content() != null) {
                        CertificateCode c = v.content();
                        items.add(new Item(c.number(), c.titleZh(), c.titleEn(), c.issuer(), c.issuedOn(), c.validUntil(),
                                v.result() == Verification.Result.EXPIRED ? Certificate.Standing.EXPIRED : Certificate.Standing.VALID, false, code));
                    }
                });
        return items;
    }

    /** One of her own certificates; another's answers as absent, so numbers cannot be probed. */
    Certificate mine(CurrentUser citizen, String number) {
        Action.READ_OWN_CERTIFICATES.demand(citizen);
        return records.byNumber(number == null ? "" : number).filter(c -> c.holderIdNumber().equals(idNumberOf(citizen)))
                .orElseThrow(() -> new NotFound("number", "卡包中没有这个证照 / no such certificate in your wallet"));
    }

    /** Adds another issuer's certificate by its code: it must verify, be valid and be hers. */
    Item add(CurrentUser citizen, String code) {
        Action.READ_OWN_CERTIFICATES.demand(citizen);
        Verification.Verdict v = verification.verify(code);
        switch (v.result()) {
            case NOT_A_CODE -> throw new InvalidStandardValue("code", "这不是电子证照的核验码 / this is not a certificate's code");
            case UNTRUSTED -> throw new InvalidStandardValue("code", "签发机构不在本市信任的名单中 / the issuer is not one the city trusts");
            case ALTERED -> throw new InvalidStandardValue("code", "签名校验未通过，证照内容可能被篡改 / the signature does not hold: the certificate was altered");
            case EXPIRED -> throw new InvalidStandardValue("code", "证照已过有效期 / the certificate has expired");
            case REVOKED -> throw new InvalidStandardValue("code", "证照已被签发机关注销 / the issuer revoked the certificate");
            case VALID -> { }
        }
        if (v.ours()) {
            throw new Conflict("code", "本市签发的证照已在您的卡包中 / the city's own certificates are in your wallet already");
        }
        CertificateCode c = v.content();
        String id = idNumberOf(citizen);
        if (!c.holderName().equals(citizen.displayName()) || !c.holderIdMasked().equals(CertificateCode.masked(id))) {
            throw new Forbidden("code", "证照持证人不是您本人 / the certificate is not yours");
        }
        once.insert(() -> jdbc.sql("insert into cert_wallet_import (resident_id, number, issuer, code, added_at) values (?, ?, ?, ?, ?)")
                .params(citizen.self(), c.number(), c.issuer(), code.trim(), Timestamp.from(Instant.now())).update());
        return new Item(c.number(), c.titleZh(), c.titleEn(), c.issuer(), c.issuedOn(), c.validUntil(), Certificate.Standing.VALID, false, code.trim());
    }

    /** The issuing department revokes one of its certificates, with the reason the holder and every check read. */
    Certificate revoke(CurrentUser officer, String number, String reason) {
        Action.REVOKE_CERTIFICATE.demand(officer);
        Certificate c = records.byNumber(number == null ? "" : number).orElseThrow(() -> new NotFound("number", "没有这个证照 / no such certificate"));
        if (!c.issuer().equals(officer.unitName())) {
            throw new Forbidden("number", "只能注销本部门签发的证照 / a department revokes its own certificates only");
        }
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            throw new InvalidStandardValue("reason", "请写明注销理由（500字以内） / give the reason for revoking it (up to 500 characters)");
        }
        if (!records.revoke(c.number(), officer.username(), reason.strip(), Instant.now())) {
            throw new Conflict("number", "该证照已注销 / the certificate is revoked already");
        }
        return records.byNumber(c.number()).orElseThrow();
    }

    private String idNumberOf(CurrentUser citizen) {
        return residents.idNumberOf(citizen.self()).orElseThrow(() -> new NotFound("resident", "没有您的居民登记 / the city has no resident record of yours"));
    }
}
