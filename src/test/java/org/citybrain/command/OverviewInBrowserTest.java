package org.citybrain.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.citybrain.BrowserTest;
import org.citybrain.CityBrainTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/** The city overview, the residents page and the twin page, in a real headless Chromium. */
@CityBrainTest
class OverviewInBrowserTest extends BrowserTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbcTemplate;

    @Test
    void aCommunityWorkerSignsInAndSeesTheCityOnTheMap() throws Exception {
        signIn("jinshui.worker");
        assertThat(browser.findElement(By.id("tile-residents")).isDisplayed()).isTrue();
        browser.findElement(By.id("tile-overview")).click();
        waiting().until(d -> "12".equals(d.findElement(By.id("city-map")).getDomAttribute("data-districts")));
        List<WebElement> districtShapes = browser.findElements(By.cssSelector("#city-map path.leaflet-interactive"));
        assertThat(districtShapes.size()).isGreaterThanOrEqualTo(12);
        assertThat(browser.findElements(By.cssSelector("#district-table tbody tr"))).hasSize(12);
        assertThat(browser.findElement(By.id("district-table")).getText()).contains("金水区").contains("410105");
        waiting().until(d -> !d.findElements(By.cssSelector("#district-chart canvas")).isEmpty());
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/overview.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

        browser.findElement(By.id("lang-en")).click();
        waiting().until(d -> d.findElement(By.tagName("h1")).getText().equals("Zhengzhou city overview"));
        browser.findElement(By.id("lang-zh")).click();
        waiting().until(d -> d.findElement(By.tagName("h1")).getText().equals("郑州市城市概览"));
    }

    @Test
    void theResidentsPageShowsOnlyTheWorkersCommunityMasked() {
        signIn("jinshui.worker");
        browser.get("http://localhost:" + port + "/residents");
        List<WebElement> rows = browser.findElements(By.cssSelector("tr.resident-row"));
        assertThat(rows).isNotEmpty();
        rows.forEach(r -> assertThat(r.getDomAttribute("data-community")).isEqualTo("410105001001"));
        assertThat(rows.getFirst().getText()).containsPattern("\\d{6}\\*{8}[\\dX]{4}");
        browser.findElement(By.name("name")).sendKeys("张明");
        browser.findElement(By.cssSelector("#resident-search button")).click();
        waiting().until(d -> d.findElements(By.cssSelector("tr.resident-row")).size() == 1);
        assertThat(browser.findElement(By.id("results")).getText()).contains("张明").doesNotContain("410105198805120019");
    }

    @Test
    void theTwinPageFindsEntitiesShowsThemOnTheMapAndChartsTheirHistory() {
        org.citybrain.CityBrainClient api = org.citybrain.CityBrainClient.basic(port, "rain-gauge-001", org.citybrain.DemoAccounts.password("rain-gauge-001"));
        for (int h = 1; h <= 3; h++) {
            api.request("POST", "/devices/v1/rain-gauge-001/measurements", "{\"type\":\"Sensor\",\"observedAt\":\"2026-07-20T0" + h
                    + ":00:00Z\",\"measurements\":{\"rainfall\":" + (h * 20) + "},\"location\":[113.65,34.75]}", "Content-Type", "application/json");
        }
        signIn("commander");
        browser.get("http://localhost:" + port + "/twin?type=Hospital&q=" + java.net.URLEncoder.encode("feverClinic==true", java.nio.charset.StandardCharsets.UTF_8));
        waiting().until(d -> Integer.parseInt(d.findElement(By.id("twin-total")).getText()) > 0);
        waiting().until(d -> d.findElement(By.id("twin-map")).getDomAttribute("data-features") != null
                && Integer.parseInt(d.findElement(By.id("twin-map")).getDomAttribute("data-features")) > 0);
        assertThat(browser.findElements(By.cssSelector("#twin-map path.leaflet-interactive"))).isNotEmpty();
        browser.findElement(By.cssSelector("tr.twin-row a")).click();
        waiting().until(d -> d.findElement(By.id("entity-id")).getText().startsWith("urn:ngsi-ld:Hospital:"));
        assertThat(browser.findElement(By.id("entity-properties")).getText()).contains("发热门诊").contains("✓").doesNotContain("feverClinic");
        assertThat(browser.findElement(By.id("entity-relationships")).getText()).contains("隶属于").contains("urn:ngsi-ld:Community:");

        browser.get("http://localhost:" + port + "/twin/entity?id=urn:ngsi-ld:Sensor:rain-gauge-001");
        waiting().until(d -> "1".equals(d.findElement(By.id("history-chart")).getDomAttribute("data-series")));
        assertThat(browser.findElements(By.cssSelector("#history-chart canvas"))).isNotEmpty();
    }

    @Test
    void aRefusedTwinSearchSaysWhyInPlaceOfTheOldResults() {
        signIn("commander");
        open("/twin?type=Hospital");
        waiting().until(d -> !d.findElements(By.cssSelector("tr.twin-row")).isEmpty());
        browser.findElement(By.id("twin-q")).sendKeys("beds>>");
        browser.findElement(By.cssSelector("#twin-search button")).click();
        waiting().until(d -> !d.findElements(By.id("twin-error")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("tr.twin-row"))).isEmpty();
        assertThat(browser.findElement(By.id("twin-error")).getText()).isNotBlank().doesNotContain(" / ");
        // The districts are chosen by name, and their outlines are on the map with a legend.
        assertThat(browser.findElement(By.id("twin-district")).getText()).contains("金水区");
        waiting().until(d -> "12".equals(d.findElement(By.id("twin-map")).getDomAttribute("data-districts")));
        assertThat(browser.findElement(By.id("twin-legend")).getText()).contains("区县界线");
    }

    @Test
    void revealingAFullIdNumberAsksWhyAndTheReasonIsAudited() {
        long zhangMing = jdbcTemplate.queryForObject("select id from resident where id_number = '410105198805120019'", Long.class);
        signIn("jinshui.worker");
        open("/residents/" + zhangMing);
        // The purpose defaults from her role, said in words.
        assertThat(browser.findElement(By.id("purpose")).getText()).isEqualTo("社区服务");
        assertThat(browser.findElement(By.id("id-number")).getText()).contains("*");
        browser.findElement(By.cssSelector("#reveal button")).click();
        waiting().until(d -> !d.findElements(By.id("reveal-errors")).isEmpty());
        assertThat(browser.findElement(By.cssSelector("#reveal-errors a")).getDomAttribute("href")).isEqualTo("#reveal-reason");
        assertThat(browser.findElement(By.id("id-number")).getText()).contains("*");
        browser.findElement(By.id("reveal-reason")).sendKeys("电话通知核酸检测");
        browser.findElement(By.cssSelector("#reveal button")).click();
        waiting().until(d -> "410105198805120019".equals(d.findElement(By.id("id-number")).getText()));
        // The worker may call: the whole number is a call button.
        assertThat(browser.findElement(By.cssSelector("#mobile a.call")).getDomAttribute("href")).startsWith("tel:1");
        waiting().until(d -> !d.findElements(By.id("health-summary")).isEmpty());
        assertThat(jdbcTemplate.queryForObject("select what from audit_record where subject = ? and action = 'REVEAL' order by seq desc fetch first 1 rows only",
                String.class, "resident:" + zhangMing)).contains("电话通知核酸检测");
    }
}
