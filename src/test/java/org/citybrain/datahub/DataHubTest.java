package org.citybrain.datahub;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

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
 * The data hub over HTTP, as the bureau uses it: a department's GBK file with bad rows loads with a quality report,
 * its rejected rows are corrected and resubmitted, a file delivered twice is one run, a changed file updates instead of
 * duplicating, a file in the wrong encoding or without the mapped columns is refused whole, an all-or-nothing delivery
 * with one bad row loads nothing, pushed records are idempotent.
 */
@CityBrainTest
class DataHubTest {

    static final Charset GBK = Charset.forName("GBK");
    static final String MAPPING = """
            {"dataset": "%s", "key": ["idNumber"], "division": "district",
             "fields": [
               {"name": "idNumber", "label": "身份证号", "from": "身份证号", "transforms": ["trim", "halfwidth", "upper"], "check": "GB11643", "required": true, "personal": true},
               {"name": "name", "label": "姓名", "from": "姓名", "transforms": ["trim"], "required": true, "personal": true},
               {"name": "mobile", "from": "手机", "transforms": ["nospaces"], "check": "MOBILE", "personal": true},
               {"name": "district", "from": "区县", "transforms": ["trim", "division"], "check": "GB2260", "required": true},
               {"name": "since", "from": "登记日期", "type": "date", "formats": ["yyyy年M月d日", "yyyy/M/d"]},
               {"name": "allowance", "from": "补贴（分）", "type": "number", "factor": 0.01, "min": 0, "max": 1000},
               {"name": "kind", "from": "类别", "transforms": ["trim", "codes"], "codes": {"低保": "MINIMUM_LIVING", "特困": "EXTREME_POVERTY"}}
             ]}""";
    static final String HEADER = "身份证号,姓名,手机,区县,登记日期,补贴（分）,类别\r\n";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    CityBrainClient as(String user) {
        return CityBrainClient.basic(port, user, DemoAccounts.password(user));
    }

    CityBrainClient bureau() {
        return as("bigdata");
    }

    void source(String id, String kind, String format, String encoding, boolean allOrNothing) {
        Answer a = bureau().json("PUT", "/api/datahub/v1/sources/" + id, """
                {"name": "低保对象名单", "provider": "郑州市民政局", "ownerUnit": "郑州市民政局", "kind": "%s", "format": "%s", "encoding": "%s",
                 "allOrNothing": %s, "expectedMinutes": 1440, "datasetId": "%s"}""".formatted(kind, format, encoding, allOrNothing, id));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        Answer m = bureau().json("POST", "/api/datahub/v1/sources/" + id + "/mappings", MAPPING.formatted(id));
        assertThat(m.status()).as(m.body()).isEqualTo(201);
    }

    JsonNode upload(String source, String name, byte[] file) {
        Answer a = bureau().bytes("POST", "/api/datahub/v1/sources/" + source + "/files?wait=true&name=" + name, file, "Content-Type", "text/csv");
        assertThat(a.status()).as(a.body()).isIn(200, 201);
        return a.json();
    }

    List<String> residents(int n) {
        return jdbc.queryForList("select id_number from resident where id_number not in ('410105198805120019', '410103199209030027') order by id "
                + "fetch first " + n + " rows only", String.class);
    }

