package org.citybrain.datahub;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
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
 * A REST endpoint as a source: the province's registry of enterprises' work resumption (复工复产), polled page by page
 * ({@code ?page=&size=}, records under {@code /data/items}), the second poll asking only for what changed since the
 * first began; an endpoint that answers 503 fails its run with the reason and is tried again sooner.
 */
@CityBrainTest
class RestSourceTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    CityBrainClient bureau() {
        return CityBrainClient.basic(port, "bigdata", DemoAccounts.password("bigdata"));
    }

    record Enterprise(String code, String name, String status, Instant updatedAt) {
    }

    @Test
    void anEndpointIsPolledPageByPageAndThenOnlyForWhatChanged() throws Exception {
        List<Enterprise> registry = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 25; i++) {
            registry.add(new Enterprise("E%04d".formatted(i), "企业" + i, "RESUMED", Instant.parse("2026-11-01T00:00:00Z")));
        }
        List<String> asked = new CopyOnWriteArrayList<>();
        boolean[] down = {false};
        HttpServer province = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        province.createContext("/registry/enterprises", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            asked.add(query);
            if (down[0]) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            Map<String, String> q = new java.util.HashMap<>();
            for (String p : query.split("&")) {
                String[] kv = p.split("=", 2);
                q.put(kv[0], java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            Instant since = q.containsKey("since") ? Instant.parse(q.get("since")) : Instant.EPOCH;
            List<Enterprise> changed = registry.stream().filter(e -> e.updatedAt().isAfter(since)).toList();
            int page = Integer.parseInt(q.get("page"));
            int size = Integer.parseInt(q.get("size"));
            List<String> items = new ArrayList<>();
            for (Enterprise e : changed.subList(Math.min(changed.size(), page * size), Math.min(changed.size(), (page + 1) * size))) {
                items.add("{\"uscc\": \"%s\", \"name\": \"%s\", \"status\": \"%s\"}".formatted(e.code(), e.name(), e.status()));
            }
            byte[] body = ("{\"code\": 0, \"data\": {\"items\": [" + String.join(",", items) + "]}}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        province.start();
        try {
            Answer declared = bureau().json("PUT", "/api/datahub/v1/sources/work-resumption", """
                    {"name": "企业复工复产登记", "provider": "河南省工业和信息化厅", "ownerUnit": "郑州市工业和信息化局", "kind": "REST",
                     "expectedMinutes": 60, "datasetId": "work-resumption",
                     "rest": {"url": "http://127.0.0.1:%d/registry/enterprises", "recordsAt": "/data/items", "pageSize": 10}}"""
                    .formatted(province.getAddress().getPort()));
            assertThat(declared.status()).as(declared.body()).isEqualTo(200);
            assertThat(bureau().json("PUT", "/api/datahub/v1/sources/rest-bad", """
                    {"name": "x", "provider": "x", "ownerUnit": "x", "kind": "REST", "expectedMinutes": 60, "datasetId": "rest-bad",
                     "rest": {"url": "ftp://example.org/x"}}""").json().get("field").asString()).isEqualTo("rest.url");
            Answer mapping = bureau().json("POST", "/api/datahub/v1/sources/work-resumption/mappings", """
                    {"dataset": "work-resumption", "key": ["code"],
                     "fields": [
                       {"name": "code", "label": "统一社会信用代码", "from": "uscc", "required": true},
                       {"name": "name", "label": "企业名称", "from": "name", "required": true},
                       {"name": "status", "label": "状态", "from": "status", "transforms": ["codes"], "codes": {"RESUMED": "RESUMED", "CLOSED": "CLOSED"}}
                     ]}""");
            assertThat(mapping.status()).as(mapping.body()).isEqualTo(201);

            JsonNode first = finishedPoll(1);
            assertThat(first.get("status").asString()).as(first.toString()).isEqualTo("SUCCEEDED");
            assertThat(first.get("trigger").asString()).isEqualTo("POLL");
            assertThat(first.get("report").get("inserted").asLong()).isEqualTo(25);
            assertThat(asked).as("pages of 10 until a short one").containsExactly("page=0&size=10", "page=1&size=10", "page=2&size=10");
            assertThat(jdbc.queryForObject("select count(*) from hub_record where dataset_id = 'work-resumption'", Long.class)).isEqualTo(25);

            // two enterprises change; the next poll (made due now) asks only for what changed since the first began
            registry.set(3, new Enterprise("E0003", "企业3", "CLOSED", Instant.now().plusSeconds(5)));
            registry.add(new Enterprise("E0100", "企业100", "RESUMED", Instant.now().plusSeconds(5)));
            asked.clear();
            jdbc.update("update hub_source set next_due = ? where id = 'work-resumption'", java.sql.Timestamp.from(Instant.now()));
            JsonNode second = finishedPoll(2);
            assertThat(second.get("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(asked.getFirst()).contains("since=");
            assertThat(second.get("report").get("read").asLong()).isEqualTo(2);
            assertThat(second.get("report").get("inserted").asLong()).isEqualTo(1);
            assertThat(second.get("report").get("updated").asLong()).isEqualTo(1);

            String page = bureau().get("/datahub/sources/work-resumption?lang=zh_CN", "text/html").body();
            assertThat(page).contains("id=\"source-endpoint\"").contains("/registry/enterprises").contains("接口轮询");

            // the endpoint down: the run fails with the reason, and the next poll comes sooner than the hour
            down[0] = true;
            jdbc.update("update hub_source set next_due = ? where id = 'work-resumption'", java.sql.Timestamp.from(Instant.now()));
            JsonNode failed = finishedPoll(3);
            assertThat(failed.get("status").asString()).isEqualTo("FAILED");
            assertThat(failed.get("failure").asString()).contains("503");
            // the poller sets the sooner retry just after the run is stored as failed: read it once it has
            Instant next = jdbc.queryForObject("select next_due from hub_source where id = 'work-resumption'", java.sql.Timestamp.class).toInstant();
            for (int i = 0; i < 100 && !next.isBefore(Instant.now().plus(Duration.ofMinutes(5))); i++) {
                Thread.sleep(50);
                next = jdbc.queryForObject("select next_due from hub_source where id = 'work-resumption'", java.sql.Timestamp.class).toInstant();
            }
            assertThat(next).isBefore(Instant.now().plus(Duration.ofMinutes(5)));
        } finally {
            province.stop(0);
        }
    }

    /** The n-th poll of the source, once finished. */
    JsonNode finishedPoll(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode runs = bureau().get("/api/datahub/v1/runs?source=work-resumption").json();
            List<JsonNode> polls = new ArrayList<>();
            runs.forEach(r -> {
                if (r.get("trigger").asString().equals("POLL") && !r.get("status").asString().equals("RUNNING")) {
                    polls.add(r);
                }
            });
            if (polls.size() >= n) {
                return polls.getFirst();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no finished poll " + n);
    }

    /** A credential is named, never given: a name that is no name is refused, one nobody configured fails the poll saying where it goes. */
    @Test
    void aCredentialIsConfigurationNotPartOfTheSource() throws Exception {
        Answer badName = bureau().json("PUT", "/api/datahub/v1/sources/rest-token-bad", """
                {"name": "x", "provider": "x", "ownerUnit": "x", "kind": "REST", "expectedMinutes": 60, "datasetId": "rest-token-bad",
                 "rest": {"url": "http://127.0.0.1:9/x", "credential": "Bearer abc123"}}""");
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.json().get("field").asString()).isEqualTo("rest.credential");
        assertThat(bureau().json("PUT", "/api/datahub/v1/sources/rest-token-missing", """
                {"name": "x", "provider": "x", "ownerUnit": "x", "kind": "REST", "expectedMinutes": 60, "datasetId": "rest-token-missing",
                 "rest": {"url": "http://127.0.0.1:9/x", "credential": "nobody-configured-this"}}""").status()).isEqualTo(200);
        assertThat(bureau().json("POST", "/api/datahub/v1/sources/rest-token-missing/mappings", """
                {"dataset": "rest-token-missing", "key": ["code"], "fields": [{"name": "code", "label": "x", "from": "code", "required": true}]}""")
                .status()).isEqualTo(201);
        JsonNode run = DemoFeedRuns.polled(port, "rest-token-missing");
        assertThat(run.get("status").asString()).isEqualTo("FAILED");
        assertThat(run.get("failure").asString()).contains("CITYBRAIN_DATAHUB_CREDENTIALS_NOBODY_CONFIGURED_THIS");
        assertThat(bureau().get("/api/datahub/v1/sources/rest-token-missing").body()).doesNotContain("Bearer");
    }

    static void answer(com.sun.net.httpserver.HttpExchange exchange, String json, String link) throws java.io.IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (link != null) {
            exchange.getResponseHeaders().add("Link", link);
        }
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    static String records(int from, int to) {
        List<String> items = new ArrayList<>();
        for (int i = from; i < to; i++) {
            items.add("{\"code\": \"L%04d\", \"name\": \"许可证%d\"}".formatted(i, i));
        }
        return "[" + String.join(",", items) + "]";
    }

    void declare(String id, String rest) {
        Answer declared = bureau().json("PUT", "/api/datahub/v1/sources/" + id, """
                {"name": "%s", "provider": "x", "ownerUnit": "x", "kind": "REST", "expectedMinutes": 60, "datasetId": "%s", "rest": %s}"""
                .formatted(id, id, rest));
        assertThat(declared.status()).as(declared.body()).isEqualTo(200);
        Answer mapping = bureau().json("POST", "/api/datahub/v1/sources/" + id + "/mappings", """
                {"dataset": "%s", "key": ["code"], "fields": [{"name": "code", "label": "编号", "from": "code", "required": true},
                 {"name": "name", "label": "名称", "from": "name", "required": true}]}""".formatted(id));
        assertThat(mapping.status()).as(mapping.body()).isEqualTo(201);
    }

    /**
     * Endpoints that page by a link or a cursor: the RFC 8288 Link header's rel="next" (relative, as APIs give it),
     * and a cursor in the body sent back as a parameter, both followed until a page gives none; a next link to another
     * server is not followed, and the poll fails saying so.
     */
    @Test
    void endpointsThatPageByLinkOrCursorAreFollowedToTheEndButNotElsewhere() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        HttpServer registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.createContext("/linked", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            asked.add("linked?" + query);
            int after = query.contains("after=") ? Integer.parseInt(query.replaceAll(".*after=(\\d+).*", "$1")) : 0;
            String next = after + 4 < 10 ? "</linked?size=4&after=" + (after + 4) + ">; rel=\"next\", </linked?size=4>; rel=\"first\"" : "</linked?size=4>; rel=\"first\"";
            answer(exchange, records(after, Math.min(10, after + 4)), next);
        });
        registry.createContext("/cursor", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            asked.add("cursor?" + query);
            int from = query.contains("cursor=") ? Integer.parseInt(query.replaceAll(".*cursor=c(\\d+).*", "$1")) : 0;
            String next = from + 3 < 7 ? "\"c" + (from + 3) + "\"" : "null";
            answer(exchange, "{\"data\": " + records(100 + from, 100 + Math.min(7, from + 3)) + ", \"nextCursor\": " + next + "}", null);
        });
        registry.createContext("/elsewhere", exchange -> answer(exchange, "{\"data\": " + records(200, 202) + ", \"next\": \"http://169.254.169.254/latest/meta-data\"}", null));
        registry.start();
        try {
            int p = registry.getAddress().getPort();
            assertThat(bureau().json("PUT", "/api/datahub/v1/sources/rest-next-bad", """
                    {"name": "x", "provider": "x", "ownerUnit": "x", "kind": "REST", "expectedMinutes": 60, "datasetId": "rest-next-bad",
                     "rest": {"url": "http://127.0.0.1:9/x", "next": "links.next"}}""").json().get("field").asString()).isEqualTo("rest.next");
            declare("rest-linked", "{\"url\": \"http://127.0.0.1:%d/linked\", \"pageSize\": 4, \"next\": \"Link\", \"sinceParam\": \"\"}".formatted(p));
            declare("rest-cursor", "{\"url\": \"http://127.0.0.1:%d/cursor\", \"recordsAt\": \"/data\", \"pageSize\": 3, \"next\": \"/nextCursor\", \"cursorParam\": \"cursor\", \"sinceParam\": \"\"}".formatted(p));
            declare("rest-elsewhere", "{\"url\": \"http://127.0.0.1:%d/elsewhere\", \"recordsAt\": \"/data\", \"next\": \"/next\", \"sinceParam\": \"\"}".formatted(p));

            JsonNode linked = DemoFeedRuns.polled(port, "rest-linked");
            assertThat(linked.get("status").asString()).as(linked.toString()).isEqualTo("SUCCEEDED");
            assertThat(linked.get("report").get("inserted").asLong()).isEqualTo(10);
            assertThat(asked).contains("linked?size=4", "linked?size=4&after=4", "linked?size=4&after=8");

            JsonNode cursor = DemoFeedRuns.polled(port, "rest-cursor");
            assertThat(cursor.get("status").asString()).as(cursor.toString()).isEqualTo("SUCCEEDED");
            assertThat(cursor.get("report").get("inserted").asLong()).isEqualTo(7);
            assertThat(asked).contains("cursor?size=3", "cursor?size=3&cursor=c3", "cursor?size=3&cursor=c6");

            JsonNode elsewhere = DemoFeedRuns.polled(port, "rest-elsewhere");
            assertThat(elsewhere.get("status").asString()).isEqualTo("FAILED");
            assertThat(elsewhere.get("failure").asString()).contains("another server").contains("169.254.169.254");
        } finally {
            registry.stop(0);
        }
    }
}
