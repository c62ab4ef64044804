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
}
