package org.citybrain.health;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.citybrain.BrowserTest;
import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainTest;
import org.citybrain.scanpoint.DeviceKind;
import org.citybrain.scanpoint.ScanDevices;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The citizen's code page and the community worker's loop pages, in a real headless Chromium. */
@CityBrainTest
class HealthPagesInBrowserTest extends BrowserTest {

    @Autowired
    ScanDevices devices;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aCitizenSeesHerCodeAsAQrAndDeclaresHerHealth() throws Exception {
        signIn("citizen-login", "410103199209030027");
        browser.findElement(By.id("tile-health-code")).click();
        waiting().until(d -> !d.findElements(By.cssSelector("#qr svg.qr path")).isEmpty());
        assertThat(browser.findElement(By.id("colour")).getText()).isIn("绿码", "黄码", "红码");
        assertThat(browser.findElement(By.cssSelector("#qr .validity")).getText()).contains("有效至");
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/health-code.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

        // An impossible temperature is refused with the field named; a normal one is recorded.
        browser.findElement(By.cssSelector("#declare-health input[name=temperature]")).sendKeys("60");
        browser.findElement(By.cssSelector("#declare-health button")).click();
        waiting().until(d -> !d.findElements(By.id("declare-health-errors")).isEmpty());
        assertThat(browser.findElement(By.id("declare-health-errors")).getText()).contains("体温").contains("34.0").doesNotContain("temperature");
        browser.findElement(By.cssSelector("#declare-health input[name=temperature]")).clear();
        browser.findElement(By.cssSelector("#declare-health input[name=temperature]")).sendKeys("36.6");
        browser.findElement(By.cssSelector("#declare-health button")).click();
        awaitNotice();
        assertThat(browser.findElement(By.id("facts")).getText()).contains("健康申报").contains("36.6");

        browser.findElement(By.id("lang-en")).click();
        waiting().until(d -> d.findElement(By.tagName("h1")).getText().equals("My health code"));
        assertThat(browser.findElement(By.id("why")).getText()).startsWith("Why");
        browser.findElement(By.id("lang-zh")).click();
    }

    @Test
    void aWorkerSeesTheOpenLoopAndTheChainAndClosesIt() {
        // A resident of her community arrives from the demo's high-risk area: red, a quarantine task.
        String person = jdbc.queryForObject("select id_number from resident where community_code = '410105001001' order by id desc fetch first 1 rows only",
                String.class);
        long resident = jdbc.queryForObject("select id from resident where id_number = ?", Long.class, person);
        String checkpoint = devices.devices(DeviceKind.CHECKPOINT, "", 2).getLast().deviceId();
        CityBrainClient.basic(port, checkpoint, org.citybrain.DemoAccounts.password(checkpoint)).json("POST", "/api/scan/v1/devices/" + checkpoint + "/scans",
                "{\"seq\":\"" + UUID.randomUUID() + "\",\"idNumber\":\"" + person + "\",\"origin\":\"411102\",\"plate\":\"豫A88888\"}");

        signIn("jinshui.worker");
        browser.findElement(By.id("tile-loops")).click();
        waiting().until(d -> {
            d.navigate().refresh();
            return !d.findElements(By.id("tasks")).isEmpty() && d.findElement(By.id("tasks")).getText().contains("隔离管控");
        });
        assertThat(browser.findElement(By.id("by-kind")).getText()).contains("隔离管控");
        long task = jdbc.queryForObject("select id from follow_up_task where resident_id = ? and responsible_kind = 'COMMUNITY' and closed_at is null",
                Long.class, resident);
        browser.findElement(By.cssSelector("#task-" + task + " a")).click();
        waiting().until(d -> !d.findElements(By.id("chain-checkpoints")).isEmpty());
        assertThat(browser.findElement(By.id("chain-checkpoints")).getText()).contains("源汇区").contains("红码");

        open("/loops");
        while (browser.findElements(By.id("task-" + task)).isEmpty()) {
            browser.findElement(By.cssSelector(".pager a[rel=next]")).click();
        }
        browser.findElement(By.cssSelector("#task-" + task + " input[name=note]")).sendKeys("已转集中隔离点");
        browser.findElement(By.cssSelector("#task-" + task + " select[name=result] option[value=TRANSFERRED]")).click();
        browser.findElement(By.cssSelector("#task-" + task + " button")).click();
        awaitNotice();
        assertThat(browser.findElements(By.id("task-" + task))).isEmpty();
    }
}
