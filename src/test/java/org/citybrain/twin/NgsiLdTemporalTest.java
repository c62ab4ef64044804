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
}
