package org.citybrain.flood.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainTest;
import org.citybrain.DemoAccounts;
import org.citybrain.city.CityMap;
import org.citybrain.city.Place;
import org.citybrain.city.PlaceKind;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While it rains, the live forecast rains the gauges' last hours and a nowcast on the city's model, corrects each spot
 * by the water its sensor measured, and takes the meteorological bureau's forecast where it has one.
 */
@CityBrainTest
class LiveForecastTest {

    @LocalServerPort
    int port;

    @Autowired
    LiveForecast live;

    @Autowired
    WaterLevels levels;

    @Autowired
    RainGauges gauges;

    @Autowired
    CityMap city;

    @Test
    void theForecastRunsTheGaugesRainAndANowcastIsCorrectedByTheSensorsAndTakesTheBureausForecast() throws Exception {
        Place tunnel = city.places(PlaceKind.WATERLOGGING_SPOT, null, 100).stream().filter(PlanTargets::tunnel).findFirst().orElseThrow();
        // the gauge stands in another district than the tunnel's, whose warnings another test follows
        Place elsewhere = city.places(PlaceKind.WATERLOGGING_SPOT, null, 100).stream().filter(p -> !p.districtCode().equals(tunnel.districtCode())).findFirst()
                .orElseThrow();
        Instant now = Instant.now();
        // an hour and a half of 60 mm/h at gauge 3, every five minutes
        CityBrainClient gauge = CityBrainClient.basic(port, "rain-gauge-003", DemoAccounts.password("rain-gauge-003"));
        for (int k = 18; k >= 1; k--) {
            var sent = gauge.request("POST", "/devices/v1/rain-gauge-003/measurements", """
                    {"type": "Sensor", "observedAt": "%s", "measurements": {"rainfall": 5}, "location": [%s, %s]}"""
                    .formatted(now.minus(Duration.ofMinutes(5L * k)), elsewhere.lon(), elsewhere.lat()), "Content-Type", "application/json");
            assertThat(sent.status()).as(sent.body()).isEqualTo(202);
        }
        // the tunnel's water-level sensor saw 40 and then 45 cm
        CityBrainClient sensor = CityBrainClient.basic(port, "water-level-001", DemoAccounts.password("water-level-001"));
        int[] seen = {40, 45};
        for (int i = 0; i < 2; i++) {
            var sent = sensor.request("POST", "/devices/v1/water-level-001/measurements", """
                    {"type": "Sensor", "observedAt": "%s", "measurements": {"waterDepth": %d}, "location": [%s, %s]}"""
                    .formatted(now.minus(Duration.ofMinutes(20 - 10L * i)), seen[i], tunnel.lon(), tunnel.lat()), "Content-Type", "application/json");
            assertThat(sent.status()).as(sent.body()).isEqualTo(202);
        }
        for (int i = 0; i < 100 && gauges.series(now, 6, 5).stream().noneMatch(s -> s.id().endsWith("rain-gauge-003") && s.mmInLastSteps(18) >= 89); i++) {
            Thread.sleep(100);
        }
        int observations = 0;
        for (int i = 0; i < 100 && observations < 2; i++) {
            observations += levels.readSensors(now.minus(Duration.ofHours(1)));
            Thread.sleep(observations < 2 ? 100 : 0);
        }
        assertThat(observations).isEqualTo(2);

        // two slots ahead: the demo's storm, wherever a test sent it, makes the forecast of the slot it falls in
        Instant slot = now.plus(Duration.ofMinutes(10));
        Optional<ScenarioRuns.Scenario> made = live.forecast(slot);
        assertThat(made).isPresent();
        ScenarioRuns.Scenario forecast = made.get();
        assertThat(forecast.storm()).isEqualTo("FORECAST");
        assertThat(forecast.simulatedHours()).isEqualTo(8.0);
        assertThat(forecast.peakMmPerHour()).isGreaterThanOrEqualTo(59.9);
        assertThat(live.forecast(slot)).as("one forecast per slot").isEmpty();

        CityBrainClient commander = CityBrainClient.basic(port, "commander", DemoAccounts.password("commander"));
        JsonNode latest = commander.get("/api/flood/v1/forecast").json();
        assertThat(latest.get("scenario").get("id").asLong()).isEqualTo(forecast.id());
        JsonNode atTunnel = null;
        for (JsonNode s : latest.get("spots")) {
            if (s.get("spotId").asLong() == tunnel.id()) {
                atTunnel = s;
            }
        }
        assertThat(atTunnel).isNotNull();
        assertThat(atTunnel.get("prediction").get("biasCm").isNumber()).as("corrected by its sensor").isTrue();
        // the forecast from now on starts from what the sensor saw, not from what the model alone made of the rain
        JsonNode depths = atTunnel.get("prediction").get("depthsCm");
        assertThat(depths.get(LiveForecast.HISTORY_HOURS * 60 / 5).asDouble()).isGreaterThan(20);
        // forecasts are not among the headquarters' scenarios; /flood/live shows the newest
        commander.get("/api/flood/v1/scenarios?size=100").json().get("items").forEach(s -> assertThat(s.get("storm").asString()).isNotEqualTo("FORECAST"));
        var page = commander.get("/flood/scenarios/" + forecast.id() + "/spots/" + tunnel.id());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("2次实测").contains("平均绝对误差");

        // the bureau's forecast: 150 mm/h for the next hour, in 10-minute steps, taken by the next slot's forecast
        CityBrainClient bureau = CityBrainClient.basic(port, "bigdata", DemoAccounts.password("bigdata"));
        Instant next = slot.plus(Duration.ofMinutes(5));
        String body = """
                {"source": "郑州市气象台", "issuedAt": "%s", "startsAt": "%s", "stepMinutes": 10, "mmPerHour": [150, 150, 150, 150, 150, 150]}"""
                .formatted(now.toString(), now.minus(Duration.ofMinutes(5)).toString());
        var fed = bureau.json("POST", "/api/flood/v1/rain-forecasts", body);
        assertThat(fed.status()).as(fed.body()).isEqualTo(201);
        assertThat(bureau.json("POST", "/api/flood/v1/rain-forecasts", body).json().get("id").asLong()).isEqualTo(fed.json().get("id").asLong());
        var bad = bureau.json("POST", "/api/flood/v1/rain-forecasts", body.replace("\"stepMinutes\": 10", "\"stepMinutes\": 7"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asString()).isEqualTo("stepMinutes");
        assertThat(commander.json("POST", "/api/flood/v1/rain-forecasts", body).status()).isEqualTo(403);
        ScenarioRuns.Scenario withBureau = live.forecast(next).orElseThrow();
        assertThat(withBureau.peakMmPerHour()).isGreaterThanOrEqualTo(150.0);
        assertThat(withBureau.totalMm()).isGreaterThan(forecast.totalMm());
    }
}
