package org.citybrain.services;

import static org.assertj.core.api.Assertions.assertThat;

import org.citybrain.BrowserTest;
import org.citybrain.CityBrainTest;
import org.citybrain.datahub.DemoFeedRuns;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The services in Chromium: on a phone a citizen finds the provident fund withdrawal under 住房, applies for rent in
 * one step (a refused form keeps what she typed) and reads the decision, the amount paid and where each material came
 * from; on a desktop the fund centre's officer returns a reviewed application, the citizen corrects it on her phone,
 * the officer approves it. Both languages, no serious accessibility problem.
 */
@CityBrainTest
class ServicesInBrowserTest extends BrowserTest {

    @Test
    void onAPhoneACitizenWithdrawsForRentInOneStep() throws Exception {
        DemoFeedRuns.loaded(port, "provident-fund");
        DemoFeedRuns.loaded(port, "housing-registry");
        signIn(ServicesTest.TENANT);
        atSize(Size.PHONE);
        open("/services");
        browser.findElement(By.cssSelector("#life-events a[href*='event=HOUSING']")).click();
        browser.findElement(By.cssSelector("#service-list a[href$='/services/gjj-withdrawal']")).click();
        assertThat(browser.findElement(By.id("materials")).getText()).contains("无需提交");
        new Select(browser.findElement(By.id("apply-ground"))).selectByValue("RENT");
        browser.findElement(By.id("apply-monthlyRent")).sendKeys("1800");
        browser.findElement(By.id("apply-bankAccount")).sendKeys("6222 0202");
        browser.findElement(By.cssSelector("#apply-form button[type=submit]")).click();
        // refused: months missing, the card number malformed; the summary names both, the rent typed is kept
        WebElement summary = waiting().until(d -> d.findElement(By.id("apply-errors")));
        assertThat(summary.getText()).contains("提取月数").contains("银行卡号");
        assertThat(browser.findElement(By.id("apply-monthlyRent")).getDomProperty("value")).isEqualTo("1800");
        assertThat(fitsTheWindow()).as("the form fits a 390 px phone").isTrue();
        browser.findElement(By.id("apply-months")).sendKeys("6");
        WebElement card = browser.findElement(By.id("apply-bankAccount"));
        card.clear();
        card.sendKeys("6222020200112233445");
        browser.findElement(By.cssSelector("#apply-form button[type=submit]")).click();
        awaitNotice();
        assertThat(browser.findElement(By.cssSelector(".lead .tag")).getText()).isEqualTo("已办结");
        assertThat(browser.findElement(By.id("amount")).getText()).isEqualTo("9,000 元");
        assertThat(browser.findElement(By.id("material-property")).getText()).contains("郑州市自然资源和规划局").contains("没有记录");
        assertThat(browser.findElement(By.id("timeline")).getText()).contains("支付指令");
        assertThat(fitsTheWindow()).isTrue();
        assertThat(seriousAccessibilityProblems()).isEmpty();
        inLanguage("en");
        assertThat(browser.findElement(By.cssSelector(".lead .tag")).getText()).isEqualTo("Done");
        assertThat(browser.findElement(By.id("timeline")).getText()).contains("Payment order");
        open("/services/applications");
        assertThat(browser.findElement(By.id("application-list")).getText()).contains("Withdraw housing provident fund");
    }

