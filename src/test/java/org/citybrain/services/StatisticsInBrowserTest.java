package org.citybrain.services;

import java.util.Arrays;

import org.citybrain.BrowserTest;
import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainTest;
import org.citybrain.DemoAccounts;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bureau's statistics as charts in Chromium: both are drawn (ECharts' canvas), they carry the table's own figures
 * (the received total is the table's), and they fit a phone.
 */
@CityBrainTest
class StatisticsInBrowserTest extends BrowserTest {

    @Test
    void theStatisticsAreDrawnFromTheTablesFigures() {
        CityBrainClient tenant = CityBrainClient.basic(port, ServicesTest.TENANT, DemoAccounts.password(ServicesTest.TENANT));
        assertThat(tenant.json("POST", "/api/services/v1/services/gjj-certificate/applications",
                "{\"form\": {\"request\": \"开具缴存证明\", \"phone\": \"13800138000\"}}", "Idempotency-Key", "stat-" + System.nanoTime()).status()).isEqualTo(201);
        signIn("bigdata");
        atSize(Size.DESKTOP);
        open("/services/statistics");
        WebElement volume = browser.findElement(By.id("volume-chart"));
        waiting().until(d -> !volume.findElements(By.tagName("canvas")).isEmpty());
        assertThat(browser.findElement(By.id("share-chart")).findElements(By.tagName("canvas"))).isNotEmpty();
        long charted = Arrays.stream(volume.getDomAttribute("data-submitted").split(",")).mapToLong(Long::parseLong).sum();
        long tabled = browser.findElements(By.cssSelector("#figures tbody tr td:nth-child(3)")).stream().mapToLong(td -> Long.parseLong(td.getText().trim())).sum();
        assertThat(charted).isEqualTo(tabled).isPositive();
        atSize(Size.PHONE);
        open("/services/statistics");
        assertThat(fitsTheWindow()).isTrue();
    }
}
