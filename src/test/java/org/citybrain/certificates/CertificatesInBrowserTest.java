package org.citybrain.certificates;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.citybrain.BrowserTest;
import org.citybrain.CityBrainTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On the phone: 张明 registers his shop, the licence is in his wallet at once with its QR; a landlord verifies the
 * code online; and the offline verifier, saved as a file and opened with no server behind it, checks the same code
 * with the browser's own cryptography — and refuses it with one character changed.
 */
@CityBrainTest
class CertificatesInBrowserTest extends BrowserTest {

    @Test
    void aLicenceReachesTheWalletAndVerifiesOnlineAndOffline() throws Exception {
        signIn("410105198805120019");
        atSize(Size.PHONE);
        open("/services/individual-business");
        browser.findElement(By.id("apply-tradeName")).sendKeys("郑州市金水区明记修理部");
        new Select(browser.findElement(By.id("apply-industry"))).selectByValue("REPAIR");
        browser.findElement(By.id("apply-scope")).sendKeys("家用电器修理");
        new Select(browser.findElement(By.id("apply-district"))).selectByVisibleText("金水区");
        browser.findElement(By.id("apply-premises")).sendKeys("金水区农业路12号");
        browser.findElement(By.id("apply-capital")).sendKeys("20000");
        browser.findElement(By.id("apply-phone")).sendKeys("13800138000");
        browser.findElement(By.cssSelector("#apply-form button[type=submit]")).click();
        assertThat(waiting().until(d -> d.findElement(By.cssSelector(".lead .tag"))).getText()).isEqualTo("已办结");
        assertThat(browser.findElement(By.id("timeline")).getText()).contains("营业执照");
        String applicationPage = browser.getCurrentUrl().replaceFirst("http://localhost:\\d+", "").replaceFirst("[?#].*", "");
        browser.findElement(By.id("to-wallet")).click();
        browser.findElement(By.cssSelector("#certificates a.button")).click();
        assertThat(browser.findElement(By.cssSelector("#certificate-qr svg.qr")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("certificate-facts")).getText()).contains("郑州市金水区明记修理部").contains("个体工商户");
        assertThat(fitsTheWindow()).isTrue();
        String code = browser.findElement(By.id("certificate-code")).getDomProperty("textContent").trim();

        open("/certificates/verify");
        browser.findElement(By.id("verify-code")).sendKeys(code);
        browser.findElement(By.id("verify-submit")).click();
        assertThat(waiting().until(d -> d.findElement(By.id("verdict"))).getText()).contains("有效").contains("郑州市金水区明记修理部").contains("4101");

        HttpResponse<String> file = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/certificates/verifier.html")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(file.headers().firstValue("Content-Disposition").orElse("")).contains("attachment");
        Path saved = Files.createTempFile("certificate-verifier", ".html");
        Files.writeString(saved, file.body());
        browser.get(saved.toUri().toString());
        browser.findElement(By.id("code")).sendKeys(code);
        browser.findElement(By.id("check")).click();
        assertThat(waiting().until(d -> d.findElement(By.id("result")).getText().isEmpty() ? null : d.findElement(By.id("result"))).getText())
                .isEqualTo("签名有效，证照在有效期内");
        assertThat(browser.findElement(By.id("facts")).getText()).contains("郑州市金水区明记修理部").contains("郑州市市场监督管理局");
        String[] parts = code.split("\\.");
        char last = parts[2].charAt(5);
        String altered = parts[0] + "." + parts[1] + "." + parts[2].substring(0, 5) + (last == 'A' ? 'B' : 'A') + parts[2].substring(6);
        browser.findElement(By.id("code")).clear();
        browser.findElement(By.id("code")).sendKeys(altered);
        browser.findElement(By.id("check")).click();
        assertThat(waiting().until(d -> d.findElement(By.id("result")).getText().contains("未通过") ? d.findElement(By.id("result")) : null).getText())
                .contains("签名校验未通过");
        Files.deleteIfExists(saved);

        // the bureau revokes it from the application's page: a reason is required, then the holder's wallet says so
        signIn("market.officer");
        atSize(Size.DESKTOP);
        open(applicationPage);
        browser.findElement(By.cssSelector("#issued-certificates form button[type=submit]")).click();
        assertThat(waiting().until(d -> d.findElement(By.cssSelector("#issued-certificates .error-summary"))).getText()).contains("注销理由");
        browser.findElement(By.cssSelector("#issued-certificates textarea")).sendKeys("经营场所不存在，撤销登记");
        browser.findElement(By.cssSelector("#issued-certificates form button[type=submit]")).click();
        awaitNotice();
        assertThat(browser.findElement(By.id("issued-certificates")).getText()).contains("已注销").contains("经营场所不存在");
        signIn("410105198805120019");
        open("/wallet");
        assertThat(browser.findElement(By.id("certificates")).getText()).contains("已注销");
    }

    /** The bureau trusts another city's library from its page: a key that is not one is named, a good one is listed. */
    @Test
    void theBureauTrustsAnotherIssuerByItsKey() throws Exception {
        signIn("bigdata");
        atSize(Size.DESKTOP);
        open("/certificates/issuers");
        browser.findElement(By.cssSelector("#trust-form input[name=issuer]")).sendKeys("洛阳市政务服务和大数据管理局");
        browser.findElement(By.cssSelector("#trust-form textarea")).sendKeys("not a key");
        browser.findElement(By.id("trust-submit")).click();
        assertThat(waiting().until(d -> d.findElement(By.id("trust-errors"))).getText()).contains("JWK");
        assertThat(browser.findElement(By.cssSelector("#trust-form input[name=issuer]")).getDomProperty("value")).isEqualTo("洛阳市政务服务和大数据管理局");
        String jwk = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).keyID("luoyang-" + System.nanoTime()).generate()
                .toPublicJWK().toJSONString();
        browser.findElement(By.cssSelector("#trust-form textarea")).clear();
        browser.findElement(By.cssSelector("#trust-form textarea")).sendKeys(jwk);
        browser.findElement(By.id("trust-submit")).click();
        awaitNotice();
        assertThat(browser.findElement(By.id("trusted-issuers")).getText()).contains("洛阳市政务服务和大数据管理局");
        assertThat(seriousAccessibilityProblems()).isEmpty();
    }
}
