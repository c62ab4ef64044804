package org.citybrain.datahub;

import org.citybrain.BrowserTest;
import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sharing in Chromium, both sides: the Jinshui education bureau's officer applies for the housing owners of her
 * district on the dataset's page (a refused form keeps what she typed); the register's officer finds it waiting,
 * grants it without the addresses; the education officer takes the client secret (shown once), her system calls the
 * data service, and the owner's page shows the call's receipt in a verified exchange log. On a phone, too.
 */
@CityBrainTest
class SharingInBrowserTest extends BrowserTest {

    @Test
    void aDistrictBureauAppliesTheOwnerGrantsAndTheCallIsReceipted() throws Exception {
        DemoFeedRuns.loaded(port, "housing-registry");
        signIn("jinshui.education");
        atSize(Size.PHONE);
        open("/datahub/catalogue/housing-owners");
        WebElement form = browser.findElement(By.id("apply-form"));
        form.findElement(By.cssSelector("textarea[name=purpose]")).sendKeys("2027年秋季小学入学资格审核");
        form.findElement(By.cssSelector("input[name=fields][value=ownerName]")).click();
        form.findElement(By.cssSelector("input[name=fields][value=ownerIdNumber]")).click();
        form.findElement(By.cssSelector("input[name=fields][value=address]")).click();
        form.findElement(By.cssSelector("button[type=submit]")).click();
        // no basis: refused, the summary at the top names it, what was typed and checked is kept
        WebElement summary = waiting().until(d -> d.findElement(By.id("apply-errors")));
        assertThat(summary.getText()).contains("依据");
        assertThat(browser.findElement(By.cssSelector("#apply-form textarea[name=purpose]")).getDomProperty("value")).isEqualTo("2027年秋季小学入学资格审核");
        assertThat(browser.findElement(By.cssSelector("input[name=fields][value=address]")).isSelected()).isTrue();
        assertThat(fitsTheWindow()).as("the form fits a 390 px phone").isTrue();
        browser.findElement(By.cssSelector("#apply-form textarea[name=basis]")).sendKeys("《义务教育法》第十二条");
        assertThat(browser.findElement(By.cssSelector("#apply-divisionCode option:checked")).getText()).contains("金水区");
        browser.findElement(By.cssSelector("#apply-form button[type=submit]")).click();
        awaitNotice();
        assertThat(browser.findElement(By.id("application-status")).getText()).contains("待审批");
        String application = browser.getCurrentUrl().replaceFirst(".*/datahub/sharing/", "");

        signIn("resources");
        open("/datahub/sharing?as=owner");
        browser.findElement(By.cssSelector("#application-" + application + " a")).click();
        WebElement decide = browser.findElement(By.id("decide-form"));
        decide.findElement(By.cssSelector("input[name=fields][value=address]")).click();
        decide.findElement(By.cssSelector("textarea[name=reason]")).sendKeys("坐落不属于入学核验所需");
        decide.findElement(By.id("grant-button")).click();
        awaitNotice();
        assertThat(browser.findElement(By.id("grant-state")).getText()).contains("有效");
        assertThat(browser.findElement(By.id("granted-fields")).getText()).contains("权利人").doesNotContain("坐落");
        String clientId = browser.findElement(By.id("client-id")).getText();

        signIn("jinshui.education");
        open("/datahub/sharing/" + application);
        browser.findElement(By.cssSelector("#credential-form button")).click();
        String secret = waiting().until(d -> d.findElement(By.id("client-secret"))).getText();
        assertThat(secret).hasSizeGreaterThan(30);
        open("/datahub/sharing/" + application);
        assertThat(browser.findElements(By.id("client-secret"))).as("shown once").isEmpty();

        CityBrainClient system = CityBrainClient.anonymous(port);
        String token = SharingTest.token(system, clientId, secret).json().get("access_token").asString();
        assertThat(system.request("GET", "/api/share/v1/datasets/housing-owners/records?fields=ownerName", null, "Authorization", "Bearer " + token,
                "CityBrain-Issue", SharingTest.enc("入学〔2027〕0816号"), "CityBrain-User-Id", SharingTest.enc("李老师")).status()).isEqualTo(200);

        signIn("resources");
        atSize(Size.DESKTOP);
        open("/datahub/sharing/" + application);
        assertThat(browser.findElement(By.id("chain-verification")).getText()).contains("校验通过");
        assertThat(browser.findElement(By.id("receipts")).getText()).contains("入学〔2027〕0816号").contains("李老师");
        assertThat(seriousAccessibilityProblems()).isEmpty();
        inLanguage("en");
        assertThat(browser.findElement(By.id("chain-verification")).getText()).contains("verify");
    }
}
