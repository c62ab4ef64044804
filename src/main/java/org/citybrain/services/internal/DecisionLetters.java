package org.citybrain.services.internal;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.citybrain.certificates.CertificateIssuer;
import org.citybrain.identity.CurrentUser;
import org.citybrain.platform.Conflict;
import org.citybrain.platform.pages.CityTime;
import org.springframework.stereotype.Component;

/**
 * The decision letter (决定书) of a finished application, as a PDF signed by the department: granted with what was
 * granted, or refused with the rule or the reviewer's reason and the citizen's remedies (administrative
 * reconsideration within 60 days, 《行政复议法》第二十条; a suit within six months, 《行政诉讼法》第四十六条). Drawn from
 * the stored application each time it is asked for, so it always says what the case file says.
 */
@Component
class DecisionLetters {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy年M月d日");

    private final Applications applications;
    private final ServiceCatalogue catalogue;
    private final CertificateIssuer issuer;
    private final CityTime time;

    DecisionLetters(Applications applications, ServiceCatalogue catalogue, CertificateIssuer issuer, CityTime time) {
        this.applications = applications;
        this.catalogue = catalogue;
        this.issuer = issuer;
        this.time = time;
    }

    /** The letter of an application the reader may read (hers, or her department's: audited as any read of it). */
    byte[] pdf(CurrentUser reader, long id) {
        Application a = applications.read(reader, id);
        if (!a.state().finished() || a.decidedAt() == null) {
            throw new Conflict("id", "办件尚未办结，还没有决定书 / the application is not decided yet: there is no letter");
        }
        ServiceDefinition d = catalogue.version(a.serviceCode(), a.serviceVersion()).definition();
        boolean granted = a.state() == Application.State.APPROVED;
        String number = a.number(time.zone());
        LocalDate submitted = LocalDate.ofInstant(a.submittedAt(), time.zone());
        List<CertificateIssuer.Entry> entries = new ArrayList<>();
        entries.add(new CertificateIssuer.Entry("申请事项", "Service", d.nameZh()));
        entries.add(new CertificateIssuer.Entry("受理编号", "Case number", number));
        entries.add(new CertificateIssuer.Entry("申请日期", "Applied", submitted.format(DATE)));
        entries.add(new CertificateIssuer.Entry("决定", "Decision", granted ? "准予办理" : "不予办理"));
        if (a.outcomeZh() != null) {
            entries.add(new CertificateIssuer.Entry(granted ? "依据" : "理由", granted ? "Grounds" : "Reason", a.outcomeZh()));
        }
        if (granted && a.amount() != null && a.amount().signum() > 0) {
            entries.add(new CertificateIssuer.Entry("金额", "Amount", a.amount().toPlainString() + " 元"));
        }
        String body = "你于" + submitted.format(DATE) + "提出的「" + d.nameZh() + "」申请，本机关已依法受理。经审查，" + (granted
                ? "符合" + d.legalBasis() + "规定的条件，决定准予办理。"
                : "不符合办理条件，决定不予办理。如不服本决定，可以自收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。");
        return issuer.signedLetter(new CertificateIssuer.Letter(a.department(), granted ? "准予办理决定书" : "不予办理决定书", "郑政服决〔" + submitted.getYear() + "〕"
                + number + "号", a.applicantName(), entries, body, a.decidedAt()));
    }
}
