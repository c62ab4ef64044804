package org.citybrain.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.citybrain.BrowserTest;
import org.citybrain.CityBrainTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The self-service kiosk in Chromium: the machine made a kiosk shows only the citizen's sign-in, in large type; the
 * card on the reader fills her number, the SMS code signs her in; she applies on the KIOSK channel and can print the
 * receipt; left idle, the kiosk signs her out and nothing of her stays on the screen.
 */
@CityBrainTest
class KioskInBrowserTest extends BrowserTest {

    @Autowired
    JdbcTemplate jdbc;

    @AfterEach
    void notAKioskAnyMore() {
        open("/kiosk/off");
    }

    @Test
    void aCitizenSignsInByHerCardAppliesAndIsSignedOutWhenSheWalksAway() {
        open("/kiosk");
        assertThat(browser.findElement(By.tagName("html")).getDomAttribute("class")).contains("kiosk").contains("large-text");
        assertThat(browser.findElements(By.id("staff-login"))).as("a kiosk is for citizens").isEmpty();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("自助服务一体机");
        browser.findElement(By.id("read-card")).click();
        waiting().until(d -> ServicesTest.TENANT.equals(d.findElement(By.id("id-number")).getDomProperty("value")));
        browser.findElement(By.id("sms-send")).click();
        String note = waiting().until(d -> d.findElement(By.cssSelector("#sms-status .demo-note"))).getText();
        Matcher code = Pattern.compile("\\b(\\d{6})\\b").matcher(note);
        assertThat(code.find()).as(note).isTrue();
        browser.findElement(By.id("citizen-secret")).sendKeys(code.group(1));
        browser.findElement(By.cssSelector("#citizen-login button[type=submit]")).click();
        waiting().until(d -> !d.findElements(By.id("who")).isEmpty());
        assertThat(seriousAccessibilityProblems()).isEmpty();

        open("/services/gjj-certificate");
        browser.findElement(By.id("apply-request")).clear();
        browser.findElement(By.id("apply-request")).sendKeys("在自助机申请缴存证明");
        browser.findElement(By.id("apply-phone")).clear();
        browser.findElement(By.id("apply-phone")).sendKeys("13800138000");
        browser.findElement(By.cssSelector("#apply-form button[type=submit]")).click();
        awaitNotice();
        assertThat(browser.findElement(By.id("print-receipt")).isDisplayed()).isTrue();
        String id = browser.getCurrentUrl().replaceFirst(".*/services/applications/", "");
        assertThat(jdbc.queryForObject("select channel from svc_application where id = ?", String.class, Long.parseLong(id))).isEqualTo("KIOSK");

        // she walks away: after the idle time the kiosk is back at its empty sign-in page
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().contains("/login"));
        assertThat(browser.findElements(By.id("who"))).isEmpty();
        assertThat(browser.findElement(By.id("id-number")).getDomProperty("value")).isEmpty();
        open("/services/applications/" + id);
        assertThat(browser.getCurrentUrl()).as("her application is not a back button away").contains("/login");
    }
}
