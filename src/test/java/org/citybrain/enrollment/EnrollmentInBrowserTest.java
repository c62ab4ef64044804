package org.citybrain.enrollment;

import org.citybrain.BrowserTest;
import org.citybrain.CityBrainTest;
import org.citybrain.datahub.DemoFeedRuns;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * School enrollment in Chromium, in the demo's autumn 2027 intake: on a phone 张明 applies for his daughter (a
 * refused form says what is wrong and keeps what he typed) and reads her category and its reason; on a desktop the
 * education bureau closes the window and allocates the places; his phone shows the school, the draw is public.
 */
@CityBrainTest
class EnrollmentInBrowserTest extends BrowserTest {

    @Test
    void aParentEnrollsOnAPhoneAndTheBureauAllocatesAfterTheWindow() throws Exception {
        DemoFeedRuns.loaded(port, "household-registry");
        DemoFeedRuns.loaded(port, "housing-registry");
        signIn(EnrollmentTest.ZHANG);
        atSize(Size.PHONE);
        open("/enrollment");
        browser.findElement(By.id("apply-primary-2027")).click();
        browser.findElement(By.id("enroll-childName")).sendKeys("张小雨");
        browser.findElement(By.id("enroll-childIdNumber")).sendKeys("41010520201108");
        browser.findElement(By.id("submit-enrollment")).click();
        WebElement summary = waiting().until(d -> d.findElement(By.id("enroll-errors")));
        assertThat(summary.getText()).contains("身份号码");
        assertThat(browser.findElement(By.id("enroll-childName")).getDomProperty("value")).isEqualTo("张小雨");
        assertThat(fitsTheWindow()).as("the form fits a 390 px phone").isTrue();
        WebElement id = browser.findElement(By.id("enroll-childIdNumber"));
        id.clear();
        id.sendKeys(EnrollmentTest.ZHANG_DAUGHTER);
        new Select(browser.findElement(By.id("enroll-preference1"))).selectByIndex(1);
        browser.findElement(By.id("submit-enrollment")).click();
        awaitNotice();
        String page = browser.getCurrentUrl();
        for (int i = 0; i < 100 && browser.findElements(By.id("category")).isEmpty(); i++) {
            Thread.sleep(300);
            browser.navigate().to(page);
        }
        assertThat(browser.findElement(By.id("category")).getText()).contains("第二类");
        assertThat(browser.findElement(By.id("reason")).getText()).contains("无房产登记");
        assertThat(fitsTheWindow()).isTrue();
        assertThat(seriousAccessibilityProblems()).isEmpty();
        inLanguage("en");
        assertThat(browser.findElement(By.id("category")).getText()).startsWith("2nd");
        inLanguage("zh");

        signIn("education.officer");
        atSize(Size.DESKTOP);
        open("/enrollment/manage");
        browser.findElement(By.cssSelector("#campaigns a[href$='/enrollment/manage/primary-2027']")).click();
        assertThat(browser.findElement(By.id("applications")).getText()).contains("张小雨").doesNotContain(EnrollmentTest.ZHANG_DAUGHTER);
        browser.findElement(By.id("close-now")).click();
        awaitNotice();
        browser.findElement(By.id("allocate")).click();
        awaitNotice();
        assertThat(browser.findElement(By.cssSelector(".lead .tag")).getText()).isEqualTo("已分配");
        assertThat(seriousAccessibilityProblems()).isEmpty();

        signIn(EnrollmentTest.ZHANG);
        atSize(Size.PHONE);
        browser.navigate().to(page);
        assertThat(browser.findElement(By.cssSelector(".lead .tag")).getText()).isEqualTo("已录取");
        assertThat(browser.findElement(By.id("school")).getText()).endsWith("小学");
        browser.findElement(By.cssSelector("a[href$='/enrollment/draws/primary-2027']")).click();
        assertThat(browser.findElement(By.id("seed")).getText()).matches("[0-9a-f]{64}");
        assertThat(fitsTheWindow()).isTrue();
        // and his message box says so (sent by SMS too)
        open("/messages");
        assertThat(browser.findElement(By.id("notices")).getText()).contains("张小雨").contains("录取");
    }

    /** The bureau opens the next intake from its page: a missing date is named with the rest kept, then it is open. */
    @Test
    void theBureauOpensAnIntakeFromItsPage() {
        signIn("education.officer");
        atSize(Size.DESKTOP);
        open("/enrollment/manage");
        String code = "primary-t" + Long.toString(System.nanoTime() % 1_000_000, 36);
        browser.findElement(By.id("open-code")).sendKeys(code);
        browser.findElement(By.id("open-titleZh")).sendKeys("2028年秋季小学一年级招生");
        browser.findElement(By.id("open-titleEn")).sendKeys("Primary school, first year, autumn 2028");
        setValue("open-opensAt", "2028-07-01T09:00");
        setValue("open-bornFrom", "2021-09-01");
        setValue("open-bornTo", "2022-08-31");
        browser.findElement(By.id("open-campaign")).click();
        assertThat(waiting().until(d -> d.findElement(By.id("open-errors"))).getText()).contains("报名截止时间");
        assertThat(browser.findElement(By.id("open-titleZh")).getDomProperty("value")).isEqualTo("2028年秋季小学一年级招生");
        setValue("open-closesAt", "2028-07-10T17:00");
        browser.findElement(By.id("open-campaign")).click();
        awaitNotice();
        assertThat(browser.getCurrentUrl()).endsWith("/enrollment/manage/" + code);
        assertThat(pageText()).contains("2028年秋季小学一年级招生");
    }

    /** Date and time inputs take their value as the browser's own widget would set it. */
    private void setValue(String id, String value) {
        browser.executeScript("document.getElementById(arguments[0]).value = arguments[1]", id, value);
    }
}
