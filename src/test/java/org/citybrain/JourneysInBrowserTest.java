package org.citybrain;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.citybrain.scanpoint.DeviceKind;
import org.citybrain.scanpoint.ScanDevices;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each role's main journey through its pages, in a real headless Chromium, at phone (390 px) and desktop size, in
 * Chinese and English. What is asserted is what a person would notice: the field named in the error summary, the
 * typed values kept, no sideways scrolling on a phone, no internal code or raw timestamp on the page, times in the
 * city's zone, and no serious or critical accessibility violation (axe-core) on any page visited.
 */
@CityBrainTest
class JourneysInBrowserTest extends BrowserTest {

    /** What people must never see: enum names (FEVER_DECLARED), raw ISO timestamps, bare 12-digit division codes. */
    private static final Pattern INTERNAL = Pattern.compile("\\b[A-Z]{2,}_[A-Z_]{2,}\\b|\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}|(?<![\\d*])\\d{12}(?![\\d*])");
    private static final ZoneId CITY = ZoneId.of("Asia/Shanghai");

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ScanDevices devices;

    static Stream<Arguments> sizesAndLanguages() {
        return Stream.of(Arguments.of(Size.PHONE, "zh"), Arguments.of(Size.PHONE, "en"), Arguments.of(Size.DESKTOP, "zh"),
                Arguments.of(Size.DESKTOP, "en"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("sizesAndLanguages")
    void theCitizenShowsHerCodeDeclaresAndRegistersAVisit(Size size, String lang) {
        atSize(size);
        signIn("citizen-login", "410103199209030027");
        inLanguage(lang);
        boolean en = "en".equals(lang);
        open("/health/code");
        waiting().until(d -> !d.findElements(By.cssSelector("#qr svg.qr")).isEmpty());
        // The screen she holds up to a guard: masked name and ID, a ticking clock in the city's time, never her full ID.
        assertThat(browser.findElement(By.id("holder")).getText()).isEqualTo("李*");
        assertThat(browser.findElement(By.id("holder-id")).getText()).contains("*").endsWith("0027");
        assertThat(pageText()).doesNotContain("410103199209030027");
        String clock = browser.findElement(By.id("clock")).getText();
        assertThat(clock).startsWith(ZonedDateTime.now(CITY).format(DateTimeFormatter.ofPattern("yyyy-MM-dd")));
        waiting().until(d -> !d.findElement(By.id("clock")).getText().equals(clock));
        assertThat(browser.findElement(By.id("validity")).getText()).contains(en ? "Valid until" : "有效至");
        page(size, lang);

        // A declaration with a bad value: the summary names the field, links to it, and the typed value stays.
        WebElement temperature = browser.findElement(By.id("declare-health-temperature"));
        temperature.sendKeys("37度");
        browser.findElement(By.cssSelector("#declare-health button")).click();
        waiting().until(d -> !d.findElements(By.id("declare-health-errors")).isEmpty());
        WebElement summary = browser.findElement(By.id("declare-health-errors"));
        assertThat(summary.findElement(By.tagName("a")).getDomAttribute("href")).isEqualTo("#declare-health-temperature");
        assertThat(summary.getText()).contains(en ? "temperature" : "体温").doesNotContain(en ? "体温" : "temperature");
        assertThat(browser.findElement(By.id("declare-health-temperature")).getDomProperty("value")).isEqualTo("37度");
        assertThat(browser.findElement(By.id("declare-health-temperature-error")).isDisplayed()).isTrue();
        page(size, lang);
        browser.findElement(By.id("declare-health-temperature")).clear();
        browser.findElement(By.id("declare-health-temperature")).sendKeys("36.6");
        browser.findElement(By.cssSelector("#declare-health button")).click();
        awaitNotice();
        String now = ZonedDateTime.now(CITY).format(DateTimeFormatter.ofPattern("HH:mm"));
        String minuteAgo = ZonedDateTime.now(CITY).minusMinutes(1).format(DateTimeFormatter.ofPattern("HH:mm"));
        WebElement fact = browser.findElement(By.cssSelector("#facts tbody tr"));
        assertThat(fact.getText()).contains("36.6").contains(en ? "Health declaration" : "健康申报");
        // The time in the city's zone, said as today: never UTC, never an ISO stamp.
        assertThat(fact.findElement(By.tagName("time")).getText()).matches((en ? "today " : "今天 ") + "(" + now + "|" + minuteAgo + ")");
        assertThat(fact.findElement(By.tagName("time")).getDomAttribute("datetime")).endsWith("+08:00");

        // A trip by place name: an unknown name is refused at its field with the text kept; a city's name is enough.
        open("/health/code");
        browser.findElement(By.cssSelector("#trip-section summary")).click();
        browser.findElement(By.id("declare-trip-origin")).sendKeys("火星基地");
        browser.findElement(By.cssSelector("#declare-trip button")).click();
        waiting().until(d -> !d.findElements(By.id("declare-trip-errors")).isEmpty());
        // Every problem at once: the unknown place and both missing times.
        assertThat(browser.findElements(By.cssSelector("#declare-trip-errors a"))).hasSize(3);
        assertThat(browser.findElement(By.cssSelector("#declare-trip-errors a")).getDomAttribute("href")).isEqualTo("#declare-trip-origin");
        assertThat(browser.findElement(By.id("declare-trip-origin")).getDomProperty("value")).isEqualTo("火星基地");
        assertThat(browser.findElement(By.id("declare-trip-errors")).getText()).doesNotContain("divisionCode").doesNotContain("origin:");
        browser.findElement(By.id("declare-trip-origin")).clear();
        browser.findElement(By.id("declare-trip-origin")).sendKeys("洛阳");
        String yesterday = ZonedDateTime.now(CITY).minusDays(1).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm"));
        String earlier = ZonedDateTime.now(CITY).minusHours(2).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm"));
        browser.executeScript("document.getElementById('declare-trip-departedAt').value = arguments[0];"
                + "document.getElementById('declare-trip-arrivedAt').value = arguments[1];", yesterday, earlier);
        // The search offers the place by its full name while she types.
        waiting().until(d -> d.findElements(By.cssSelector("#declare-trip-origin-list option")).stream()
                .anyMatch(o -> "洛阳市 · 河南省".equals(o.getDomAttribute("value"))));
        browser.findElement(By.cssSelector("#declare-trip button")).click();
        awaitNotice();
        assertThat(browser.findElement(By.id("facts")).getText()).contains("洛阳市").doesNotContain("410300");

        // The cascade chooses the same way: province, then city, fills the field with the place's full name.
        browser.findElement(By.cssSelector("#trip-section summary")).click();
        browser.findElement(By.cssSelector("#trip-section details.cascade summary")).click();
        waiting().until(d -> d.findElements(By.cssSelector("#trip-section select[data-level='0'] option")).size() > 30);
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.cssSelector("#trip-section select[data-level='0']"))).selectByValue("410000");
        waiting().until(d -> d.findElements(By.cssSelector("#trip-section select[data-level='1'] option")).size() > 10);
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.cssSelector("#trip-section select[data-level='1']"))).selectByValue("410300");
        assertThat(browser.findElement(By.id("declare-trip-origin")).getDomProperty("value")).isEqualTo("洛阳市 · 河南省");

