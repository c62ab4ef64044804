package org.citybrain.platform;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** What the big-data bureau's operators rely on: health, metrics, the API description. */
@CityBrainTest
class OperationsTest {

    @LocalServerPort
    int port;

    @Test
    void healthIsUpAndOpenToProbes() {
        var answer = CityBrainClient.anonymous(port).get("/actuator/health");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("status").asString()).isEqualTo("UP");
        assertThat(CityBrainClient.anonymous(port).get("/actuator/health/readiness").status()).isEqualTo(200);
    }

    @Test
    void prometheusScrapesMetricsWithTheOperatorsAccount() {
        String metrics = CityBrainClient.basic(port, "bigdata", "citybrain").get("/actuator/prometheus", "text/plain;version=0.0.4").body();
        assertThat(metrics).contains("jvm_memory_used_bytes").contains("http_server_requests");
        assertThat(CityBrainClient.anonymous(port).get("/actuator/prometheus", "text/plain;version=0.0.4").status()).isEqualTo(401);
        assertThat(CityBrainClient.basic(port, "jinshui.worker", "citybrain").get("/actuator/metrics").status()).isEqualTo(403);
        assertThat(CityBrainClient.basic(port, "410105198805120019", "citybrain").get("/actuator/modulith").status()).isEqualTo(403);
    }

    @Test
    void everyRestApiIsDescribedInOpenApiForTheBigDataBureau() {
        assertThat(CityBrainClient.anonymous(port).get("/v3/api-docs").status()).isEqualTo(401);
        assertThat(CityBrainClient.basic(port, "jinshui.worker", "citybrain").get("/v3/api-docs").status()).isEqualTo(403);
        var doc = CityBrainClient.basic(port, "bigdata", "citybrain").get("/v3/api-docs").json();
        assertThat(doc.get("openapi").asString()).startsWith("3.");
        var paths = doc.get("paths");
        for (String path : new String[] {"/api/residents", "/api/residents/{id}", "/api/me", "/api/me/access-log", "/api/city/districts",
                "/api/city/features", "/api/city/places/{id}", "/api/audit/verify", "/api/audit/records"}) {
            assertThat(paths.has(path)).as(path).isTrue();
        }
        assertThat(CityBrainClient.basic(port, "bigdata", "citybrain").get("/swagger-ui/index.html").status()).isEqualTo(200);
    }

    @Test
    void theCityMapIsGeoJson() {
        var fc = CityBrainClient.basic(port, "commander", "citybrain").get("/api/city/features?kind=DISTRICT").json();
        assertThat(fc.get("type").asString()).isEqualTo("FeatureCollection");
        assertThat(fc.get("features").size()).isEqualTo(12);
        var first = fc.get("features").get(0);
        assertThat(first.get("type").asString()).isEqualTo("Feature");
        assertThat(first.get("geometry").get("type").asString()).isIn("Polygon", "MultiPolygon");
        assertThat(first.get("properties").get("code").asString()).hasSize(6);
    }
}
