package org.citybrain.flood;

import java.util.List;

import org.citybrain.BrowserTest;
import org.citybrain.CityBrainTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import static org.assertj.core.api.Assertions.assertThat;

/** The headquarters runs a storm from the page, replays it on the map at phone size, and compares it with 7·20. */
@CityBrainTest
class FloodPagesInBrowserTest extends BrowserTest {

    @Test
    void aCommanderRunsAStormSeesTheSpotsOnTheMapOverTimeAndComparesTwoScenarios() {
        atSize(Size.PHONE);
        signIn("commander");
        open("/flood");
        // a refused form keeps what was typed and names each wrong field at the top
        browser.findElement(By.id("run-name")).sendKeys("五十年一遇 三小时");
        browser.findElement(By.id("run-durationMinutes")).clear();
        browser.findElement(By.id("run-durationMinutes")).sendKeys("9000");
        browser.findElement(By.id("run-submit")).click();
        WebElement summary = waiting().until(d -> d.findElement(By.cssSelector(".error-summary")));
        assertThat(summary.getText()).contains("60至1440分钟");
        assertThat(browser.findElement(By.id("run-name")).getDomProperty("value")).isEqualTo("五十年一遇 三小时");
        assertThat(fitsTheWindow()).isTrue();

        new Select(browser.findElement(By.id("run-returnPeriodYears"))).selectByValue("50");
        browser.findElement(By.id("run-durationMinutes")).clear();
        browser.findElement(By.id("run-durationMinutes")).sendKeys("180");
        browser.findElement(By.id("run-submit")).click();
        waiting().until(d -> d.getCurrentUrl().contains("/flood/scenarios/"));
        awaitNotice();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("五十年一遇 三小时");
        waiting().until(d -> "51".equals(d.findElement(By.id("flood-map")).getDomAttribute("data-spots")));
        assertThat(browser.findElements(By.cssSelector("#flood-map path.leaflet-interactive"))).hasSize(51);
        // the map opens at the moment the most water stands; moving the slider to the start shows dry roads
        String atPeak = browser.findElement(By.id("flood-time-label")).getText();
        assertThat(atPeak).startsWith("降雨开始后");
        browser.executeScript("var s = document.getElementById('flood-time'); s.value = 0; s.dispatchEvent(new Event('input'));");
        waiting().until(d -> "0".equals(d.findElement(By.id("flood-map")).getDomAttribute("data-shown")));
        assertThat(browser.findElement(By.id("flood-time-label")).getText()).isEqualTo("降雨开始后 0:05").isNotEqualTo(atPeak);
        List<WebElement> rows = browser.findElements(By.cssSelector("#spot-predictions tbody tr"));
        assertThat(rows).hasSize(20);
        assertThat(rows.getFirst().getText()).contains("交叉口").contains("厘米").containsAnyOf("红色", "橙色", "黄色");
        assertThat(browser.findElement(By.cssSelector(".pager")).getText()).contains("共 51 条");
        assertThat(fitsTheWindow()).isTrue();
        assertThat(seriousAccessibilityProblems()).isEmpty();

        // the deepest spot's own page: its water over the storm, against the depths of the risk levels
        String deepest = rows.getFirst().findElement(By.tagName("a")).getText();
        rows.getFirst().findElement(By.tagName("a")).click();
        waiting().until(d -> d.findElement(By.tagName("h1")).getText().equals(deepest));
        waiting().until(d -> d.findElement(By.id("spot-chart")).getDomAttribute("data-points") != null);
        assertThat(Integer.parseInt(browser.findElement(By.id("spot-chart")).getDomAttribute("data-points"))).isEqualTo((180 + 240) / 5);
        assertThat(browser.findElements(By.cssSelector("#spot-chart canvas"))).isNotEmpty();
        assertThat(browser.findElement(By.id("spot-facts")).getText()).contains("区").contains("厘米").contains("降雨开始后");
        assertThat(fitsTheWindow()).isTrue();

        // 7·20, run from the form too, then the two side by side
        open("/flood");
        browser.findElement(By.id("run-name")).sendKeys("“7·20”重演（页面）");
        new Select(browser.findElement(By.id("run-storm"))).selectByValue("ZZ720");
        browser.findElement(By.id("run-submit")).click();
        waiting().until(d -> d.getCurrentUrl().contains("/flood/scenarios/"));
        waiting().until(d -> "51".equals(d.findElement(By.id("flood-map")).getDomAttribute("data-spots")));
        // 7·20 has its own clock: the slider reads the date and hour, in the city's time
        assertThat(browser.findElement(By.id("flood-time-label")).getText()).contains("7/20").doesNotContain("降雨开始后");
        new Select(browser.findElement(By.id("compare-b"))).selectByVisibleText("五十年一遇 三小时");
        browser.findElement(By.id("compare-submit")).click();
        waiting().until(d -> d.getCurrentUrl().contains("/flood/compare"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).contains("“7·20”重演（页面）").contains("五十年一遇 三小时");
        assertThat(browser.findElements(By.cssSelector("#compare-spots tbody tr"))).hasSize(20);
        assertThat(fitsTheWindow()).isTrue();

        inLanguage("en");
        assertThat(browser.findElement(By.id("compare-summary")).getText()).contains("Spots over 15 cm").contains("552.5 mm");
    }

    @Test
    void anEngineerChoosesHerOwnHyetographAsACsvFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path csv = dir.resolve("storm.csv");
        java.nio.file.Files.writeString(csv, "minute,mm_per_hour\n0,20\n10,80\n20,120\n30,40\n40,10\n");
        signIn("commander");
        open("/flood");
        browser.findElement(By.id("run-name")).sendKeys("自己的雨型（文件）");
        browser.findElement(By.id("run-hyetograph-file")).sendKeys(csv.toString());
        waiting().until(d -> d.findElement(By.id("run-hyetograph")).getDomProperty("value").startsWith("minute,mm_per_hour"));
        assertThat(new Select(browser.findElement(By.id("run-storm"))).getFirstSelectedOption().getDomAttribute("value")).isEqualTo("UPLOADED");
        browser.findElement(By.id("run-submit")).click();
        waiting().until(d -> d.getCurrentUrl().contains("/flood/scenarios/"));
        // the text area's lines (CR LF, as a browser sends them) reach the service
        // 20·10 + 80·10 + 120·10 + 40·10 + 10·10 mm/h·min = 45 mm
        assertThat(browser.findElement(By.id("scenario-facts")).getText()).contains("上传的雨型").contains("45.0 毫米").contains("120.0 毫米/小时");
    }
}
