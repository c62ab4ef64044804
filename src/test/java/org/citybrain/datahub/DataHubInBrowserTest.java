package org.citybrain.datahub;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.citybrain.BrowserTest;
import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainTest;
import org.citybrain.DemoAccounts;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bureau's journey in Chromium: upload a department's GBK file on the source's page, watch the run finish, read
 * its quality report, correct the rejected row in its form and resubmit it; then find the dataset in the catalogue.
 */
@CityBrainTest
class DataHubInBrowserTest extends BrowserTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theBureauLoadsAFileReadsItsReportAndCorrectsTheRejectedRow() throws Exception {
        CityBrainClient api = CityBrainClient.basic(port, "bigdata", DemoAccounts.password("bigdata"));
        api.json("PUT", "/api/datahub/v1/sources/civil-browser", """
                {"name": "特困人员名单", "provider": "郑州市民政局", "ownerUnit": "郑州市民政局", "kind": "FILE", "format": "CSV", "encoding": "GBK",
                 "expectedMinutes": 1440, "datasetId": "civil-browser"}""");
        api.json("POST", "/api/datahub/v1/sources/civil-browser/mappings", DataHubTest.MAPPING.formatted("civil-browser"));
        api.json("PUT", "/api/datahub/v1/catalogue/civil-browser", """
                {"titleZh": "特困人员", "titleEn": "People in extreme poverty", "descriptionZh": "民政局认定的特困供养人员。", "descriptionEn": "People the civil affairs bureau supports.",
                 "ownerUnit": "郑州市民政局", "sharingClass": "CONDITIONAL", "sharingBasis": "《社会救助暂行办法》第六十四条", "frequency": "MONTHLY", "keywords": "民政,救助"}""");
        List<String> ids = jdbc.queryForList("select id_number from resident order by id desc fetch first 2 rows only", String.class);
        String wrong = ids.get(1).substring(0, 17) + (ids.get(1).endsWith("0") ? "1" : "0");
        Path file = Files.createTempFile("特困", ".csv");
        Files.writeString(file, DataHubTest.HEADER + ids.get(0) + ",张三,13800000001,金水区,2020年3月1日,100,特困\r\n" + wrong + ",李四,13800000002,金水区,2020年3月1日,100,特困\r\n",
                Charset.forName("GBK"));

        signIn("bigdata");
        open("/datahub");
        browser.findElement(By.cssSelector("#source-civil-browser a")).click();
        browser.findElement(By.id("upload-file")).sendKeys(file.toAbsolutePath().toString());
        browser.findElement(By.cssSelector("#upload button[type=submit]")).click();
        waiting().until(d -> d.findElements(By.cssSelector("#progress .tag-run-PARTLY")).size() == 1);
        assertThat(browser.findElement(By.id("rows-accepted")).getText()).isEqualTo("1");
        assertThat(browser.findElement(By.id("rows-rejected")).getText()).isEqualTo("1");
        open(browser.getCurrentUrl().replaceFirst("http://localhost:\\d+", ""));
        assertThat(browser.findElement(By.id("rejected-by-field")).getText()).contains("身份证号").contains("不合规");

        WebElement row = browser.findElement(By.id("row-2"));
        assertThat(row.getText()).contains("校验");
        WebElement idField = row.findElement(By.cssSelector("input[name='f.身份证号']"));
        assertThat(idField.getDomProperty("value")).isEqualTo(wrong);
        idField.clear();
        idField.sendKeys(ids.get(1));
        row.findElement(By.cssSelector("button[type=submit]")).click();
        awaitNotice();
        assertThat(browser.findElement(By.id("progress")).getText()).contains("全部入库").contains("更正重提");
        assertThat(jdbc.queryForObject("select count(*) from hub_record where dataset_id = 'civil-browser'", Long.class)).isEqualTo(2);

        open("/datahub/catalogue?q=民政");
        browser.findElement(By.cssSelector("#dataset-civil-browser a")).click();
        assertThat(browser.findElement(By.id("dataset-records")).getText()).isEqualTo("2");
        assertThat(browser.findElement(By.id("sharing-basis")).getText()).contains("社会救助暂行办法");
        inLanguage("en");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("People in extreme poverty");
    }
}
