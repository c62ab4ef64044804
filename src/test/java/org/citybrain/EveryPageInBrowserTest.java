package org.citybrain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page each role reaches, in Chromium at phone and desktop size and in both languages: no serious or critical
 * axe-core violation, nothing to scroll sideways on a phone, a favicon, and the things every page shares (the
 * language switch keeps the page, large text, a refusal is a page with a way back).
 */
@CityBrainTest
class EveryPageInBrowserTest extends BrowserTest {

    @Autowired
    JdbcTemplate jdbc;

    /** Each account's pages (paths), signed in with the staff form or, for ID numbers, the citizen form. */
    private Map<String, List<String>> pagesByAccount() {
        long zhangMing = jdbc.queryForObject("select id from resident where id_number = '410105198805120019'", Long.class);
        String hospital = jdbc.queryForObject("select id from twin_entity where id like 'urn:ngsi-ld:Hospital:%' order by id fetch first 1 rows only", String.class);
        Map<String, List<String>> pages = new LinkedHashMap<>();
        List<String> citizen = new ArrayList<>(List.of("/", "/health/code", "/community", "/me", "/ui", "/services", "/services?event=HOUSING",
                "/services/gjj-withdrawal", "/services/applications", "/enrollment", "/enrollment/primary-2027/apply", "/enrollment/draws/primary-2027",
                "/services/residence-permit", "/services/individual-business", "/wallet", "/certificates/verify", "/messages", "/flood/report",
                "/flood/reports"));
        jdbc.queryForList("select id from flood_report where reporter = '410105198805120019' order by id desc fetch first 1 rows only", Long.class)
                .forEach(id -> citizen.add("/flood/reports/" + id));
        jdbc.queryForList("select number from cert_certificate where holder_id_number = '410105198805120019' order by id desc fetch first 1 rows only",
                String.class).forEach(n -> citizen.add("/wallet/" + n));
        jdbc.queryForList("""
                select number from enr_application where parent_id = (select resident_id from account where username = '410105198805120019')
                order by id desc fetch first 1 rows only""", String.class).forEach(n -> citizen.add("/enrollment/applications/" + n));
        pages.put("410105198805120019", citizen);
        pages.put("jinshui.worker", List.of("/", "/loops", "/residents", "/residents/" + zhangMing, "/health/residents/" + zhangMing,
                "/loops/people/" + zhangMing, "/community", "/health/desk"));
        pages.put("hospital", List.of("/", "/health/tests"));
        List<String> commander = new ArrayList<>(List.of("/overview", "/twin", "/twin/entity?id=" + hospital, "/flood", "/flood/command", "/flood/live"));
        jdbc.queryForList("select id from flood_task order by id desc fetch first 1 rows only", Long.class).forEach(id -> commander.add("/flood/tasks/" + id));
        // two scenarios of the flood headquarters, run here unless another test ran them first
        for (String name : List.of("页面检查 1年一遇", "页面检查 2年一遇")) {
            CityBrainClient.basic(port, "commander", DemoAccounts.password("commander")).json("POST", "/api/flood/v1/scenarios",
                    "{\"name\": \"" + name + "\", \"storm\": \"DESIGN\", \"returnPeriodYears\": " + name.charAt(5) + ", \"durationMinutes\": 60, \"peakPercent\": 40}");
        }
        List<Long> scenarios = jdbc.queryForList("select id from flood_scenario order by id desc fetch first 2 rows only", Long.class);
        commander.add("/flood/scenarios/" + scenarios.get(0));
        commander.add("/flood/compare?a=" + scenarios.get(0) + "&b=" + scenarios.get(1));
        jdbc.queryForList("select spot_id from flood_spot_prediction where scenario_id = ? order by peak_cm desc fetch first 1 rows only", Long.class, scenarios.get(0))
                .forEach(spot -> commander.add("/flood/scenarios/" + scenarios.get(0) + "/spots/" + spot));
        pages.put("commander", commander);
        pages.put("auditor", List.of("/audit", "/audit?verify=true"));
        List<String> hub = new ArrayList<>(List.of("/datahub", "/datahub/sources/railway-arrivals", "/datahub/sources/social-security",
                "/datahub/sources/province-health-codes", "/datahub/catalogue", "/datahub/catalogue/housing-owners"));
        Long run = jdbc.queryForObject("select max(id) from hub_run where source_id = 'railway-arrivals'", Long.class);
        if (run != null) {
            hub.add("/datahub/runs/" + run);
        }
        hub.add("/datahub/sharing");
        hub.add("/datahub/peers");
        hub.add("/datahub/exchange");
        hub.add("/services/statistics");
        hub.add("/certificates/issuers");
        String chain = jdbc.queryForList("select chain from exchange_receipt order by id fetch first 1 rows only", String.class).stream().findFirst().orElse(null);
        if (chain != null) {
            hub.add("/datahub/exchange?chain=" + chain);
        }
        Long application = jdbc.queryForObject("select max(id) from share_application", Long.class);
        if (application != null) {
            hub.add("/datahub/sharing/" + application);
        }
        pages.put("bigdata", hub);
        pages.put("jinshui.education", List.of("/datahub/sharing", "/datahub/catalogue/housing-owners"));
        pages.put("resources", List.of("/datahub/sharing?as=owner"));
        List<String> fund = new ArrayList<>(List.of("/services/designer", "/services/designer/new", "/services/designer/gjj-withdrawal",
                "/services/queue", "/services/queue?state=ALL", "/services?q=%E5%85%AC%E7%A7%AF%E9%87%91",
                "/services/statistics", "/services/statistics?from=2026-12-09&to=2026-12-01"));
        jdbc.queryForList("select id from svc_application where department = '郑州住房公积金管理中心' order by id desc fetch first 1 rows only", Long.class)
                .forEach(id -> fund.add("/services/applications/" + id));
        pages.put("gjj.officer", fund);
        List<String> police = new ArrayList<>();
        jdbc.queryForList("select id from svc_application where department = '郑州市公安局' order by id desc fetch first 1 rows only", Long.class)
                .forEach(id -> police.add("/services/applications/" + id));
        police.add("/services/queue");
        pages.put("police.officer", police);
        pages.put("education.officer", List.of("/enrollment/manage", "/enrollment/manage/primary-2027", "/enrollment/manage/junior-2027"));
        // the counter serving the Jinshui tenant: a visit opened for the clerk, and any receipt of hers
        String visit = java.util.UUID.randomUUID().toString();
        jdbc.update("""
                insert into svc_counter_visit (id, clerk, resident_id, id_number, name, identified_by, started_at, ends_at)
                select ?, 'hall.clerk', resident_id, username, display_name, 'CARD', current_timestamp, current_timestamp + interval '1' hour from account
                where username = '410105198805120019'""", visit);
        List<String> counter = new ArrayList<>(List.of("/services/counter", "/services/counter/visits/" + visit,
                "/services/counter/visits/" + visit + "/services/gjj-withdrawal"));
        jdbc.queryForList("select id from svc_application where served_by = 'hall.clerk' order by id desc fetch first 1 rows only", Long.class)
                .forEach(id -> counter.add("/services/counter/receipts/" + id));
        pages.put("hall.clerk", counter);
        pages.put("health", List.of("/health/desk", "/health/tests", "/residents?name=%E5%BC%A0", "/datahub/peers"));
        return pages;
    }

