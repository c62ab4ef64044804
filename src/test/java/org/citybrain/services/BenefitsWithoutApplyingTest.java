package org.citybrain.services;

import java.time.LocalDate;
import java.time.Period;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainClient.Answer;
import org.citybrain.CityBrainTest;
import org.citybrain.DemoAccounts;
import org.citybrain.datahub.DemoFeedRuns;
import org.citybrain.standards.IdNumber;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 免申即享, the old-age allowance: the civil affairs bureau's sweep finds the residents of 80 and over in the household
 * register through its grant and offers each of them the allowance once (a second sweep offers nobody again); one
 * of them signs in by SMS, sees it on the services page, confirms with one tap, and the application is decided by the
 * service's rule table by her age band and paid to her social security card; nobody younger is offered it and nobody
 * else can answer her offer.
 */
@CityBrainTest
class BenefitsWithoutApplyingTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theSweepOffersTheAllowanceOnceAndOneTapDecidesAndPaysIt() throws Exception {
        DemoFeedRuns.loaded(port, "household-registry");
        CityBrainClient bureau = CityBrainClient.basic(port, "civil.officer", DemoAccounts.password("civil.officer"));
        Answer swept = bureau.json("POST", "/api/services/v1/services/elderly-allowance/sweep", "{}");
        assertThat(swept.status()).as(swept.body()).isEqualTo(200);
        assertThat(swept.json().get("offered").asInt()).isPositive();
        assertThat(bureau.json("POST", "/api/services/v1/services/elderly-allowance/sweep", "{}").json().get("offered").asInt())
                .as("offered once").isZero();
        LocalDate eighty = LocalDate.now().minusYears(80);
        for (String idNumber : jdbc.queryForList("select r.id_number from svc_benefit_offer o join resident r on r.id = o.resident_id", String.class)) {
            assertThat(new IdNumber(idNumber).birthDate()).isBeforeOrEqualTo(eighty.plusDays(1));
        }
        assertThat(jdbc.queryForObject("select count(*) from svc_benefit_offer o join resident r on r.id = o.resident_id where r.id_number = ?",
                Long.class, "410105198805120019")).isZero();
        assertThat(CityBrainClient.basic(port, "gjj.officer", DemoAccounts.password("gjj.officer"))
                .json("POST", "/api/services/v1/services/elderly-allowance/sweep", "{}").status()).as("another department's service").isEqualTo(403);

        Map<String, Object> elder = jdbc.queryForMap("""
                select o.id, r.id_number from svc_benefit_offer o join resident r on r.id = o.resident_id
                where r.mobile is not null and o.state = 'OFFERED' order by o.id fetch first 1 rows only""");
        long offer = ((Number) elder.get("id")).longValue();
        String idNumber = (String) elder.get("id_number");
        CityBrainClient phone = CityBrainClient.anonymous(port);
        String csrf = phone.csrf("/login");
        Matcher code = Pattern.compile("验证码 (\\d{6})").matcher(phone.postForm("/login/sms-code", Map.of("idNumber", idNumber), csrf).body());
        assertThat(code.find()).isTrue();
        phone.postForm("/login", Map.of("username", idNumber, "password", code.group(1)), csrf);

        String page = phone.get("/services").body();
        assertThat(page).contains("id=\"benefit-offers\"").contains("高龄津贴");
        assertThat(CityBrainClient.basic(port, "410105198805120019", DemoAccounts.password("410105198805120019"))
                .json("POST", "/api/services/v1/benefits/" + offer + "/confirm", "{}").status()).as("not his offer").isEqualTo(404);

        Answer tapped = phone.postForm("/services/benefits/" + offer + "/confirm", Map.of(), phone.csrf("/services"));
        String location = tapped.headers().firstValue("Location").orElse("");
        assertThat(location).as(tapped.status() + " " + tapped.body()).contains("/services/applications/");
        long application = Long.parseLong(location.replaceFirst(".*/services/applications/", ""));
        JsonNode decided = phone.get("/api/services/v1/applications/" + application).json();
        assertThat(decided.get("state").asString()).isEqualTo("APPROVED");
        int age = Period.between(new IdNumber(idNumber).birthDate(), LocalDate.now()).getYears();
        int monthly = age >= 100 ? 500 : age >= 90 ? 200 : 100;
        assertThat(decided.get("amount").decimalValue()).isEqualByComparingTo(String.valueOf(monthly));
        assertThat(jdbc.queryForObject("select payee_account from svc_payment_order where application_id = ? and state = 'CONFIRMED'", String.class, application))
                .isEqualTo("SSC:" + idNumber);
        assertThat(jdbc.queryForObject("select state from svc_benefit_offer where id = ?", String.class, offer)).isEqualTo("CONFIRMED");
        assertThat(phone.get("/services").body()).as("answered: no longer offered").doesNotContain("id=\"benefit-offers\"");

        Answer again = phone.postForm("/services/benefits/" + offer + "/confirm", Map.of(), phone.csrf("/services"));
        assertThat(again.headers().firstValue("Location").orElse("")).as("a second tap is the same application").endsWith("/services/applications/" + application);
        assertThat(jdbc.queryForObject("select count(*) from svc_payment_order where application_id = ?", Long.class, application)).isEqualTo(1);

        // paid every month: this month is paid already; as if she had been approved last month, this month's round pays her once
        bureau.json("POST", "/api/services/v1/services/elderly-allowance/monthly-payments", "{}");
        assertThat(jdbc.queryForObject("select count(*) from svc_benefit_payment where application_id = ?", Long.class, application)).isZero();
        jdbc.update("update svc_application set decided_at = decided_at - interval '35' day where id = ?", application);
        jdbc.update("update svc_payment_order set created_at = created_at - interval '35' day where application_id = ?", application);
        Answer round = bureau.json("POST", "/api/services/v1/services/elderly-allowance/monthly-payments", "{}");
        assertThat(round.status()).as(round.body()).isEqualTo(200);
        assertThat(round.json().get("paid").asInt()).isPositive();
        Map<String, Object> payment = jdbc.queryForMap("select pay_month, amount, state from svc_benefit_payment where application_id = ?", application);
        assertThat(payment.get("pay_month")).isEqualTo(java.time.YearMonth.now(java.time.ZoneId.of("Asia/Shanghai")).toString());
        assertThat((java.math.BigDecimal) payment.get("amount")).isEqualByComparingTo(String.valueOf(monthly));
        assertThat(payment.get("state")).isEqualTo("CONFIRMED");
        bureau.json("POST", "/api/services/v1/services/elderly-allowance/monthly-payments", "{}");
        assertThat(jdbc.queryForObject("select count(*) from svc_benefit_payment where application_id = ?", Long.class, application)).as("once a month").isEqualTo(1);
        assertThat(phone.get("/api/services/v1/applications/" + application).json().get("steps").findValuesAsString("kind").stream().filter("PAID"::equals))
                .hasSize(2);
    }
}
