package org.citybrain.datahub;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * A department's database as a source: human resources and social security's employment register, read over JDBC
 * by its change column — first everything, then only the rows changed since the last one read; a bad ID number in it
 * is a rejected row like any other. The query must be one SELECT with one parameter.
 */
@CityBrainTest
class DatabaseSourceTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    CityBrainClient bureau() {
        return CityBrainClient.basic(port, "bigdata", DemoAccounts.password("bigdata"));
    }

    @Test
    void anEmploymentRegisterIsReadByItsChangeColumn() throws Exception {
        String url = "jdbc:h2:mem:hrss-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        List<String> ids = jdbc.queryForList("select id_number from resident order by id fetch first 4 rows only", String.class);
        try (Connection department = DriverManager.getConnection(url, "sa", "")) {
            department.createStatement().execute("create table employment (id_number varchar(18), name varchar(50), employer varchar(100), updated_at timestamp)");
            var insert = department.prepareStatement("insert into employment values (?, ?, ?, ?)");
            for (int i = 0; i < 3; i++) {
                insert.setString(1, i == 2 ? ids.get(i).substring(0, 17) + (ids.get(i).endsWith("1") ? "2" : "1") : ids.get(i));
                insert.setString(2, "职工" + i);
                insert.setString(3, "郑州宇通客车股份有限公司");
                insert.setTimestamp(4, java.sql.Timestamp.valueOf("2026-11-0" + (i + 1) + " 09:00:00"));
                insert.execute();
            }

            Answer refused = bureau().json("PUT", "/api/datahub/v1/sources/employment-bad", """
                    {"name": "x", "provider": "x", "ownerUnit": "x", "kind": "JDBC", "expectedMinutes": 60, "datasetId": "employment-bad",
                     "database": {"url": "%s", "user": "sa", "query": "delete from employment where updated_at > ?", "changeColumn": "updatedAt"}}"""
                    .formatted(url));
            assertThat(refused.json().get("field").asString()).isEqualTo("database.query");
            Answer declared = bureau().json("PUT", "/api/datahub/v1/sources/employment", """
                    {"name": "就业登记", "provider": "郑州市人力资源和社会保障局", "ownerUnit": "郑州市人力资源和社会保障局", "kind": "JDBC",
                     "expectedMinutes": 60, "datasetId": "employment",
                     "database": {"url": "%s", "user": "sa",
                                  "query": "select id_number as \\"idNumber\\", name as \\"name\\", employer as \\"employer\\", updated_at as \\"updatedAt\\" from employment where updated_at > cast(? as timestamp) order by updated_at",
                                  "changeColumn": "updatedAt", "firstMark": "1970-01-01 00:00:00"}}""".formatted(url));
            assertThat(declared.status()).as(declared.body()).isEqualTo(200);
            Answer mapping = bureau().json("POST", "/api/datahub/v1/sources/employment/mappings", """
                    {"dataset": "employment", "key": ["idNumber"],
                     "fields": [
                       {"name": "idNumber", "from": "idNumber", "check": "GB11643", "required": true, "personal": true},
                       {"name": "name", "from": "name", "required": true, "personal": true},
                       {"name": "employer", "from": "employer", "required": true},
                       {"name": "updatedAt", "from": "updatedAt", "type": "datetime"}
                     ]}""");
            assertThat(mapping.status()).as(mapping.body()).isEqualTo(201);

            JsonNode first = finishedRead(1);
            assertThat(first.get("status").asString()).as(first.toString()).isEqualTo("PARTLY");
            assertThat(first.get("report").get("read").asLong()).isEqualTo(3);
            assertThat(first.get("report").get("accepted").asLong()).isEqualTo(2);
            assertThat(jdbc.queryForObject("select change_mark from hub_source where id = 'employment'", String.class)).startsWith("2026-11-03T09:00");

            department.createStatement().execute("update employment set employer = '郑州煤矿机械集团股份有限公司', updated_at = timestamp '2026-11-10 09:00:00' where name = '职工0'");
            insert.setString(1, ids.get(3));
            insert.setString(2, "职工3");
            insert.setString(3, "郑州宇通客车股份有限公司");
            insert.setTimestamp(4, java.sql.Timestamp.valueOf("2026-11-11 09:00:00"));
            insert.execute();
            jdbc.update("update hub_source set next_due = ? where id = 'employment'", java.sql.Timestamp.from(Instant.now()));
            JsonNode second = finishedRead(2);
            assertThat(second.get("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(second.get("report").get("read").asLong()).as("only what changed").isEqualTo(2);
            assertThat(second.get("report").get("updated").asLong()).isEqualTo(1);
            assertThat(second.get("report").get("inserted").asLong()).isEqualTo(1);
            assertThat(jdbc.queryForObject("select data from hub_record where dataset_id = 'employment' and record_key = ?", String.class, ids.get(0)))
                    .contains("郑州煤矿机械集团股份有限公司");
        }
    }

    JsonNode finishedRead(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<JsonNode> reads = new ArrayList<>();
            bureau().get("/api/datahub/v1/runs?source=employment").json().forEach(r -> {
                if (!r.get("status").asString().equals("RUNNING")) {
                    reads.add(r);
                }
            });
            if (reads.size() >= n) {
                return reads.getFirst();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no finished read " + n);
    }
}
