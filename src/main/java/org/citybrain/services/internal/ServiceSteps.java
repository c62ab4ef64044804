package org.citybrain.services.internal;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.citybrain.certificates.CertificateIssuer;
import org.citybrain.platform.pages.CityTime;
import org.citybrain.standards.IdNumber;
import org.flowable.engine.delegate.DelegateExecution;
import org.flowable.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The steps a service's workflow calls (its BPMN's service tasks name them: {@code ${fetchMaterials}} …). Each reads
 * the application by the process's {@code applicationId}, acts, and writes its step to the timeline, in the
 * transaction of the call that drove the process (the submission, a review), so a step and its effect commit together.
 */
@Configuration
class ServiceSteps {

    private final ApplicationRecords records;
    private final ServiceCatalogue catalogue;
    private final JsonMapper json;
    private final CityTime time;
    private final JdbcClient jdbc;
    private final Bank bank;
    private final CertificateIssuer certificates;

    ServiceSteps(ApplicationRecords records, ServiceCatalogue catalogue, JsonMapper json, CityTime time, JdbcClient jdbc, Bank bank,
                 CertificateIssuer certificates) {
        this.certificates = certificates;
        this.records = records;
        this.catalogue = catalogue;
        this.json = json;
        this.time = time;
        this.jdbc = jdbc;
        this.bank = bank;
    }

    private static long applicationId(DelegateExecution e) {
        return ((Number) e.getVariable("applicationId")).longValue();
    }

    private ServiceCatalogue.Published service(Application a) {
        return catalogue.version(a.serviceCode(), a.serviceVersion());
    }

    /**
     * Records the shared materials {@link SharedMaterials} fetched before the transaction (the workflow's transient
     * variable); a required one it could not fetch is noted for the reviewer. The step cannot fetch them itself: it
     * runs in the transaction of the call that drove the process.
     */
    @Bean
    JavaDelegate fetchMaterials() {
        return e -> {
            Application a = records.require(applicationId(e));
            @SuppressWarnings("unchecked")
            List<SharedMaterials.Outcome> fetched = (List<SharedMaterials.Outcome>) e.getTransientVariable(SharedMaterials.VARIABLE);
            if (fetched == null) {
                throw new IllegalStateException("application " + a.id() + " reached its fetch step without the materials fetched before it");
            }
            boolean missing = false;
            for (SharedMaterials.Outcome o : fetched) {
                ServiceDefinition.Material m = o.material();
                if (o.fetched() != null) {
                    String provider = o.fetched().provider();
                    records.material(a.id(), o.fetched());
                    records.step(a.id(), "FETCHED", provider == null ? "system" : provider, "已从" + provider + "获取「" + m.labelZh() + "」" + o.records() + "条",
                            "Fetched “" + m.labelEn() + "” from " + provider + ": " + o.records() + " record(s)");
                } else {
                    missing |= m.required();
                    records.step(a.id(), "NOT_FETCHED", "system", "未能获取「" + m.labelZh() + "」：" + half(o.refusal(), false) + "，转人工审核",
                            "Could not fetch “" + m.labelEn() + "”: " + half(o.refusal(), true) + "; the department reviews it");
                }
            }
            e.setVariable("materialsMissing", missing);
        };
    }

    /** Runs the eligibility table on the form, the materials and what the system knows of the applicant. */
    @Bean
    JavaDelegate checkEligibility() {
        return e -> {
            Application a = records.require(applicationId(e));
            ServiceCatalogue.Published p = service(a);
            EligibilityTable.Verdict v;
            if (Boolean.TRUE.equals(e.getVariable("materialsMissing"))) {
                v = new EligibilityTable.Verdict(EligibilityTable.Outcome.REVIEW, "MATERIALS_MISSING", "有材料未能自动获取，由部门人工审核",
                        "some materials could not be fetched: the department reviews it", null);
            } else {
                try {
                    v = p.table().decide(variables(a, p.definition()));
                } catch (IllegalStateException failed) {
                    v = new EligibilityTable.Verdict(EligibilityTable.Outcome.REVIEW, "TABLE_FAILED", "办理条件无法自动判定，由部门人工审核",
                            "the eligibility could not be decided automatically: the department reviews it", null);
                }
            }
            records.decided(a.id(), v);
            e.setVariable("outcome", v.outcome().name());
            String zh = switch (v.outcome()) {
                case GRANT -> "符合条件：";
                case REFUSE -> "不符合条件：";
                case REVIEW -> "转部门审核：";
            };
            String en = switch (v.outcome()) {
                case GRANT -> "Eligible: ";
                case REFUSE -> "Not eligible: ";
                case REVIEW -> "Sent to the department: ";
            };
            records.step(a.id(), "DECIDED", "system", zh + v.reasonZh(), en + v.reasonEn());
        };
    }