        // A correction request, seen with its state in words.
        browser.findElement(By.cssSelector("#correct-section summary")).click();
        browser.findElement(By.id("correct-request")).sendKeys("11月30日的行程不是我");
        browser.findElement(By.cssSelector("#correct button")).click();
        awaitNotice();
        browser.findElement(By.cssSelector("#correct-section summary")).click();
        assertThat(browser.findElement(By.id("corrections")).getText()).contains("11月30日的行程不是我").contains(en ? "Being handled" : "处理中");
        page(size, lang);

        // A visit, to a community chosen by name.
        String[] community = uniqueCommunity();
        open("/community");
        browser.findElement(By.cssSelector("#visit-section summary")).click();
        browser.findElement(By.id("visit-hostName")).sendKeys("王芳");
        browser.findElement(By.cssSelector("#visit button")).click();
        waiting().until(d -> !d.findElements(By.id("visit-errors")).isEmpty());
        assertThat(browser.findElement(By.cssSelector("#visit-errors a")).getDomAttribute("href")).isEqualTo("#visit-community");
        assertThat(browser.findElement(By.id("visit-hostName")).getDomProperty("value")).isEqualTo("王芳");
        page(size, lang);
        browser.findElement(By.id("visit-community")).sendKeys(community[1]);
        browser.findElement(By.id("visit-hostAddress")).sendKeys("3号楼2单元501");
        browser.findElement(By.id("visit-purpose")).sendKeys("探亲");
        browser.findElement(By.cssSelector("#visit button")).click();
        awaitNotice();
        assertThat(browser.findElement(By.id("mine")).getText()).contains(community[1]).doesNotContain(community[0]);
        page(size, lang);
        open("/me");
        page(size, lang);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("sizesAndLanguages")
    void theCommunityWorkerClosesATaskAndReadsAPersonsChain(Size size, String lang) {
        // A resident of her community arrives from the demo's high-risk area: red, a quarantine task. The community with
        // the most residents, each run another resident, signed in as its own worker.
        String community = jdbc.queryForObject("""
                select community_code from resident where community_code like '410102%' group by community_code order by count(*) desc, community_code
                fetch first 1 rows only""", String.class);
        String person = jdbc.queryForObject("""
                select id_number from resident where community_code = ? order by id offset ? rows fetch first 1 rows only""",
                String.class, community, size.ordinal() * 2 + ("en".equals(lang) ? 1 : 0));
        long resident = jdbc.queryForObject("select id from resident where id_number = ?", Long.class, person);
        String checkpoint = devices.devices(DeviceKind.CHECKPOINT, "", 2).getLast().deviceId();
        CityBrainClient.basic(port, checkpoint, DemoAccounts.password(checkpoint)).json("POST", "/api/scan/v1/devices/" + checkpoint + "/scans",
                "{\"seq\":\"" + UUID.randomUUID() + "\",\"idNumber\":\"" + person + "\",\"origin\":\"411102\",\"plate\":\"豫A88888\"}");
        boolean en = "en".equals(lang);
        atSize(size);
        signIn("worker-" + community);
        inLanguage(lang);
        long task = waitForTask(resident);
        openTaskPage(task);
        page(size, lang);
        WebElement row = browser.findElement(By.id("task-" + task));
        assertThat(row.getText()).contains(en ? "Quarantine" : "隔离管控").contains(en ? "Arrived from a high-risk area" : "来自高风险地区");

        // Closing without a note: refused at the note, the chosen outcome kept.
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("close-" + task + "-result"))).selectByValue("TRANSFERRED");
        browser.findElement(By.cssSelector("#close-" + task + " button")).click();
        waiting().until(d -> !d.findElements(By.id("close-" + task + "-errors")).isEmpty());
        assertThat(browser.findElement(By.cssSelector("#close-" + task + "-errors a")).getDomAttribute("href")).isEqualTo("#close-" + task + "-note");
        assertThat(new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("close-" + task + "-result"))).getFirstSelectedOption()
                .getDomAttribute("value")).isEqualTo("TRANSFERRED");
        page(size, lang);

        // The person's chain: the checkpoint passage in words (red code, from where).
        browser.findElement(By.cssSelector("#task-" + task + " a")).click();
        waiting().until(d -> !d.findElements(By.id("chain-checkpoints")).isEmpty());
        assertThat(browser.findElement(By.id("chain-checkpoints")).getText()).contains(en ? "Red code" : "红码").contains("源汇区");
        page(size, lang);

        openTaskPage(task);
        browser.findElement(By.id("close-" + task + "-note")).sendKeys("已转集中隔离点");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("close-" + task + "-result"))).selectByValue("TRANSFERRED");
        browser.findElement(By.cssSelector("#close-" + task + " button")).click();
        awaitNotice();
        assertThat(browser.findElements(By.id("task-" + task))).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("sizesAndLanguages")
    void theHealthOfficialDeclaresARiskAreaOrdersQuarantineAndSetsAColour(Size size, String lang) {
        boolean en = "en".equals(lang);
        String[] areas = {"新乡", "安阳", "濮阳", "长沙"};
        String area = areas[size.ordinal() * 2 + (en ? 1 : 0)];
        atSize(size);
        signIn("health");
        inLanguage(lang);
        open("/health/desk");
        page(size, lang);
        // 新乡 is a city and a county: the refusal names both and keeps what was typed; the city's full name is one place.
        browser.findElement(By.id("risk-area-area")).sendKeys(area);
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("risk-area-level"))).selectByValue("HIGH");
        browser.findElement(By.cssSelector("#risk-area button")).click();
        waiting().until(d -> !d.findElements(By.id("risk-area-errors")).isEmpty());
        assertThat(browser.findElement(By.id("risk-area-errors")).getText()).contains(area + "市").contains(area + "县");
        assertThat(new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("risk-area-level"))).getFirstSelectedOption()
                .getDomAttribute("value")).isEqualTo("HIGH");
        browser.findElement(By.id("risk-area-area")).clear();
        browser.findElement(By.id("risk-area-area")).sendKeys(area + "市");
        browser.findElement(By.cssSelector("#risk-area button")).click();
        awaitNotice();
        WebElement declared = browser.findElements(By.cssSelector("#risk-area-list tbody tr")).stream()
                .filter(r -> r.getText().contains(area + "市")).findFirst().orElseThrow();
        assertThat(declared.getText()).contains(en ? "High risk" : "高风险").contains(en ? "Until lifted" : "至解除为止");
        declared.findElement(By.tagName("button")).click();
        // the first notice is still shown while the list is swapped: wait for the row itself (a stale row is read again)
        waiting().until(d -> d.findElements(By.cssSelector("#risk-area-list tbody tr")).stream()
                .anyMatch(r -> r.getText().contains(area + "市") && r.getText().contains(en ? "Ended" : "已结束")));

        // A quarantine order needs its legal reason: refused at that field; with it, the code turns and says why.
        long resident = jdbc.queryForObject("""
                select id from resident where community_code like '410103%' and id_number <> '410103199209030027'
                order by id offset ? rows fetch first 1 rows only""", Long.class, size.ordinal() * 2 + (en ? 1 : 0) + 20);
        open("/health/residents/" + resident);
        page(size, lang);
        browser.findElement(By.cssSelector("#order button")).click();
        waiting().until(d -> !d.findElements(By.id("order-errors")).isEmpty());
        assertThat(browser.findElement(By.cssSelector("#order-errors a")).getDomAttribute("href")).isEqualTo("#order-legalReason");
        browser.findElement(By.id("order-legalReason")).sendKeys("《传染病防治法》第三十九条");
        browser.findElement(By.cssSelector("#order button")).click();
        awaitNotice();
        assertThat(browser.findElement(By.id("resident-colour")).getText()).contains(en ? "Red code" : "红码");
        assertThat(browser.findElement(By.id("facts")).getText()).contains(en ? "Quarantine order" : "隔离令");

        // A colour by hand, with its legal reason, shown with the official's name in the change log.
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("colour-colour"))).selectByValue("YELLOW");
        browser.findElement(By.id("colour-legalReason")).sendKeys("区指挥部通知〔2026〕12号");
        browser.findElement(By.cssSelector("#colour button")).click();
        awaitNotice();
        assertThat(browser.findElement(By.id("changes")).getText()).contains("区指挥部通知〔2026〕12号");
        page(size, lang);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("sizesAndLanguages")
    void hospitalStaffRecordATestResultAfterCheckingTheName(Size size, String lang) {
        boolean en = "en".equals(lang);
        String person = jdbc.queryForObject("select id_number from resident where community_code like '410102%' order by id offset ? rows fetch first 1 rows only",
                String.class, size.ordinal() * 2 + (en ? 1 : 0) + 5);
        atSize(size);
        signIn("hospital");
        inLanguage(lang);
        open("/health/tests");
        page(size, lang);
        String wrong = person.substring(0, 17) + (person.charAt(17) == '1' ? '2' : '1');
        browser.findElement(By.id("test-result-idNumber")).sendKeys(wrong);
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("test-result-result"))).selectByValue("POSITIVE");
        browser.findElement(By.cssSelector("#test-result button")).click();
        waiting().until(d -> !d.findElements(By.id("test-result-errors")).isEmpty());
        assertThat(browser.findElement(By.cssSelector("#test-result-errors a")).getDomAttribute("href")).isEqualTo("#test-result-idNumber");
        assertThat(browser.findElement(By.id("test-result-idNumber")).getDomProperty("value")).isEqualTo(wrong);
        assertThat(new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("test-result-result"))).getFirstSelectedOption()
                .getDomAttribute("value")).isEqualTo("POSITIVE");
        page(size, lang);
        browser.findElement(By.id("test-result-idNumber")).clear();
        browser.findElement(By.id("test-result-idNumber")).sendKeys(person);
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("test-result-result"))).selectByValue("NEGATIVE");
        browser.findElement(By.cssSelector("#test-result button")).click();
        waiting().until(d -> !d.findElements(By.id("confirm-rows")).isEmpty());
        assertThat(browser.findElement(By.id("confirm-rows")).getText()).contains("*").doesNotContain(person).contains(en ? "Negative" : "阴性");
        page(size, lang);
        browser.findElement(By.cssSelector("#confirm button")).click();
        awaitNotice();
        assertThat(browser.findElement(By.id("notice")).getText()).contains(en ? "Negative" : "阴性");
        Long facts = jdbc.queryForObject("select count(*) from health_fact f join resident r on r.id = f.resident_id where r.id_number = ? and f.kind = 'TEST_RESULT'",
                Long.class, person);
        assertThat(facts).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("sizesAndLanguages")
    void theAuditorFiltersTheTrail(Size size, String lang) {
        boolean en = "en".equals(lang);
        atSize(size);
        signIn("jinshui.worker");
        open("/residents");
        signIn("auditor");
        inLanguage(lang);
        open("/audit");
        page(size, lang);
        browser.findElement(By.id("audit-filter-actor")).sendKeys("jinshui.worker");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("audit-filter-action"))).selectByValue("READ");
        browser.findElement(By.cssSelector("#audit-filter button")).click();
        waiting().until(d -> d.getCurrentUrl().contains("actor=jinshui.worker"));
        List<WebElement> rows = browser.findElements(By.cssSelector("#audit-records tbody tr"));
        assertThat(rows).isNotEmpty().allSatisfy(r -> assertThat(r.getText()).contains("jinshui.worker").contains(en ? "Viewed" : "查看"));
        assertThat(browser.findElement(By.id("audit-filter-actor")).getDomProperty("value")).isEqualTo("jinshui.worker");
        page(size, lang);
        // The page keeps its filter when the language changes.
        inLanguage(en ? "zh" : "en");
        assertThat(browser.getCurrentUrl()).contains("actor=jinshui.worker");
        assertThat(browser.findElement(By.id("audit-filter-actor")).getDomProperty("value")).isEqualTo("jinshui.worker");
        inLanguage(lang);
        browser.findElement(By.id("audit-filter-person")).sendKeys("张明");
        browser.findElement(By.cssSelector("#audit-filter button")).click();
        waiting().until(d -> !d.findElements(By.id("audit-filter-errors")).isEmpty());
        assertThat(browser.findElement(By.cssSelector("#audit-filter-errors a")).getDomAttribute("href")).isEqualTo("#audit-filter-person");
        assertThat(browser.findElement(By.id("audit-filter-person")).getDomProperty("value")).isEqualTo("张明");
    }

    /** What every page must be for people: fitting the phone, in its language, free of internal codes, accessible. */
    private void page(Size size, String lang) {
        String url = browser.getCurrentUrl();
        screenshot(size + "-" + lang + url.replaceFirst("http://localhost:\\d+", "").replaceAll("[^a-zA-Z0-9]+", "-"));
        if (size == Size.PHONE) {
            assertThat(fitsTheWindow()).as("no sideways scrolling at 390 px on " + url).isTrue();
        }
        // Codes shown beside a name and machine values (a hash, an entity id) are marked so; the rest is for people.
        String text = String.valueOf(browser.executeScript("""
                const copy = document.body.cloneNode(true);
                copy.querySelectorAll('.mono, .code-beside, script').forEach(e => e.remove());
                return copy.innerText;"""));
        assertThat(INTERNAL.matcher(text).results().map(java.util.regex.MatchResult::group).toList()).as("internal codes on " + url).isEmpty();
        if ("en".equals(lang)) {
            // An English page may show people's and places' names in Chinese, never Chinese labels: every label is English.
            assertThat(browser.findElements(By.cssSelector("label, th, h2, button, summary, .hint, .tag")).stream()
                    .map(WebElement::getText).filter(t -> t.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN))
                    .filter(t -> !t.matches(".*[·].*") && !t.contains("火星"))
                    .toList()).as("Chinese labels on the English page " + url).isEmpty();
        } else {
            assertThat(text).as("English sentences on the Chinese page " + url).doesNotContainPattern("\\b(the|is|and|a) [a-z]+ [a-z]+\\b");
        }
        assertThat(seriousAccessibilityProblems()).as("serious accessibility problems on " + url).isEmpty();
    }

    /** The page of the open-task list that shows the task, going through the list's pages as a worker would. */
    private void openTaskPage(long task) {
        open("/loops");
        while (browser.findElements(By.id("task-" + task)).isEmpty()) {
            List<WebElement> next = browser.findElements(By.cssSelector(".pager a[rel=next]"));
            assertThat(next).as("task " + task + " on some page of the list").isNotEmpty();
            next.getFirst().click();
        }
    }

    /** What the page looked like, for a person reviewing the journeys: target/screenshots/. */
    private void screenshot(String name) {
        try {
            java.nio.file.Path dir = java.nio.file.Path.of("target", "screenshots");
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.write(dir.resolve(name + ".png"),
                    ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private long waitForTask(long resident) {
        long[] id = new long[1];
        waiting().until(d -> {
            List<Long> ids = jdbc.queryForList("select id from follow_up_task where resident_id = ? and responsible_kind = 'COMMUNITY' and closed_at is null",
                    Long.class, resident);
            if (ids.isEmpty()) {
                return false;
            }
            id[0] = ids.getFirst();
            return true;
        });
        return id[0];
    }

    /** A community of the demo city whose name no other community has: {code, name}. */
    private String[] uniqueCommunity() {
        return jdbc.query("""
                select code, name from place c where kind = 'COMMUNITY'
                and (select count(*) from place o where o.kind = 'COMMUNITY' and o.name = c.name) = 1 order by code fetch first 1 rows only""",
                (rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).getFirst();
    }
}