    @Test
    void aDepartmentsGbkFileWithBadRowsLoadsWithAReportAndItsRejectedRowsAreCorrected() {
        source("civil-minimum-living", "FILE", "CSV", "GBK", false);
        List<String> ids = residents(6);
        StringBuilder csv = new StringBuilder(HEADER);
        csv.append(ids.get(0)).append(",张三,138 0000 0001,金水区,2020年3月1日,50000,低保\r\n");
        csv.append(ids.get(1).toLowerCase()).append(",\"李四, 之二\",13800000002,郑州市二七区,2021/7/20,12345,特困\r\n");
        // full-width digits, as typed on a Chinese keyboard
        csv.append(toFullWidth(ids.get(2))).append(",王五,,河南省郑州市中原区,2019年1月1日,0,低保\r\n");
        csv.append(ids.get(3)).append(",赵六,13800000004,管城回族区,2018/5/5,100,低保\r\n");
        String wrongCheck = ids.get(4).substring(0, 17) + (ids.get(4).endsWith("0") ? "1" : "0");
        csv.append(wrongCheck).append(",钱七,13800000005,金水区,2020年1月1日,100,低保\r\n");           // row 5: ID check character
        csv.append(ids.get(5)).append(",孙八,13800000006,金水区,2020年13月1日,100,低保\r\n");          // row 6: no such date
        csv.append(ids.get(5)).append(",,13800000006,金水区,2020年1月1日,100,低保\r\n");               // row 7: name missing
        csv.append(ids.get(5)).append(",孙八,13800000006\r\n");                                         // row 8: ragged
        csv.append(ids.get(5)).append(",孙八,13800000006,金水区,2020年1月1日,999999,低保\r\n");        // row 9: 9,999.99 yuan > 1,000
        csv.append(ids.get(5)).append(",孙八,12345,金水区,2020年1月1日,100,孤儿\r\n");                 // row 10: mobile, code list
        JsonNode run = upload("civil-minimum-living", "低保名单.csv", csv.toString().getBytes(GBK));

        assertThat(run.get("status").asString()).isEqualTo("PARTLY");
        JsonNode report = run.get("report");
        assertThat(report.get("read").asLong()).isEqualTo(10);
        assertThat(report.get("accepted").asLong()).isEqualTo(4);
        assertThat(report.get("rejected").asLong()).isEqualTo(6);
        assertThat(report.get("inserted").asLong()).isEqualTo(4);
        JsonNode byField = report.get("rejectedByField");
        assertThat(byField.get("idNumber").get("invalid").asLong()).isEqualTo(1);
        assertThat(byField.get("since").get("invalid").asLong()).isEqualTo(1);
        assertThat(byField.get("name").get("missing").asLong()).isEqualTo(1);
        assertThat(byField.get("row").get("unreadable").asLong()).isEqualTo(1);
        assertThat(byField.get("allowance").get("out_of_range").asLong()).isEqualTo(1);
        assertThat(byField.get("mobile").get("invalid").asLong()).isEqualTo(1);
        assertThat(byField.get("kind").get("invalid").asLong()).isEqualTo(1);
        assertThat(report.get("outOfRange").get("allowance").asLong()).isEqualTo(1);
        // the mobile was given in 8 of the 9 rows that could be read
        assertThat(report.get("filled").get("mobile").asLong()).isEqualTo(8);

        // What was loaded: the values as the mapping made them, with their lineage.
        long runId = run.get("id").asLong();
        JsonNode first = tools.jackson.databind.json.JsonMapper.builder().build().readTree(
                jdbc.queryForObject("select data from hub_record where dataset_id = 'civil-minimum-living' and record_key = ?", String.class, ids.get(0)));
        assertThat(first.get("mobile").asString()).isEqualTo("13800000001");
        assertThat(first.get("district").asString()).isEqualTo("410105");
        assertThat(first.get("since").asString()).isEqualTo("2020-03-01");
        assertThat(first.get("allowance").asDouble()).isEqualTo(500.0);
        assertThat(first.get("kind").asString()).isEqualTo("MINIMUM_LIVING");
        assertThat(jdbc.queryForObject("select data from hub_record where dataset_id = 'civil-minimum-living' and record_key = ?", String.class, ids.get(1)))
                .contains("李四, 之二").contains("410103");
        assertThat(jdbc.queryForObject("select count(*) from hub_record where dataset_id = 'civil-minimum-living' and record_key = ?", Long.class, ids.get(2)))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject("select run_id from hub_record where dataset_id = 'civil-minimum-living' and record_key = ?", Long.class, ids.get(3)))
                .isEqualTo(runId);

        // The rejected rows, each with its problem, the typed values kept.
        JsonNode rejected = bureau().get("/api/datahub/v1/runs/" + runId + "/rejected").json();
        assertThat(rejected.size()).isEqualTo(6);
        JsonNode row5 = rejected.get(0);
        assertThat(row5.get("rowNumber").asLong()).isEqualTo(5);
        assertThat(row5.get("problems").get(0).get("field").asString()).isEqualTo("idNumber");
        assertThat(row5.get("raw").get("姓名").asString()).isEqualTo("钱七");

        // The department confirms the right number and the date; both rows are resubmitted, corrected.
        Answer again = bureau().json("POST", "/api/datahub/v1/runs/" + runId + "/resubmissions", """
                {"rows": {"5": {"身份证号": "%s"}, "6": {"登记日期": "2020年12月1日"}}}""".formatted(ids.get(4)));
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        JsonNode corrected = again.json();
        assertThat(corrected.get("trigger").asString()).isEqualTo("RESUBMIT");
        assertThat(corrected.get("report").get("accepted").asLong()).isEqualTo(2);
        assertThat(jdbc.queryForObject("select count(*) from hub_record where dataset_id = 'civil-minimum-living'", Long.class)).isEqualTo(6);
        assertThat(bureau().get("/api/datahub/v1/runs/" + runId + "/rejected?open=true").json().size()).isEqualTo(4);
        // The same resubmission again (a double click) is the same run.
        Answer twice = bureau().json("POST", "/api/datahub/v1/runs/" + runId + "/resubmissions", """
                {"rows": {"5": {"身份证号": "%s"}, "6": {"登记日期": "2020年12月1日"}}}""".formatted(ids.get(4)));
        assertThat(twice.status()).isEqualTo(201);
        assertThat(twice.json().get("id").asLong()).isEqualTo(corrected.get("id").asLong());

