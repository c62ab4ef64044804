package org.citybrain.twin;

import java.util.UUID;

import org.citybrain.CityBrainClient.Answer;
import org.citybrain.CityBrainTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The temporal API's writes and aggregation (GS CIM 009 5.6.11–5.6.16, 4.5.19) over real HTTP: a flood gauge's
 * readings sent as a temporal entity, its hourly maximum and mean, and deleting history.
 */
@CityBrainTest
class NgsiLdTemporalTest {

    @LocalServerPort
    int port;

    NgsiLd api;

    @BeforeEach
    void freshTenant() {
        api = new NgsiLd(port, "bigdata", "h" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** The 2021-07-20 afternoon at one gauge: readings every 20 minutes from 15:00 to 17:40 (UTC+8). */
    static String gaugeReadings() {
        double[] mm = {10, 20, 30, 50, 90, 60, 5, 5, 2};
        StringBuilder rain = new StringBuilder("[");
        for (int i = 0; i < mm.length; i++) {
            int minutes = i * 20;
            rain.append(i == 0 ? "" : ",").append("""
                    {"type": "Property", "value": %s, "observedAt": "2021-07-20T%02d:%02d:00+08:00"}""".formatted(mm[i], 15 + minutes / 60, minutes % 60));
        }
        return """
                {"id": "urn:ngsi-ld:RainGauge:zz", "type": "RainGauge", "rainfall": %s],
                 "status": {"type": "Property", "value": "working", "observedAt": "2021-07-20T15:00:00+08:00"}}""".formatted(rain);
    }

    @Test
    void aTemporalEntityIsCreatedWithItsHistoryAndItsLatestStateIsCurrent() {
        Answer created = api.post("/temporal/entities", gaugeReadings());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode now = api.get("/entities/urn:ngsi-ld:RainGauge:zz").json();
        assertThat(now.get("rainfall").get("value").asDouble()).as("the latest reading is the current value").isEqualTo(2);
        JsonNode history = api.get("/temporal/entities/urn:ngsi-ld:RainGauge:zz?attrs=rainfall").json();
        assertThat(history.get("rainfall")).hasSize(9);
        // sending more readings for an entity that exists adds to its history
        assertThat(api.post("/temporal/entities", """
                {"id": "urn:ngsi-ld:RainGauge:zz", "type": "RainGauge",
                 "rainfall": [{"type": "Property", "value": 1, "observedAt": "2021-07-20T18:00:00+08:00"}]}""").status()).isEqualTo(204);
        assertThat(api.get("/temporal/entities/urn:ngsi-ld:RainGauge:zz?attrs=rainfall").json().get("rainfall")).hasSize(10);
    }

    @Test
    void historyIsAggregatedByPeriod() {
        api.post("/temporal/entities", gaugeReadings());
        JsonNode hourly = api.get("/temporal/entities/urn:ngsi-ld:RainGauge:zz?attrs=rainfall&options=aggregatedValues&aggrMethods=max,sum,totalCount"
                + "&aggrPeriodDuration=PT1H&timerel=after&timeAt=" + NgsiLd.enc("2021-07-20T15:00:00+08:00")).json();
        JsonNode rain = hourly.get("rainfall");
        assertThat(rain.get("type").asString()).isEqualTo("Property");
        // 15:00-16:00 holds 10, 20, 30; 16:00-17:00 holds 50, 90, 60; 17:00-18:00 holds 5, 5, 2
        assertThat(rain.get("max")).hasSize(3);
        assertThat(rain.get("max").get(1).get(0).asDouble()).isEqualTo(90);
        assertThat(rain.get("max").get(1).get(1).asString()).isEqualTo("2021-07-20T08:00:00Z");
        assertThat(rain.get("max").get(1).get(2).asString()).isEqualTo("2021-07-20T09:00:00Z");
        assertThat(rain.get("sum").get(1).get(0).asDouble()).isEqualTo(200);
        assertThat(rain.get("totalCount").get(2).get(0).asInt()).isEqualTo(3);
        JsonNode whole = api.get("/temporal/entities/urn:ngsi-ld:RainGauge:zz?attrs=rainfall&options=aggregatedValues&aggrMethods=avg,min,stddev").json();
        assertThat(whole.get("rainfall").get("avg")).hasSize(1);
        assertThat(whole.get("rainfall").get("avg").get(0).get(0).asDouble()).isEqualTo(272.0 / 9);
        assertThat(whole.get("rainfall").get("min").get(0).get(0).asDouble()).isEqualTo(2);
        assertThat(api.get("/temporal/entities/urn:ngsi-ld:RainGauge:zz?options=aggregatedValues&aggrMethods=median").status()).isEqualTo(400);
        assertThat(api.get("/temporal/entities/urn:ngsi-ld:RainGauge:zz?options=aggregatedValues&aggrMethods=max&aggrPeriodDuration=P1M").status())
                .isEqualTo(400);
        // and over a query of many entities, which scopeQ may restrict
        JsonNode many = api.get("/temporal/entities?type=RainGauge&attrs=rainfall&options=aggregatedValues&aggrMethods=max").json();
        assertThat(many.get(0).get("rainfall").get("max").get(0).get(0).asDouble()).isEqualTo(90);
        assertThat(api.get("/temporal/entities?type=RainGauge&scopeQ=" + NgsiLd.enc("/Kaifeng/#")).json()).isEmpty();
    }

    @Test
    void historyIsDeletedByAttributeOrWithTheEntity() {
        api.post("/temporal/entities", gaugeReadings());
        assertThat(api.delete("/temporal/entities/urn:ngsi-ld:RainGauge:zz/attrs/rainfall").status()).isEqualTo(204);
        JsonNode left = api.get("/temporal/entities/urn:ngsi-ld:RainGauge:zz").json();
        assertThat(left.has("rainfall")).isFalse();
        assertThat(left.has("status")).isTrue();
        assertThat(api.get("/entities/urn:ngsi-ld:RainGauge:zz").json().has("rainfall")).as("the current value stays").isTrue();
        assertThat(api.delete("/temporal/entities/urn:ngsi-ld:RainGauge:zz/attrs/rainfall").status()).isEqualTo(404);
        assertThat(api.delete("/temporal/entities/urn:ngsi-ld:RainGauge:zz").status()).isEqualTo(204);
        assertThat(api.get("/entities/urn:ngsi-ld:RainGauge:zz").status()).isEqualTo(404);
    }

    @Test
    void aTemporalQueryCanBePosted() {
        api.post("/temporal/entities", gaugeReadings());
        Answer a = api.post("/temporal/entityOperations/query?options=aggregatedValues&aggrMethods=max&aggrPeriodDuration=PT1H", """
                {"type": "Query", "entities": [{"type": "RainGauge"}], "attrs": ["rainfall"],
                 "temporalQ": {"timerel": "between", "timeAt": "2021-07-20T16:00:00+08:00", "endTimeAt": "2021-07-20T17:00:00+08:00"}}""");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        JsonNode max = a.json().get(0).get("rainfall").get("max");
        assertThat(max).hasSize(1);
        assertThat(max.get(0).get(0).asDouble()).isEqualTo(90);
    }

    /** A second gauge whose heaviest 20 minutes were 12 mm, long after the storm's peak. */
    static String quietGauge() {
        return """
                {"id": "urn:ngsi-ld:RainGauge:qq", "type": "RainGauge", "rainfall": [
                  {"type": "Property", "value": 3, "observedAt": "2021-07-20T15:00:00+08:00"},
                  {"type": "Property", "value": 12, "observedAt": "2021-07-21T09:00:00+08:00"},
                  {"type": "Property", "value": 1, "observedAt": "2021-07-21T10:00:00+08:00"}]}""";
    }

    @Test
    void qOfATemporalQuerySelectsByTheHistoryInTheTimeRange() {
        api.post("/temporal/entities", gaugeReadings());
        api.post("/temporal/entities", quietGauge());
        // now both read little (2 and 1 mm): by their current state neither is above 50
        assertThat(api.get("/entities?type=RainGauge&q=" + NgsiLd.enc("rainfall>50")).json()).isEmpty();
        String storm = "&timerel=between&timeAt=" + NgsiLd.enc("2021-07-20T15:00:00+08:00") + "&endTimeAt=" + NgsiLd.enc("2021-07-20T18:00:00+08:00");
        JsonNode heavy = api.get("/temporal/entities?type=RainGauge&attrs=rainfall&q=" + NgsiLd.enc("rainfall>50") + storm).json();
        assertThat(heavy).hasSize(1);
        assertThat(heavy.get(0).get("id").asString()).isEqualTo("urn:ngsi-ld:RainGauge:zz");
        assertThat(heavy.get(0).get("rainfall")).as("the history in the range comes whole, not only the instances that matched").hasSize(9);
        // in the next morning only the quiet gauge had more than 10 mm
        String nextMorning = "&timerel=after&timeAt=" + NgsiLd.enc("2021-07-21T00:00:00+08:00");
        JsonNode morning = api.get("/temporal/entities?type=RainGauge&q=" + NgsiLd.enc("rainfall>10") + nextMorning).json();
        assertThat(morning).extracting(e -> e.get("id").asString()).containsExactly("urn:ngsi-ld:RainGauge:qq");
        // q alone selects among the entities that hold its attribute; over the whole history both exceeded 10
        Answer both = api.get("/temporal/entities?q=" + NgsiLd.enc("rainfall>10") + "&count=true");
        assertThat(both.json()).hasSize(2);
        assertThat(both.headers().firstValue("NGSILD-Results-Count")).hasValue("2");
        // scopeQ is the entity's current scope, beside q over the history
        assertThat(api.get("/temporal/entities?type=RainGauge&q=" + NgsiLd.enc("rainfall>50") + "&scopeQ=" + NgsiLd.enc("/Kaifeng/#")).json())
                .isEmpty();
        // the same by POST
        Answer posted = api.post("/temporal/entityOperations/query", """
                {"type": "Query", "entities": [{"type": "RainGauge"}], "q": "rainfall>50",
                 "temporalQ": {"timerel": "before", "timeAt": "2021-07-21T00:00:00+08:00"}}""");
        assertThat(posted.json()).extracting(e -> e.get("id").asString()).containsExactly("urn:ngsi-ld:RainGauge:zz");
    }

    @Test
    void oneInstanceOfTheHistoryIsCorrectedOrDeletedByItsInstanceId() {
        api.post("/temporal/entities", quietGauge());
        JsonNode history = api.get("/temporal/entities/urn:ngsi-ld:RainGauge:qq?attrs=rainfall").json().get("rainfall");
        assertThat(history).hasSize(3);
        String wrong = null;
        for (JsonNode i : history) {
            assertThat(i.get("instanceId").asString()).startsWith("urn:ngsi-ld:");
            if (i.get("value").asDouble() == 12) {
                wrong = i.get("instanceId").asString();
            }
        }
        String path = "/temporal/entities/urn:ngsi-ld:RainGauge:qq/attrs/rainfall/" + wrong;
        // a technician corrects a misread tip count: 12 mm was 1.2 mm
        Answer corrected = api.patch(path, """
                {"value": 1.2, "unitCode": "MMT"}""");
        assertThat(corrected.status()).as(corrected.body()).isEqualTo(204);
        JsonNode after = api.get("/temporal/entities/urn:ngsi-ld:RainGauge:qq?attrs=rainfall").json().get("rainfall");
        assertThat(after).hasSize(3);
        JsonNode fixed = null;
        for (JsonNode i : after) {
            if (i.get("instanceId").asString().equals(wrong)) {
                fixed = i;
            }
        }
        assertThat(fixed.get("value").asDouble()).isEqualTo(1.2);
        assertThat(fixed.get("unitCode").asString()).isEqualTo("MMT");
        assertThat(fixed.get("observedAt").asString()).as("it stays where it was in time").isEqualTo("2021-07-21T01:00:00Z");
        assertThat(api.get("/temporal/entities?type=RainGauge&q=" + NgsiLd.enc("rainfall>10")).json()).as("the corrected history answers queries").isEmpty();
        assertThat(api.patch(path, """
                {"type": "Relationship", "object": "urn:x:y"}""").status()).as("an instance keeps its type").isEqualTo(400);
        assertThat(api.patch(path, "{}").status()).isEqualTo(400);
        // a reading from a test run is removed from the history altogether
        assertThat(api.delete(path).status()).isEqualTo(204);
        assertThat(api.get("/temporal/entities/urn:ngsi-ld:RainGauge:qq?attrs=rainfall").json().get("rainfall")).hasSize(2);
        assertThat(api.delete(path).status()).isEqualTo(404);
        assertThat(api.delete("/temporal/entities/urn:ngsi-ld:RainGauge:qq/attrs/rainfall/not-a-uri").status()).isEqualTo(400);
        assertThat(api.get("/entities/urn:ngsi-ld:RainGauge:qq").json().get("rainfall").get("value").asDouble())
                .as("the current state is not history").isEqualTo(1);
    }

    @Test
    void anInstanceWrittenTogetherWithOthersIsDeletedAlone() {
        // an entity created with two attributes keeps them in one history row: each is still an instance of its own
        api.post("/entities", """
                {"id": "urn:ngsi-ld:WaterLevelSensor:w1", "type": "WaterLevelSensor",
                 "waterLevel": {"type": "Property", "value": 0.4}, "status": {"type": "Property", "value": "working"}}""");
        JsonNode history = api.get("/temporal/entities/urn:ngsi-ld:WaterLevelSensor:w1").json();
        String level = history.get("waterLevel").get(0).get("instanceId").asString();
        assertThat(api.delete("/temporal/entities/urn:ngsi-ld:WaterLevelSensor:w1/attrs/waterLevel/" + level).status()).isEqualTo(204);
        JsonNode left = api.get("/temporal/entities/urn:ngsi-ld:WaterLevelSensor:w1").json();
        assertThat(left.has("waterLevel")).isFalse();
        assertThat(left.get("status")).hasSize(1);
    }
}