    @Test
    void theOfficerReturnsTheCitizenCorrectsTheOfficerApproves() throws Exception {
        signIn(ServicesTest.TENANT);
        atSize(Size.PHONE);
        open("/services/gjj-certificate");
        browser.findElement(By.id("apply-request")).clear(); // a draft she saved may have filled it
        browser.findElement(By.id("apply-request")).sendKeys("开具缴存证明");
        browser.findElement(By.id("apply-phone")).clear();
        browser.findElement(By.id("apply-phone")).sendKeys("13800138000");
        browser.findElement(By.cssSelector("#apply-form button[type=submit]")).click();
        awaitNotice();
        assertThat(browser.findElement(By.cssSelector(".lead .tag")).getText()).isEqualTo("审核中");
        String application = browser.getCurrentUrl().replaceFirst(".*/services/applications/", "");

        signIn("gjj.officer");
        atSize(Size.DESKTOP);
        open("/services/queue");
        browser.findElement(By.cssSelector("#queue a[href$='/services/applications/" + application + "']")).click();
        new Select(browser.findElement(By.id("review-decision"))).selectByValue("RETURN");
        browser.findElement(By.cssSelector("#review-form button[type=submit]")).click();
        assertThat(waiting().until(d -> d.findElement(By.id("review-errors"))).getText()).contains("补正");
        new Select(browser.findElement(By.id("review-decision"))).selectByValue("RETURN");
        browser.findElement(By.id("review-reason")).sendKeys("请写明需要证明的起止月份");
        browser.findElement(By.cssSelector("#review-form button[type=submit]")).click();
        awaitNotice();
        assertThat(browser.findElement(By.cssSelector(".lead .tag")).getText()).isEqualTo("待补正");
        assertThat(seriousAccessibilityProblems()).isEmpty();

        signIn(ServicesTest.TENANT);
        atSize(Size.PHONE);
        open("/services/applications/" + application);
        assertThat(browser.findElement(By.id("timeline")).getText()).contains("请写明需要证明的起止月份");
        WebElement request = browser.findElement(By.id("correct-request"));
        assertThat(request.getDomProperty("value")).as("the form as she sent it").isEqualTo("开具缴存证明");
        request.clear();
        request.sendKeys("开具2019年1月至2026年11月的缴存证明");
        browser.findElement(By.cssSelector("#correct-form button[type=submit]")).click();
        awaitNotice();
        assertThat(browser.findElement(By.cssSelector(".lead .tag")).getText()).isEqualTo("审核中");

        signIn("gjj.officer");
        open("/services/applications/" + application);
        browser.findElement(By.cssSelector("#review-form button[type=submit]")).click();
        awaitNotice();
        assertThat(browser.findElement(By.cssSelector(".lead .tag")).getText()).isEqualTo("已办结");

        // 好差评: she rates it poorly on her phone (a poor rating says why), the officer answers the rectification, she reads the follow-up
        signIn(ServicesTest.TENANT);
        atSize(Size.PHONE);
        open("/services/applications/" + application);
        new Select(browser.findElement(By.id("rate-level"))).selectByValue("2");
        browser.findElement(By.cssSelector("#rate-form button[type=submit]")).click();
        assertThat(waiting().until(d -> d.findElement(By.id("rate-errors"))).getText()).contains("原因");
        new Select(browser.findElement(By.id("rate-level"))).selectByValue("2");
        browser.findElement(By.id("rate-comment")).sendKeys("补正要求第一次就应说清楚");
        browser.findElement(By.cssSelector("#rate-form button[type=submit]")).click();
        awaitNotice();
        assertThat(browser.findElement(By.id("rating-level")).getText()).isEqualTo("不满意");
        assertThat(browser.findElement(By.id("rectification")).getText()).contains("待整改");
        assertThat(fitsTheWindow()).isTrue();

        signIn("gjj.officer");
        atSize(Size.DESKTOP);
        open("/services/queue");
        browser.findElement(By.id("to-rectifications")).click();
        assertThat(browser.findElement(By.id("rectification-list")).getText()).contains("补正要求第一次就应说清楚");
        browser.findElement(By.cssSelector("#rectification-list a[href$='/services/applications/" + application + "']")).click();
        browser.findElement(By.id("rectify-response")).sendKeys("已统一补正告知模板，一次性告知需补正的全部内容");
        browser.findElement(By.cssSelector("#rectify-form button[type=submit]")).click();
        awaitNotice();
        assertThat(browser.findElement(By.id("rectification")).getText()).contains("已整改");
        assertThat(seriousAccessibilityProblems()).isEmpty();

        signIn(ServicesTest.TENANT);
        inLanguage("en");
        open("/services/applications/" + application);
        assertThat(browser.findElement(By.id("rectification-response")).getText()).contains("已统一补正告知模板");
        assertThat(browser.findElement(By.id("rating-level")).getText()).isEqualTo("Dissatisfied");
    }

    @Test
    void aFormBegunOnThePhoneIsFinishedAtTheCounterWithHerConsentAndItsReceiptPrinted() {
        signIn(ServicesTest.TENANT);
        atSize(Size.PHONE);
        open("/services/gjj-certificate");
        browser.findElement(By.id("apply-request")).sendKeys("开具缴存证明，到窗口领取");
        browser.findElement(By.id("save-draft")).click();
        awaitNotice();
        assertThat(browser.findElement(By.id("draft-saved")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("apply-request")).getDomProperty("value")).isEqualTo("开具缴存证明，到窗口领取");
        assertThat(fitsTheWindow()).isTrue();

        // at the hall: the clerk reads her card, finds the draft, and submits it for her once she agrees
        signIn("hall.clerk");
        atSize(Size.DESKTOP);
        open("/services/counter");
        browser.findElement(By.id("identify-typed")).click();
        assertThat(waiting().until(d -> d.findElement(By.id("identify-errors"))).getText()).contains("身份证号");
        browser.findElement(By.id("identify-card")).click();
        waiting().until(d -> d.getCurrentUrl().contains("/services/counter/visits/"));
        assertThat(browser.findElement(By.id("citizen")).getText()).contains("0019").contains("读取身份证").doesNotContain("410105198805120019");
        browser.findElement(By.cssSelector("#drafts a[href$='/services/gjj-certificate']")).click();
        assertThat(browser.findElement(By.id("counter-request")).getDomProperty("value")).isEqualTo("开具缴存证明，到窗口领取");
        browser.findElement(By.id("counter-phone")).sendKeys("13800138000");
        browser.findElement(By.cssSelector("#counter-form button[type=submit]")).click();
        assertThat(waiting().until(d -> d.findElement(By.id("counter-errors"))).getText()).contains("同意");
        assertThat(browser.findElement(By.id("counter-phone")).getDomProperty("value")).as("what the clerk typed is kept").isEqualTo("13800138000");
        browser.findElement(By.id("counter-consent")).click();
        browser.findElement(By.cssSelector("#counter-form button[type=submit]")).click();
        awaitNotice();
        assertThat(browser.findElement(By.id("receipt")).getText()).contains("受理回执").contains("住房公积金").contains("市民之家综合受理窗口");
        assertThat(browser.findElement(By.id("print-receipt")).isDisplayed()).isTrue();
        assertThat(seriousAccessibilityProblems()).isEmpty();
        String number = browser.findElement(By.id("receipt-number")).getText();
        browser.findElement(By.linkText("继续为申请人办理")).click();
        browser.findElement(By.cssSelector("#end-visit button")).click();
        awaitNotice();
        assertThat(browser.getCurrentUrl()).endsWith("/services/counter");
        assertThat(browser.getPageSource()).doesNotContain("0019");

        // on her phone the application is hers, submitted at the counter
        signIn(ServicesTest.TENANT);
        atSize(Size.PHONE);
        open("/services/applications");
        assertThat(browser.findElement(By.id("application-list")).getText()).contains(number);
    }
}
