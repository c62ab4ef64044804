package org.citybrain;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A real headless Chromium (Debian's chromium + chromium-driver) for the page tests. Where no Chromium is installed
 * the tests are skipped with a message, unless CITYBRAIN_REQUIRE_BROWSER=true (as in CI), where a missing browser
 * fails the build.
 */
public abstract class BrowserTest {

    protected static ChromeDriver browser;

    @LocalServerPort
    protected int port;

    @BeforeAll
    static void startChromium() {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        Path driver = Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
        boolean present = Files.isExecutable(chromium) && Files.isExecutable(driver);
        if (!present && !"true".equals(System.getenv("CITYBRAIN_REQUIRE_BROWSER"))) {
            Assumptions.abort("no Chromium at " + chromium + " / " + driver + ": install Debian's chromium and chromium-driver to run the browser tests");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,1000", "--lang=zh-CN");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopChromium() {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
    }

    protected WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        // htmx swaps parts of pages in place: an element read while it is swapped is stale, or (Chrome's words for the
        // same) a "node that does not belong to the document"; either way the condition is tried again until the timeout
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        wait.ignoring(org.openqa.selenium.WebDriverException.class);
        return wait;
    }

    private org.openqa.selenium.WebElement lastNotice;

    /**
     * Waits for the notice of the page that answers the form just sent — not the one a page still shows from the
     * previous action (a wait for "a notice" passed at once then, and read the list being swapped).
     */
    protected void awaitNotice() {
        org.openqa.selenium.WebElement before = lastNotice;
        lastNotice = waiting().until(d -> d.findElements(org.openqa.selenium.By.id("notice")).stream().filter(n -> !n.equals(before))
                .findFirst().orElse(null));
    }

    protected void signIn(String user) {
        signIn("staff-login", user);
    }

    /** Signs in with the staff form or the citizen form ({@code citizen-login}, the username an ID number). */
    protected void signIn(String form, String user) {
        browser.manage().deleteAllCookies();
        browser.get("http://localhost:" + port + "/login?lang=zh_CN");
        WebElement f = browser.findElement(By.id(form));
        f.findElement(By.name("username")).sendKeys(user);
        f.findElement(By.name("password")).sendKeys("citybrain");
        f.findElement(By.cssSelector("button[type=submit]")).click();
        waiting().until(d -> d.getCurrentUrl().endsWith("/") || d.getCurrentUrl().contains("/?"));
    }

    protected void open(String path) {
        browser.get("http://localhost:" + port + path);
    }

    /** The two sizes people use CityBrain at: a 390 px phone (a community worker's, a citizen's) and a desktop. */
    public enum Size {
        PHONE(390, 844), DESKTOP(1440, 900);

        final int width;
        final int height;

        Size(int width, int height) {
            this.width = width;
            this.height = height;
        }
    }

    protected void atSize(Size size) {
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(size.width, size.height));
    }

    /** Switches the UI language the way a person does, by the link in the top bar (which keeps the page). */
    protected void inLanguage(String lang) {
        browser.findElement(By.id("en".equals(lang) ? "lang-en" : "lang-zh")).click();
        waiting().until(d -> ("en".equals(lang) ? "en" : "zh-CN").equals(d.findElement(By.tagName("html")).getDomAttribute("lang")));
    }

    /** True when the page is no wider than the window: nothing to scroll sideways. */
    protected boolean fitsTheWindow() {
        Object r = browser.executeScript("return document.documentElement.scrollWidth <= window.innerWidth + 1");
        return Boolean.TRUE.equals(r);
    }

    protected String pageText() {
        return browser.findElement(By.tagName("body")).getText();
    }

    /**
     * Runs Deque's axe-core (WCAG 2.1 A and AA rules, the level GB/T 37668 aligns with) on the page as it is now and
     * returns its serious and critical violations, described (rule, impact, the first offending elements).
     */
    protected java.util.List<String> seriousAccessibilityProblems() {
        com.deque.html.axecore.results.Results results = new com.deque.html.axecore.selenium.AxeBuilder()
                .withTags(java.util.List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze(browser);
        return results.getViolations().stream()
                .filter(v -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact()))
                .map(v -> v.getId() + " (" + v.getImpact() + "): " + v.getHelp() + " at " + v.getNodes().stream().limit(3)
                        .map(n -> String.valueOf(n.getTarget())).toList())
                .toList();
    }
}
