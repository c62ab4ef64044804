package org.citybrain.health.internal;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.citybrain.standards.InvalidStandardValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The published versions of the decision table. The first start publishes version 1 from
 * {@code classpath:health/decision-table.json}; the health commission publishes later versions through the API.
 * A code always names the version that coloured it, so an old decision stays explainable after the rules change.
 */
@Repository
class RuleSets {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final AtomicReference<DecisionTable> current = new AtomicReference<>();

    RuleSets(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    DecisionTable current() {
        DecisionTable t = current.get();
        return t != null ? t : load();
    }

    private synchronized DecisionTable load() {
        DecisionTable t = current.get();
        if (t == null) {
            t = jdbc.sql("select version, rules from health_rule_set order by version desc fetch first 1 rows only")
                    .query((rs, n) -> parse(rs.getInt(1), rs.getString(2))).optional().orElseGet(this::publishBundled);
            current.set(t);
        }
        return t;
    }

    DecisionTable version(int version) {
        DecisionTable c = current();
        if (c.version() == version) {
            return c;
        }
        return jdbc.sql("select version, rules from health_rule_set where version = ?").param(version)
                .query((rs, n) -> parse(rs.getInt(1), rs.getString(2))).optional().orElse(c);
    }

    @Transactional
    DecisionTable publish(String rulesJson, String by, String note) {
        DecisionTable parsed;
        try {
            parsed = parse(0, rulesJson).validated();
        } catch (tools.jackson.core.JacksonException e) {
            throw new InvalidStandardValue("rules", "决策表不是有效的JSON / the table is not valid JSON: " + e.getOriginalMessage());
        }
        int version = jdbc.sql("select coalesce(max(version), 0) + 1 from health_rule_set").query(Integer.class).single();
        jdbc.sql("insert into health_rule_set(version, rules, published_at, published_by, note) values (?, ?, ?, ?, ?)")
                .params(version, rulesJson, Timestamp.from(Instant.now()), by, note).update();
        DecisionTable table = new DecisionTable(version, parsed.lookbackDays(), parsed.feverHours(), parsed.feverTemperature(), parsed.rules());
        current.set(table);
        return table;
    }

    private DecisionTable publishBundled() {
        try (InputStream in = getClass().getResourceAsStream("/health/decision-table.json")) {
            return publish(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), "system", "bundled rules");
        } catch (IOException e) {
            throw new IllegalStateException("bundled decision table missing", e);
        }
    }

    private DecisionTable parse(int version, String rulesJson) {
        tools.jackson.databind.JsonNode tree = json.readTree(rulesJson);
        if (!(tree instanceof tools.jackson.databind.node.ObjectNode table)) {
            throw new InvalidStandardValue("rules", "决策表应为JSON对象 / the table is a JSON object");
        }
        for (String field : java.util.List.of("lookbackDays", "feverHours", "feverTemperature", "rules")) {
            if (!table.has(field)) {
                throw new InvalidStandardValue(field, "决策表缺少 " + field + " / the table needs " + field);
            }
        }
        table.put("version", version);
        return json.treeToValue(table, DecisionTable.class);
    }
}
