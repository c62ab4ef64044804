package org.citybrain.services.internal;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.platform.Conflict;
import org.citybrain.platform.FirstSubmissionWins;
import org.citybrain.platform.Forbidden;
import org.citybrain.platform.pages.CityTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A benefit paid every month (按月发放: the old-age allowance): on the first of each month each approved application of
 * a service whose output says {@code monthly} is paid again — the amount decided afresh by the service's own rule
 * table on her age that month (she turns 90: the higher band) — to the same account, unless it was paid this month
 * already. One payment per application and month, by the unique constraint, whichever node runs it; each on her
 * timeline (and so told to her).
 */
@Component
class MonthlyBenefits {

    private static final Logger log = LoggerFactory.getLogger(MonthlyBenefits.class);

    private final JdbcClient jdbc;
    private final ServiceCatalogue catalogue;
    private final ApplicationRecords records;
    private final ServiceSteps steps;
    private final Bank bank;
    private final FirstSubmissionWins once;
    private final CityTime time;

    MonthlyBenefits(JdbcClient jdbc, ServiceCatalogue catalogue, ApplicationRecords records, ServiceSteps steps, Bank bank, FirstSubmissionWins once,
                    CityTime time) {
        this.jdbc = jdbc;
        this.catalogue = catalogue;
        this.records = records;
        this.steps = steps;
        this.bank = bank;
        this.once = once;
        this.time = time;
    }

    @Scheduled(cron = "${citybrain.services.benefits.monthly-cron:0 0 9 1 * *}", zone = "${citybrain.city.zone:Asia/Shanghai}")
    void firstOfTheMonth() {
        for (ServiceCatalogue.Published p : catalogue.all()) {
            if (p.definition().source().path("output").path("monthly").asBoolean(false)) {
                pay(p.definition().code(), YearMonth.now(time.zone()));
            }
        }
    }

    /** The department pays this month's round now (the first-of-month run failed, a bank was down); returns how many were paid. */
    int payNow(CurrentUser officer, String serviceCode) {
        Action.HANDLE_APPLICATIONS.demand(officer);
        ServiceDefinition d = catalogue.current(serviceCode).definition();
        if (!d.department().equals(officer.unitName())) {
            throw new Forbidden("code", "只能处理本部门的事项 / only your own department's services");
        }
        if (!d.source().path("output").path("monthly").asBoolean(false)) {
            throw new Conflict("code", "该事项不按月发放 / this service is not paid monthly");
        }
        return pay(serviceCode, YearMonth.now(time.zone()));
    }

    private int pay(String serviceCode, YearMonth month) {
        Instant monthStarts = month.atDay(1).atStartOfDay(time.zone()).toInstant();
        // approved before this month began, and not paid this month (neither its first payment nor a monthly one)
        List<Application> due = records.where("""
                service_code = ? and state = 'APPROVED' and decided_at < ?
                and not exists (select 1 from svc_payment_order o where o.application_id = svc_application.id and o.created_at >= ?)
                and not exists (select 1 from svc_benefit_payment b where b.application_id = svc_application.id and b.pay_month = ?)
                order by id fetch first 5000 rows only""", serviceCode, Timestamp.from(monthStarts), Timestamp.from(monthStarts), month.toString());
        int paid = 0;
        for (Application a : due) {
            paid += payOne(a, month) ? 1 : 0;
        }
        log.info("monthly benefit {} for {}: {} paid", serviceCode, month, paid);
        return paid;
    }

    private boolean payOne(Application a, YearMonth month) {
        ServiceCatalogue.Published p = catalogue.version(a.serviceCode(), a.serviceVersion());
        EligibilityTable.Verdict v = p.table().decide(steps.variables(a, p.definition()));
        BigDecimal amount = v.amount();
        if (v.outcome() != EligibilityTable.Outcome.GRANT || amount == null || amount.signum() <= 0) {
            records.step(a.id(), "NOT_PAID", "system", month + " 未发放：" + v.reasonZh(), month + " not paid: " + v.reasonEn());
            return false;
        }
        Instant now = Instant.now();
        boolean mine = once.insert(() -> jdbc.sql("""
                insert into svc_benefit_payment (application_id, pay_month, amount, state, created_at) values (?, ?, ?, 'ORDERED', ?)""")
                .params(a.id(), month.toString(), amount, Timestamp.from(now)).update());
        if (!mine) {
            return false; // another node pays it this month
        }
        long id = jdbc.sql("select id from svc_benefit_payment where application_id = ? and pay_month = ?").params(a.id(), month.toString())
                .query(Long.class).single();
        String account = jdbc.sql("select payee_account from svc_payment_order where application_id = ?").param(a.id()).query(String.class).optional()
                .orElse("SSC:" + records.idNumberOf(a.id()));
        try {
            String reference = bank.pay(new Bank.Order(id, a.department(), a.applicantName(), account, amount, p.definition().nameZh() + " " + month));
            jdbc.sql("update svc_benefit_payment set state = 'CONFIRMED', bank_reference = ?, confirmed_at = ? where id = ?")
                    .params(reference, Timestamp.from(Instant.now()), id).update();
            records.step(a.id(), "PAID", a.department(), "已发放" + month + "的" + p.definition().nameZh() + " " + amount.toPlainString() + " 元（银行流水 " + reference + "）",
                    month + " " + p.definition().nameEn() + " paid: " + amount.toPlainString() + " yuan (bank reference " + reference + ")");
            return true;
        } catch (RuntimeException refused) {
            jdbc.sql("update svc_benefit_payment set state = 'FAILED', failure = ? where id = ?")
                    .params(String.valueOf(refused.getMessage()).substring(0, Math.min(300, String.valueOf(refused.getMessage()).length())), id).update();
            log.warn("monthly payment {} of application {} refused by the bank: {}", month, a.id(), refused.getMessage());
            return false;
        }
    }
}