    @Test
    void everyPageIsAccessibleFitsAPhoneAndSpeaksOneLanguage() {
        List<String> problems = new ArrayList<>();
        for (Size size : Size.values()) {
            for (String lang : List.of("zh", "en")) {
                atSize(size);
                open("/login?lang=" + ("en".equals(lang) ? "en" : "zh_CN"));
                check(size, lang, problems);
                for (var account : pagesByAccount().entrySet()) {
                    signIn(account.getKey().matches("\\d{17}[\\dX]") ? "citizen-login" : "staff-login", account.getKey());
                    for (String path : account.getValue()) {
                        open(path + (path.contains("?") ? "&" : "?") + "lang=" + ("en".equals(lang) ? "en" : "zh_CN"));
                        check(size, lang, problems);
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    private void check(Size size, String lang, List<String> problems) {
        String where = size + " " + lang + " " + browser.getCurrentUrl().replaceFirst("http://localhost:\\d+", "");
        seriousAccessibilityProblems().forEach(p -> problems.add(where + ": " + p));
        if (size == Size.PHONE && !fitsTheWindow()) {
            problems.add(where + ": wider than the 390 px phone");
        }
        String htmlLang = browser.findElement(By.tagName("html")).getDomAttribute("lang");
        if (!("en".equals(lang) ? "en" : "zh-CN").equals(htmlLang)) {
            problems.add(where + ": page language " + htmlLang);
        }
        // a message the bundle lacks shows as ??key_locale?? in the page
        java.util.regex.Matcher missing = java.util.regex.Pattern.compile("\\?\\?[\\w.]+\\?\\?").matcher(browser.getPageSource());
        if (missing.find()) {
            problems.add(where + ": message missing from the bundle: " + missing.group());
        }
    }

    @Test
    void switchingLanguageKeepsThePageAndItsParameters() {
        String hospital = jdbc.queryForObject("select id from twin_entity where id like 'urn:ngsi-ld:Hospital:%' order by id fetch first 1 rows only", String.class);
        signIn("commander");
        open("/twin/entity?id=" + hospital);
        String name = browser.findElement(By.cssSelector("h1 span")).getText();
        inLanguage("en");
        assertThat(browser.getCurrentUrl()).contains("/twin/entity").contains("id=");
        assertThat(browser.findElement(By.cssSelector("h1 span")).getText()).isEqualTo(name);
        assertThat(browser.findElement(By.tagName("h1")).getText()).endsWith("Hospital");
        assertThat(browser.findElement(By.id("entity-id")).getText()).isEqualTo(hospital);
        inLanguage("zh");

        signIn("jinshui.worker");
        open("/residents?name=" + java.net.URLEncoder.encode("张明", java.nio.charset.StandardCharsets.UTF_8));
        int found = browser.findElements(By.cssSelector("tr.resident-row")).size();
        inLanguage("en");
        assertThat(browser.findElements(By.cssSelector("tr.resident-row"))).hasSize(found);
        assertThat(browser.findElement(By.id("resident-search-name")).getDomProperty("value")).isEqualTo("张明");
        inLanguage("zh");
    }

    @Test
    void largeTextIsOneSwitchAwayAndRemembered() {
        signIn("citizen-login", "410105198805120019");
        open("/health/code");
        double standard = fontSize();
        browser.findElement(By.id("view-switch")).click();
        waiting().until(d -> d.findElement(By.tagName("html")).getDomAttribute("class") != null
                && d.findElement(By.tagName("html")).getDomAttribute("class").contains("large-text"));
        assertThat(fontSize()).isGreaterThan(standard * 1.2);
        open("/me");
        assertThat(browser.findElement(By.tagName("html")).getDomAttribute("class")).contains("large-text");
        assertThat(seriousAccessibilityProblems()).isEmpty();
        browser.findElement(By.id("view-switch")).click();
        waiting().until(d -> fontSize() == standard);
    }

    @Test
    void aRefusedPageIsAPageWithAWayBackAndEveryPageHasAFavicon() {
        signIn("citizen-login", "410105198805120019");
        open("/me");
        // Followed from a page (as a link would be), so the refusal knows where the reader came from.
        browser.executeScript("location.href = '/loops'");
        waiting().until(d -> !d.findElements(By.id("refusal")).isEmpty());
        assertThat(browser.findElement(By.id("refusal")).getText()).isNotBlank().doesNotContain("/").doesNotContain("role");
        assertThat(browser.getPageSource()).doesNotContain("\"status\"");
        browser.findElement(By.id("go-back")).click();
        waiting().until(d -> d.getCurrentUrl().endsWith("/me"));
        Object favicon = browser.executeScript("return document.querySelector('link[rel=icon]').href");
        assertThat(CityBrainClient.anonymous(port).get(String.valueOf(favicon).replaceFirst("http://localhost:\\d+", ""), "image/svg+xml").status())
                .isEqualTo(200);
    }

    @Test
    void theStylePageShowsEveryComponent() {
        signIn("jinshui.worker");
        open("/ui");
        for (String id : List.of("notice-example", "form-example", "tag-example", "time-example", "table-example", "empty-example", "phone-example")) {
            assertThat(browser.findElements(By.id(id))).as(id).isNotEmpty();
        }
        assertThat(browser.findElement(By.id("example-errors")).getText()).contains("体温");
        assertThat(browser.findElement(By.id("example-temperature")).getDomProperty("value")).isEqualTo("三十七");
        assertThat(browser.findElements(By.cssSelector(".pager a[rel=next]"))).hasSize(1);
    }

    private double fontSize() {
        return Double.parseDouble(String.valueOf(browser.executeScript(
                "return parseFloat(getComputedStyle(document.documentElement).fontSize)")));
    }
}