        // The same file delivered again is the same run; a changed file updates the changed record only.
        assertThat(upload("civil-minimum-living", "低保名单.csv", csv.toString().getBytes(GBK)).get("id").asLong()).isEqualTo(runId);
        String changed = HEADER + ids.get(0) + ",张三,13800000001,金水区,2020年3月1日,60000,低保\r\n" + ids.get(3) + ",赵六,13800000004,管城回族区,2018/5/5,100,低保\r\n";
        JsonNode update = upload("civil-minimum-living", "低保名单-更正.csv", changed.getBytes(GBK)).get("report");
        assertThat(update.get("updated").asLong()).isEqualTo(1);
        assertThat(update.get("unchanged").asLong()).isEqualTo(1);
        assertThat(update.get("inserted").asLong()).isEqualTo(0);
        assertThat(jdbc.queryForObject("select count(*) from hub_record where dataset_id = 'civil-minimum-living'", Long.class)).isEqualTo(6);
    }

    @Test
    void aFileInAnotherEncodingOrWithoutTheMappedColumnsIsRefusedWhole() {
        source("civil-encoding", "FILE", "CSV", "GBK", false);
        String csv = HEADER + residents(1).getFirst() + ",张三,13800000001,金水区,2020年3月1日,100,低保\r\n";
        JsonNode utf8 = upload("civil-encoding", "utf8.csv", csv.getBytes(StandardCharsets.UTF_8));
        assertThat(utf8.get("status").asString()).isEqualTo("REFUSED");
        assertThat(utf8.get("failure").asString()).contains("UTF-8");
        assertThat(utf8.get("rowsAccepted").asLong()).isZero();

        JsonNode columns = upload("civil-encoding", "columns.csv", "身份证号,姓名\r\n1,2\r\n".getBytes(GBK));
        assertThat(columns.get("status").asString()).isEqualTo("REFUSED");
        assertThat(columns.get("failure").asString()).contains("区县");
        assertThat(jdbc.queryForObject("select count(*) from hub_record where dataset_id = 'civil-encoding'", Long.class)).isZero();
    }

    @Test
    void anAllOrNothingDeliveryWithOneBadRowLoadsNothing() {
        source("civil-all", "FILE", "CSV", "UTF-8", true);
        List<String> ids = residents(3);
        String good = ids.get(0) + ",张三,13800000001,金水区,2020年3月1日,100,低保\r\n" + ids.get(1) + ",李四,13800000002,金水区,2020年3月1日,100,低保\r\n";
        JsonNode refused = upload("civil-all", "all.csv", (HEADER + good + ids.get(2) + ",王五,1,金水区,2020年3月1日,100,低保\r\n").getBytes(StandardCharsets.UTF_8));
        assertThat(refused.get("status").asString()).isEqualTo("REFUSED");
        assertThat(refused.get("report").get("rolledBack").asBoolean()).isTrue();
        assertThat(refused.get("report").get("accepted").asLong()).isEqualTo(2);
        assertThat(jdbc.queryForObject("select count(*) from hub_record where dataset_id = 'civil-all'", Long.class)).isZero();
        assertThat(bureau().get("/api/datahub/v1/runs/" + refused.get("id").asLong() + "/rejected").json().size()).isEqualTo(1);

        JsonNode fixed = upload("civil-all", "all-fixed.csv", (HEADER + good + ids.get(2) + ",王五,13800000003,金水区,2020年3月1日,100,低保\r\n")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(fixed.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(jdbc.queryForObject("select count(*) from hub_record where dataset_id = 'civil-all'", Long.class)).isEqualTo(3);
    }

    @Test
    void pushedRecordsAreLoadedOnceHoweverOftenTheyAreSent() {
        source("civil-push", "PUSH", "JSONL", "UTF-8", false);
        String id = residents(1).getFirst();
        String body = """
                [{"身份证号": "%s", "姓名": "张三", "区县": "金水区", "补贴（分）": 100},
                 {"身份证号": "123", "姓名": "李四", "区县": "金水区"}]""".formatted(id);
        Answer first = bureau().json("POST", "/api/datahub/v1/sources/civil-push/records", body, "Idempotency-Key", "batch-0001");
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().get("rowsAccepted").asLong()).isEqualTo(1);
        assertThat(first.json().get("rowsRejected").asLong()).isEqualTo(1);
        Answer retry = bureau().json("POST", "/api/datahub/v1/sources/civil-push/records", body, "Idempotency-Key", "batch-0001");
        assertThat(retry.json().get("id").asLong()).isEqualTo(first.json().get("id").asLong());
        assertThat(jdbc.queryForObject("select count(*) from hub_run where source_id = 'civil-push'", Long.class)).isEqualTo(1);
        // without a key, the same records are the same push
        Answer unkeyed = bureau().json("POST", "/api/datahub/v1/sources/civil-push/records", "{\"身份证号\": \"" + id + "\", \"姓名\": \"张三\", \"区县\": \"金水区\"}");
        Answer unkeyedAgain = bureau().json("POST", "/api/datahub/v1/sources/civil-push/records", "{\"身份证号\": \"" + id + "\", \"姓名\": \"张三\", \"区县\": \"金水区\"}");
        assertThat(unkeyedAgain.json().get("id").asLong()).isEqualTo(unkeyed.json().get("id").asLong());
        assertThat(jdbc.queryForObject("select count(*) from hub_record where dataset_id = 'civil-push'", Long.class)).isEqualTo(1);

        Answer file = bureau().bytes("POST", "/api/datahub/v1/sources/civil-push/files", "x".getBytes(StandardCharsets.UTF_8), "Content-Type", "text/csv");
        assertThat(file.status()).isEqualTo(400);
        assertThat(file.json().get("field").asString()).isEqualTo("source");
    }

    @Test
    void aMappingIsCheckedWhenPublishedAndNamesTheMemberAtFault() {
        source("civil-mapping", "FILE", "CSV", "UTF-8", false);
        Answer badCheck = bureau().json("POST", "/api/datahub/v1/sources/civil-mapping/mappings", """
                {"dataset": "civil-mapping", "key": ["a"], "fields": [{"name": "a", "check": "ISO9999"}]}""");
        assertThat(badCheck.status()).isEqualTo(400);
        assertThat(badCheck.json().get("field").asString()).isEqualTo("mapping.fields[0].check");
        Answer badKey = bureau().json("POST", "/api/datahub/v1/sources/civil-mapping/mappings", """
                {"dataset": "civil-mapping", "key": ["b"], "fields": [{"name": "a"}]}""");
        assertThat(badKey.json().get("field").asString()).isEqualTo("mapping.key");
        Answer badSink = bureau().json("POST", "/api/datahub/v1/sources/civil-mapping/mappings", """
                {"dataset": "civil-mapping", "key": ["a"], "sinks": ["health.arrivals"], "fields": [{"name": "a"}]}""");
        assertThat(badSink.json().get("field").asString()).isEqualTo("mapping.sinks");
        assertThat(badSink.json().get("detail").asString()).contains("idNumber");
        Answer cron = bureau().json("PUT", "/api/datahub/v1/sources/civil-mapping", """
                {"name": "x", "provider": "x", "ownerUnit": "x", "kind": "FILE", "format": "CSV", "datasetId": "civil-mapping", "schedule": "every day"}""");
        assertThat(cron.json().get("field").asString()).isEqualTo("schedule");
        // Versions: the one in force is the latest; the earlier stays readable.
        assertThat(bureau().get("/api/datahub/v1/sources/civil-mapping/mappings").json().size()).isEqualTo(1);

        assertThat(as("commander").get("/api/datahub/v1/sources").status()).isEqualTo(403);
        assertThat(as("auditor").get("/api/datahub/v1/sources").status()).isEqualTo(200);
        assertThat(as("auditor").json("POST", "/api/datahub/v1/sources/civil-mapping/mappings", MAPPING.formatted("civil-mapping")).status()).isEqualTo(403);
    }

    @Test
    void aPreviewShowsTheFirstRowsMappedWithoutLoadingThem() {
        source("civil-preview", "FILE", "CSV", "GBK", false);
        String csv = HEADER + residents(1).getFirst() + ",张三,13800000001,金水区,2020年3月1日,100,低保\r\n" + "1,李四,,金水区,,,\r\n";
        Answer p = bureau().bytes("POST", "/api/datahub/v1/sources/civil-preview/preview", csv.getBytes(GBK), "Content-Type", "text/csv");
        assertThat(p.status()).as(p.body()).isEqualTo(200);
        JsonNode rows = p.json().get("rows");
        assertThat(rows.size()).isEqualTo(2);
        assertThat(rows.get(0).get("mapped").get("district").asString()).isEqualTo("410105");
        assertThat(rows.get(1).get("problems").get(0).get("field").asString()).isEqualTo("idNumber");
        assertThat(jdbc.queryForObject("select count(*) from hub_record where dataset_id = 'civil-preview'", Long.class)).isZero();
    }

    static String toFullWidth(String ascii) {
        StringBuilder b = new StringBuilder();
        for (char c : ascii.toCharArray()) {
            b.append(c >= '!' && c <= '~' ? (char) (c - '!' + '！') : c);
        }
        return b.toString();
    }
}
