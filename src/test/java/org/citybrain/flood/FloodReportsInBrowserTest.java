package org.citybrain.flood;

import java.nio.file.Files;
import java.nio.file.Path;

import org.citybrain.BrowserTest;
import org.citybrain.CityBrainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A citizen reports flooding from her phone: a photo, the place tapped on the map, the depth; she follows it. The
 * headquarters sees it on its board and a crew reports its task done from the task's page.
 */
@CityBrainTest
class FloodReportsInBrowserTest extends BrowserTest {

    @Test
    void aCitizenReportsFloodingFromHerPhoneAndTheCrewsDoneTaskIsWhatSheSees(@TempDir Path dir) throws Exception {
        Path photo = dir.resolve("water.jpg");
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(320, 240, java.awt.image.BufferedImage.TYPE_INT_RGB);
        javax.imageio.ImageIO.write(image, "jpeg", photo.toFile());
        Path notAPhoto = dir.resolve("notes.jpg");
        Files.writeString(notAPhoto, "not a photo");

        atSize(Size.PHONE);
        signIn("410105198805120019");
        open("/flood/report");
        // sent without a place and with a file that is no photo: both named at the top, the description kept
        browser.findElement(By.id("report-media")).sendKeys(notAPhoto.toString());
        browser.findElement(By.id("report-description")).sendKeys("地道口积水");
        browser.findElement(By.id("report-submit")).click();
        WebElement summary = waiting().until(d -> d.findElement(By.cssSelector(".error-summary")));
        assertThat(summary.getText()).contains("请在地图上选择位置").contains("JPEG 或 PNG");
        assertThat(browser.findElement(By.id("report-description")).getDomProperty("value")).isEqualTo("地道口积水");
        assertThat(fitsTheWindow()).isTrue();
        assertThat(seriousAccessibilityProblems()).isEmpty();

        // the place tapped on the map, in the city's centre
        browser.findElement(By.id("report-media")).sendKeys(photo.toString());
        WebElement map = browser.findElement(By.id("report-map"));
        new org.openqa.selenium.interactions.Actions(browser).moveToElement(map).click().perform();
        waiting().until(d -> d.findElement(By.id("report-map")).getDomAttribute("data-chosen-at") != null);
        new Select(browser.findElement(By.id("report-depth"))).selectByValue("KNEE");
        browser.findElement(By.id("report-submit")).click();
        waiting().until(d -> d.getCurrentUrl().matches(".*/flood/reports/\\d+$"));
        awaitNotice();
        assertThat(browser.findElement(By.id("report-state")).getText()).isEqualTo("处置中");
        assertThat(browser.findElement(By.id("report-timeline")).getText()).contains("报告已收到").contains("已交区城市管理局排水抢险队处置");
        assertThat(browser.findElements(By.cssSelector("img.report-photo"))).hasSize(1);
        assertThat((Boolean) browser.executeScript("var i = document.querySelector('img.report-photo'); return i.complete && i.naturalWidth === 320;")).isTrue();
        assertThat(fitsTheWindow()).isTrue();
        String report = browser.getCurrentUrl();

        // the headquarters' board shows the incident; the crew's task page takes its report of what was done
        signIn("commander");
        open("/flood/command");
        assertThat(browser.findElement(By.id("incidents")).getText()).contains("45 厘米");
        waiting().until(d -> d.findElement(By.id("command-map")).getDomAttribute("data-markers") != null);
        assertThat(fitsTheWindow()).isTrue();
        assertThat(seriousAccessibilityProblems()).isEmpty();
        // the crew's task (among however many the board lists first), opened from its own address
        long task = 0;
        for (JsonNode t : org.citybrain.CityBrainClient.basic(port, "commander", org.citybrain.DemoAccounts.password("commander"))
                .get("/api/flood/v1/tasks?size=100").json().get("items")) {
            if (t.get("titleZh").asString().startsWith("市民报告积水约45厘米")) {
                task = t.get("id").asLong();
            }
        }
        assertThat(task).isPositive();
        open("/flood/tasks/" + task);
        new Select(browser.findElement(By.id("progress-state"))).selectByValue("DONE");
        browser.findElement(By.id("progress-submit")).click();
        assertThat(waiting().until(d -> d.findElement(By.cssSelector(".error-summary"))).getText()).contains("请写明处置情况");
        new Select(browser.findElement(By.id("progress-state"))).selectByValue("DONE");
        browser.findElement(By.id("progress-note")).sendKeys("泵车抽排，积水已退");
        browser.findElement(By.id("progress-submit")).click();
        awaitNotice();
        assertThat(browser.findElement(By.id("timeline")).getText()).contains("完成").contains("泵车抽排，积水已退");
        assertThat(fitsTheWindow()).isTrue();

        signIn("410105198805120019");
        browser.get(report);
        assertThat(browser.findElement(By.id("report-state")).getText()).isEqualTo("已处置");
        assertThat(browser.findElement(By.id("report-timeline")).getText()).contains("泵车抽排，积水已退");
        inLanguage("en");
        assertThat(browser.findElement(By.id("report-state")).getText()).isEqualTo("Dealt with");
    }
}
