package org.citybrain.services;

import org.citybrain.BrowserTest;
import org.citybrain.CityBrainTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The designer in Chromium: the fund centre's officer adds a service without code — its guide, a form field, a
 * material fetched from a dataset the centre may read — is refused with the reason where the time limits contradict,
 * previews the page citizens will see, publishes it, then publishes its second version with a field relabelled.
 */
@CityBrainTest
class DesignerInBrowserTest extends BrowserTest {

    void type(String id, String text) {
        WebElement e = browser.findElement(By.id(id));
        e.clear();
        e.sendKeys(text);
    }

    @Test
    void anOfficerAddsAServiceAndItsNextVersionWithoutCode() {
        String code = "designed-" + Long.toString(System.nanoTime(), 36);
        signIn("gjj.officer");
        atSize(Size.DESKTOP);
        open("/services/designer");
        browser.findElement(By.id("new-service")).click();
        type("design-code", code);
        type("design-nameZh", "住房公积金异地转移接续");
        type("design-nameEn", "Transfer provident fund from another city");
        type("design-summaryZh", "在郑州就业的职工申请将外地公积金转入。");
        type("design-summaryEn", "For employees now in Zhengzhou who bring their provident fund from another city.");
        type("design-legalBasis", "《住房公积金异地转移接续业务操作规程》");
        browser.findElement(By.cssSelector("input[name=lifeEvents][value=EMPLOYMENT]")).click();
        type("design-promisedDays", "30");
        type("design-legalDays", "20");
        type("design-f0.name", "fromCity");
        new Select(browser.findElement(By.id("design-f0.type"))).selectByValue("text");
        type("design-f0.labelZh", "转出城市");
        type("design-f0.labelEn", "City you leave");
        browser.findElement(By.id("design-f0.required")).click();
        type("design-m0.name", "property");
        type("design-m0.labelZh", "不动产登记");
        type("design-m0.labelEn", "Property register");
        new Select(browser.findElement(By.id("design-m0.origin"))).selectByValue("SHARED");
        new Select(browser.findElement(By.id("design-m0.dataset"))).selectByValue("housing-owners");
        browser.findElement(By.id("preview")).click();

        WebElement summary = waiting().until(d -> d.findElement(By.id("design-errors")));
        assertThat(summary.getText()).contains("承诺时限不能长于法定时限");
        assertThat(browser.findElement(By.id("design-nameZh")).getDomProperty("value")).isEqualTo("住房公积金异地转移接续");
        assertThat(browser.findElement(By.id("design-f0.labelZh")).getDomProperty("value")).isEqualTo("转出城市");
        type("design-promisedDays", "10");
        browser.findElement(By.id("preview")).click();

        waiting().until(d -> d.findElement(By.id("preview-banner")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("住房公积金异地转移接续");
        assertThat(browser.findElement(By.id("preview-apply")).getText()).contains("转出城市");
        assertThat(browser.findElement(By.id("materials")).getText()).contains("不动产登记").contains("无需提交");
        assertThat(seriousAccessibilityProblems()).isEmpty();
        browser.findElement(By.id("publish")).click();
        awaitNotice();
        assertThat(browser.getCurrentUrl()).endsWith("/services/" + code);
        assertThat(browser.findElement(By.id("guide")).getText()).contains("第 1 版");

        open("/services/designer/" + code);
        type("design-f0.labelZh", "转出地城市");
        browser.findElement(By.id("preview")).click();
        waiting().until(d -> d.findElement(By.id("preview-banner")));
        assertThat(browser.findElement(By.id("preview-apply")).getText()).contains("转出地城市");
        browser.findElement(By.id("publish")).click();
        awaitNotice();
        assertThat(browser.findElement(By.id("guide")).getText()).contains("第 2 版");

        signIn(ServicesTest.TENANT);
        atSize(Size.PHONE);
        open("/services/" + code);
        assertThat(browser.findElement(By.id("apply-form")).getText()).contains("转出地城市");
        assertThat(fitsTheWindow()).isTrue();
    }

    /** The rule table written row by row on the page: a wrong row is named, the table decides applications as written. */
    @Test
    void anOfficerWritesTheRuleTableRowByRow() throws Exception {
        String code = "rules-" + Long.toString(System.nanoTime(), 36);
        signIn("gjj.officer");
        atSize(Size.DESKTOP);
        open("/services/designer/new");
        type("design-code", code);
        type("design-nameZh", "住房公积金困难提取");
        type("design-nameEn", "Provident fund withdrawal in hardship");
        type("design-summaryZh", "家庭生活困难的职工申请提取。");
        type("design-summaryEn", "For employees whose household is in hardship.");
        type("design-legalBasis", "《住房公积金管理条例》第二十四条");
        browser.findElement(By.cssSelector("input[name=lifeEvents][value=HOUSING]")).click();
        type("design-promisedDays", "5");
        type("design-legalDays", "20");
        type("design-f0.name", "amount");
        new Select(browser.findElement(By.id("design-f0.type"))).selectByValue("number");
        type("design-f0.labelZh", "提取金额（元）");
        type("design-f0.labelEn", "Amount (yuan)");
        browser.findElement(By.id("design-f0.required")).click();
        new Select(browser.findElement(By.id("design-rules"))).selectByValue("ROWS");
        new Select(browser.findElement(By.id("design-workflow"))).selectByValue("AUTOMATIC");
        browser.findElement(By.id("add-field")).click(); // the page comes back with the field offered to the rules, and a third field row
        waiting().until(d -> d.findElement(By.id("design-f2.name")));
        new Select(browser.findElement(By.id("design-r0.field"))).selectByValue("applicant.age");
        new Select(browser.findElement(By.id("design-r0.op"))).selectByValue("<");
        type("design-r0.value", "十八");
        new Select(browser.findElement(By.id("design-r0.outcome"))).selectByValue("REFUSE");
        type("design-r0.reasonZh", "未满十八周岁不能申请");
        type("design-r0.reasonEn", "Applicants are 18 or over");
        new Select(browser.findElement(By.id("design-r1.field"))).selectByValue("amount");
        new Select(browser.findElement(By.id("design-r1.op"))).selectByValue(">");
        type("design-r1.value", "5000");
        new Select(browser.findElement(By.id("design-r1.outcome"))).selectByValue("REVIEW");
        type("design-r1.reasonZh", "超过5000元由中心审核");
        type("design-r1.reasonEn", "Over 5,000 yuan the centre reviews it");
        browser.findElement(By.id("add-rule")).click();
        new Select(waiting().until(d -> d.findElement(By.id("design-r2.outcome")))).selectByValue("GRANT");
        type("design-r2.reasonZh", "符合困难提取条件");
        type("design-r2.reasonEn", "Eligible for a hardship withdrawal");
        browser.findElement(By.id("preview")).click();

        WebElement summary = waiting().until(d -> d.findElement(By.id("design-errors")));
        assertThat(summary.getText()).contains("请填写数字");
        assertThat(browser.findElement(By.id("design-r0.value")).getDomProperty("value")).isEqualTo("十八");
        type("design-r0.value", "18");
        browser.findElement(By.id("preview")).click();
        waiting().until(d -> d.findElement(By.id("preview-banner")));
        browser.findElement(By.id("publish")).click();
        awaitNotice();

        org.citybrain.CityBrainClient tenant = org.citybrain.CityBrainClient.basic(port, ServicesTest.TENANT, org.citybrain.DemoAccounts.password(ServicesTest.TENANT));
        var small = tenant.json("POST", "/api/services/v1/services/" + code + "/applications", "{\"form\": {\"amount\": 1000}}");
        assertThat(small.status()).as(small.body()).isEqualTo(201);
        var smallDecided = tenant.get("/api/services/v1/applications/" + small.json().get("id").asLong()).json();
        assertThat(smallDecided.get("state").asString()).isEqualTo("APPROVED");
        assertThat(smallDecided.get("reasonZh").asString()).isEqualTo("符合困难提取条件");
        var large = tenant.json("POST", "/api/services/v1/services/" + code + "/applications", "{\"form\": {\"amount\": 9000}}");
        assertThat(tenant.get("/api/services/v1/applications/" + large.json().get("id").asLong()).json().get("state").asString()).isEqualTo("UNDER_REVIEW");

        // the next version starts from the rows as written
        open("/services/designer/" + code);
        assertThat(new Select(browser.findElement(By.id("design-rules"))).getFirstSelectedOption().getDomProperty("value")).isEqualTo("ROWS");
        assertThat(browser.findElement(By.id("design-r1.value")).getDomProperty("value")).isEqualTo("5000");
    }
}
