package org.citybrain.datahub;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainClient.Answer;
import org.citybrain.CityBrainTest;
import org.citybrain.DemoAccounts;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An Excel workbook as a department delivers it: the civil affairs bureau's list as .xlsx, with a real date cell and a
 * number; a cell holding a formula refuses its row (naming the cell and the formula); a sheet with merged cells, a
 * zip bomb and a file that is no workbook are refused whole, each with its reason — never a run without a report.
 */
@CityBrainTest
class SpreadsheetSourceTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    CityBrainClient bureau() {
        return CityBrainClient.basic(port, "bigdata", DemoAccounts.password("bigdata"));
    }

    static final List<String> HEADER = List.of("身份证号", "姓名", "手机", "区县", "登记日期", "补贴（分）", "类别");

    XSSFWorkbook workbook(List<String> ids) {
        XSSFWorkbook book = new XSSFWorkbook();
        XSSFSheet sheet = book.createSheet("低保对象");
        CellStyle date = book.createCellStyle();
        date.setDataFormat(book.createDataFormat().getFormat("yyyy年m月d日"));
        Row header = sheet.createRow(0);
        for (int i = 0; i < HEADER.size(); i++) {
            header.createCell(i).setCellValue(HEADER.get(i));
        }
        for (int r = 0; r < ids.size(); r++) {
            Row row = sheet.createRow(r + 1);
            row.createCell(0).setCellValue(ids.get(r));
            row.createCell(1).setCellValue("居民" + r);
            row.createCell(2).setCellValue("1380000000" + r);
            row.createCell(3).setCellValue("金水区");
            var since = row.createCell(4);
            since.setCellValue(LocalDate.of(2020, 3, 1 + r));
            since.setCellStyle(date);
            if (r == 1) {
                row.createCell(5).setCellFormula("50*2");
            } else {
                row.createCell(5).setCellValue(12345);
            }
            row.createCell(6).setCellValue("低保");
        }
        return book;
    }

    static byte[] bytes(XSSFWorkbook book) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        book.write(out);
        book.close();
        return out.toByteArray();
    }

    JsonNode upload(String name, byte[] file) {
        Answer a = bureau().bytes("POST", "/api/datahub/v1/sources/civil-xlsx/files?wait=true&name=" + name, file, "Content-Type",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(a.status()).as(a.body()).isIn(200, 201);
        return a.json();
    }

    @Test
    void aWorkbookLoadsItsRowsAndFormulasMergedCellsAndBombsAreRefusedWithTheReason() throws Exception {
        assertThat(bureau().json("PUT", "/api/datahub/v1/sources/civil-xlsx", """
                {"name": "低保对象名单（Excel）", "provider": "郑州市民政局", "ownerUnit": "郑州市民政局", "kind": "FILE", "format": "XLSX",
                 "expectedMinutes": 43200, "datasetId": "civil-xlsx"}""").status()).isEqualTo(200);
        assertThat(bureau().json("POST", "/api/datahub/v1/sources/civil-xlsx/mappings", DataHubTest.MAPPING.formatted("civil-xlsx")).status()).isEqualTo(201);
        List<String> ids = jdbc.queryForList("select id_number from resident order by id desc fetch first 3 rows only", String.class);

        JsonNode run = upload("低保.xlsx", bytes(workbook(ids)));
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("PARTLY");
        assertThat(run.get("report").get("accepted").asLong()).isEqualTo(2);
        assertThat(run.get("report").get("rejected").asLong()).isEqualTo(1);
        JsonNode rejected = bureau().get("/api/datahub/v1/runs/" + run.get("id").asLong() + "/rejected").json();
        assertThat(rejected.toString()).contains("F3").contains("50*2").contains("formula");
        JsonNode loaded = tools.jackson.databind.json.JsonMapper.builder().build().readTree(
                jdbc.queryForObject("select data from hub_record where dataset_id = 'civil-xlsx' and record_key = ?", String.class, ids.get(0)));
        assertThat(loaded.get("since").asString()).as("a date cell, whatever its display format").isEqualTo("2020-03-01");
        assertThat(loaded.get("allowance").asDouble()).as("12345 分 as 元").isEqualTo(123.45);

        XSSFWorkbook merged = workbook(ids.subList(0, 1));
        merged.getSheetAt(0).addMergedRegion(new CellRangeAddress(1, 2, 6, 6));
        JsonNode refused = upload("merged.xlsx", bytes(merged));
        assertThat(refused.get("status").asString()).isEqualTo("REFUSED");
        assertThat(refused.get("failure").asString()).contains("合并单元格").contains("G2:G3");

        JsonNode bomb = upload("bomb.xlsx", bomb(bytes(workbook(ids.subList(0, 1)))));
        assertThat(bomb.get("status").asString()).isEqualTo("REFUSED");
        assertThat(bomb.get("failure").asString()).contains("zip bomb");

        JsonNode notAWorkbook = upload("list.xlsx", "身份证号,姓名\n".getBytes(StandardCharsets.UTF_8));
        assertThat(notAWorkbook.get("status").asString()).isEqualTo("REFUSED");
        assertThat(notAWorkbook.get("failure").asString()).contains("Excel");
    }

    /** The same workbook with its sheet padded by 60 MB of blanks: it deflates to almost nothing, as a zip bomb does. */
    static byte[] bomb(byte[] workbook) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(workbook)); ZipOutputStream zip = new ZipOutputStream(out)) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                zip.putNextEntry(new ZipEntry(e.getName()));
                byte[] content = in.readAllBytes();
                if (e.getName().equals("xl/worksheets/sheet1.xml")) {
                    String xml = new String(content, StandardCharsets.UTF_8);
                    int at = xml.indexOf("<sheetData");
                    zip.write(xml.substring(0, at).getBytes(StandardCharsets.UTF_8));
                    byte[] blanks = new byte[1 << 20];
                    java.util.Arrays.fill(blanks, (byte) ' ');
                    for (int i = 0; i < 60; i++) {
                        zip.write(blanks);
                    }
                    zip.write(xml.substring(at).getBytes(StandardCharsets.UTF_8));
                } else {
                    zip.write(content);
                }
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
