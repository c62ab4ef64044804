package org.citybrain.services.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The provident fund's withdrawal table on Operaton's DMN engine: each ground granted or refused with the rule that decided. */
class EligibilityTableTest {

    private static final EligibilityTable TABLE = EligibilityTable.parse(read("/services/definitions/gjj-withdrawal.dmn"));

    private static String read(String resource) {
        try (var in = EligibilityTableTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> tenant(String status, String openedOn, double balance, List<Map<String, Object>> properties) {
        Map<String, Object> v = new HashMap<>();
        v.put("ground", "RENT");
        v.put("monthlyRent", 1800);
        v.put("months", 6);
        v.put("purchaseAmount", null);
        v.put("today", "2026-12-03");
        v.put("limits", Map.of("rentMonthlyCap", 1500, "minContributionMonths", 3, "purchaseWithinMonths", 12, "retirementAgeMale", 60, "retirementAgeFemale", 55));
        v.put("applicant", Map.of("age", 34, "gender", "F"));
        Map<String, Object> account = new HashMap<>(Map.of("account", "ZZ001", "status", status, "balance", balance, "openedOn", openedOn));
        v.put("fundAccount", account);
        v.put("fundAccountList", List.of(account));
        v.put("fundAccountCount", 1);
        v.put("property", properties.isEmpty() ? null : properties.getFirst());
        v.put("propertyList", properties);
        v.put("propertyCount", properties.size());
        return v;
    }

    @Test
    void aTenantWithoutAHomeGetsTheRentCappedByTheCity() {
        EligibilityTable.Verdict v = TABLE.decide(tenant("ACTIVE", "2020-01-15", 40_000, List.of()));
        assertThat(v.outcome()).isEqualTo(EligibilityTable.Outcome.GRANT);
        assertThat(v.rule()).isEqualTo("RENT");
        assertThat(v.amount()).isEqualByComparingTo(new BigDecimal("9000")); // 6 months × min(1800, 1500)
        assertThat(v.reasonZh()).contains("1500");
    }

    @Test
    void theAmountNeverExceedsTheBalance() {
        assertThat(TABLE.decide(tenant("ACTIVE", "2020-01-15", 2_345.67, List.of())).amount()).isEqualByComparingTo("2345.67");
    }

    @Test
    void aHomeOwnerIsRefusedWithTheRuleAndWhatWouldChangeIt() {
        EligibilityTable.Verdict v = TABLE.decide(tenant("ACTIVE", "2020-01-15", 40_000, List.of(Map.of("certificate", "豫(2024)郑州市不动产权第1号",
                "registeredOn", "2024-05-01"))));
        assertThat(v.outcome()).isEqualTo(EligibilityTable.Outcome.REFUSE);
        assertThat(v.rule()).isEqualTo("OWNS_HOME");
        assertThat(v.reasonEn()).contains("mortgage");
    }

    @Test
    void aSealedAccountAndShortContributionsAreRefused() {
        assertThat(TABLE.decide(tenant("SEALED", "2020-01-15", 40_000, List.of())).rule()).isEqualTo("ACCOUNT_NOT_ACTIVE");
        assertThat(TABLE.decide(tenant("ACTIVE", "2026-10-20", 4_000, List.of())).rule()).isEqualTo("CONTRIBUTED_TOO_SHORT");
    }

    @Test
    void retirementByAgeAndGenderFromTheCityLimits() {
        Map<String, Object> v = tenant("SEALED", "1995-03-01", 120_000, List.of());
        v.put("ground", "RETIREMENT");
        v.put("applicant", Map.of("age", 56, "gender", "F"));
        assertThat(TABLE.decide(v).rule()).isEqualTo("RETIREMENT");
        assertThat(TABLE.decide(v).amount()).isEqualByComparingTo("120000");
        v.put("applicant", Map.of("age", 56, "gender", "M"));
        assertThat(TABLE.decide(v).rule()).isEqualTo("NOT_RETIRED");
    }

    @Test
    void aPurchaseNeedsARecentRegistration() {
        Map<String, Object> v = tenant("ACTIVE", "2015-03-01", 80_000, List.of(Map.of("certificate", "x", "registeredOn", "2026-09-01")));
        v.put("ground", "PURCHASE");
        assertThat(TABLE.decide(v).rule()).isEqualTo("PURCHASE");
        v = tenant("ACTIVE", "2015-03-01", 80_000, List.of(Map.of("certificate", "x", "registeredOn", "2019-09-01")));
        v.put("ground", "PURCHASE");
        assertThat(TABLE.decide(v).rule()).isEqualTo("NO_RECENT_PURCHASE");
    }

    @Test
    void noAccountIsTheFirstRefusal() {
        Map<String, Object> v = tenant("ACTIVE", "2020-01-15", 0, List.of());
        v.put("fundAccount", null);
        v.put("fundAccountList", List.of());
        v.put("fundAccountCount", 0);
        assertThat(TABLE.decide(v).rule()).isEqualTo("NO_ACCOUNT");
    }

    @Test
    void theTableNamesTheVariablesItReads() {
        assertThat(TABLE.names()).contains("ground", "fundAccount", "fundAccountCount", "propertyCount", "propertyList", "limits", "applicant", "today",
                "monthlyRent", "months", "purchaseAmount").doesNotContain("item", "count", "date", "duration", "min");
    }

    @Test
    void aTableWithoutTheExplainingOutputsIsRefused() {
        String xml = read("/services/definitions/gjj-withdrawal.dmn").replace("name=\"reasonEn\"", "name=\"why\"");
        assertThatThrownBy(() -> EligibilityTable.parse(xml)).hasMessageContaining("reasonEn");
        assertThatThrownBy(() -> EligibilityTable.parse("<definitions")).hasMessageContaining("DMN");
    }
}