    /** The table's variables: each form field (null when not given), each material (first record, list, count), the applicant, today, the limits. */
    Map<String, Object> variables(Application a, ServiceDefinition d) {
        Map<String, Object> v = new HashMap<>();
        for (ServiceDefinition.FormField f : d.fields()) {
            JsonNode value = a.form().get(f.name());
            v.put(f.name(), value == null || value.isNull() ? null : json.convertValue(value, Object.class));
        }
        Map<String, List<Map<String, Object>>> fetched = new LinkedHashMap<>();
        for (Material m : records.materials(a.id())) {
            List<Map<String, Object>> list = new ArrayList<>();
            if (m.data().isArray()) {
                m.data().forEach(r -> list.add(json.convertValue(r, Map.class)));
            }
            fetched.put(m.name(), list);
        }
        for (ServiceDefinition.Material m : d.materials()) {
            List<Map<String, Object>> list = fetched.getOrDefault(m.name(), List.of());
            v.put(m.name(), list.isEmpty() ? null : list.getFirst());
            v.put(m.name() + "List", list);
            v.put(m.name() + "Count", list.size());
        }
        IdNumber id = IdNumber.parse(records.idNumberOf(a.id()));
        LocalDate today = LocalDate.now(time.zone());
        v.put("applicant", Map.of("age", Period.between(id.birthDate(), today).getYears(), "gender", id.male() ? "M" : "F", "district", id.divisionCode()));
        v.put("today", today.toString());
        v.put("limits", d.limits() == null || d.limits().isMissingNode() || d.limits().isNull() ? Map.of() : json.convertValue(d.limits(), Map.class));
        return v;
    }

    /** A payment order to the bank, one per application (its unique constraint), confirmed by the bank's reference. */
    @Bean
    JavaDelegate createPaymentOrder() {
        return e -> {
            Application a = records.require(applicationId(e));
            BigDecimal amount = a.amount();
            if (amount == null || amount.signum() <= 0) {
                records.step(a.id(), "NOT_PAID", "system", "金额为零，不生成支付指令", "The amount is zero: no payment order");
                return;
            }
            // a benefit paid to the social security card: its bank finds the card's account by the holder's ID number
            boolean card = "SOCIAL_SECURITY_CARD".equals(a.form().path("payTo").asString(""));
            String account = card ? "SSC:" + records.idNumberOf(a.id()) : a.form().path("bankAccount").asString("");
            Instant now = Instant.now();
            jdbc.sql("""
                    insert into svc_payment_order (application_id, payer, payee_name, payee_account, amount, purpose, state, created_at)
                    values (?, ?, ?, ?, ?, ?, 'ORDERED', ?)""").params(a.id(), a.department(), a.applicantName(), account, amount,
                    service(a).definition().nameZh(), Timestamp.from(now)).update();
            long orderId = jdbc.sql("select id from svc_payment_order where application_id = ?").param(a.id()).query(Long.class).single();
            String reference = bank.pay(new Bank.Order(orderId, a.department(), a.applicantName(), account, amount, service(a).definition().nameZh()));
            jdbc.sql("update svc_payment_order set state = 'CONFIRMED', bank_reference = ?, confirmed_at = ? where id = ?")
                    .params(reference, Timestamp.from(Instant.now()), orderId).update();
            String masked = card ? "本人社会保障卡" : (account.length() > 4 ? "尾号" + account.substring(account.length() - 4) : account) + "的银行卡";
            String maskedEn = card ? "your social security card" : "the card " + (account.length() > 4 ? "ending " + account.substring(account.length() - 4) : account);
            records.step(a.id(), "PAID", a.department(), "已向银行发出支付指令 " + amount.toPlainString() + " 元，转入" + masked + "（银行流水 " + reference + "）",
                    "Payment order of " + amount.toPlainString() + " yuan sent to the bank, to " + maskedEn + " (bank reference " + reference + ")");
        };
    }

    /** The decision: approved or refused, with the rule or the reviewer's reason, and the application is finished. */
    @Bean
    JavaDelegate issueDecision() {
        return e -> {
            Application a = records.require(applicationId(e));
            Object review = e.getVariable("review");
            boolean refused = review != null ? !"APPROVE".equals(review) : "REFUSE".equals(e.getVariable("outcome"));
            Application.State to = refused ? Application.State.REFUSED : Application.State.APPROVED;
            records.move(a.id(), null, to, null);
            Application now = records.require(a.id());
            if (refused) {
                records.step(a.id(), "REFUSED", a.department(), "不予办理：" + now.outcomeZh(), "Refused: " + now.outcomeEn());
            } else {
                records.step(a.id(), "APPROVED", a.department(), "准予办理，决定书已出具", "Approved: the decision letter is issued");
                certify(now);
            }
        };
    }

    /** Issues the service's certificates into the applicant's wallet, in the decision's transaction: granted and certified commit together. */
    private void certify(Application a) {
        ServiceDefinition d = service(a).definition();
        LocalDate today = LocalDate.now(time.zone());
        Map<String, JsonNode> fetched = new HashMap<>();
        for (Material m : records.materials(a.id())) {
            if (m.data().isArray() && !m.data().isEmpty()) {
                fetched.put(m.name(), m.data().get(0));
            }
        }
        for (CertificateOutput c : d.output().certificates()) {
            CertificateIssuer.Issued issued = certificates.issue(c.order(a, d, records.idNumberOf(a.id()), fetched, today));
            records.step(a.id(), "CERTIFIED", issued.issuer(), "已签发电子证照「" + issued.titleZh() + "」（编号 " + issued.number() + "），已放入卡包",
                    "Certificate “" + issued.titleEn() + "” issued (number " + issued.number() + "): it is in your wallet");
        }
    }

    private static String half(String bilingual, boolean english) {
        if (bilingual == null) {
            return "";
        }
        int cut = bilingual.indexOf(" / ");
        return cut < 0 ? bilingual : english ? bilingual.substring(cut + 3) : bilingual.substring(0, cut);
    }
}
