package org.citybrain.datahub;

import java.nio.charset.StandardCharsets;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainClient.Answer;
import org.citybrain.CityBrainTest;
import org.citybrain.DemoAccounts;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A GeoJSON file as a source: the water bureau's waterlogging-prone areas (易涝点) as a FeatureCollection in AMap's
 * GCJ-02, into the twin as WGS 84 polygons a geo-query finds. A self-intersecting polygon and a feature that is not one
 * are rejected rows with the reason; a file that is not a FeatureCollection is refused whole.
 */
@CityBrainTest
class GeoJsonSourceTest {

    @LocalServerPort
    int port;

    CityBrainClient bureau() {
        return CityBrainClient.basic(port, "bigdata", DemoAccounts.password("bigdata"));
    }

    static String square(double lon, double lat, double d) {
        return "[[[%f,%f],[%f,%f],[%f,%f],[%f,%f],[%f,%f]]]".formatted(lon, lat, lon + d, lat, lon + d, lat + d, lon, lat + d, lon, lat);
    }

    @Test
    void waterloggingAreasLoadAsValidPolygonsInWgs84AndBadShapesAreRejected() {
        assertThat(bureau().json("PUT", "/api/datahub/v1/sources/waterlogging", """
                {"name": "易涝点", "provider": "郑州市水利局", "ownerUnit": "郑州市水利局", "kind": "FILE", "format": "GEOJSON", "encoding": "UTF-8",
                 "expectedMinutes": 43200, "datasetId": "waterlogging"}""").status()).isEqualTo(200);
        assertThat(bureau().json("PUT", "/api/datahub/v1/sources/waterlogging-gbk", """
                {"name": "x", "provider": "x", "ownerUnit": "x", "kind": "FILE", "format": "GEOJSON", "encoding": "GBK", "datasetId": "x"}""").json()
                .get("field").asString()).as("GeoJSON is UTF-8").isEqualTo("encoding");
        Answer m = bureau().json("POST", "/api/datahub/v1/sources/waterlogging/mappings", """
                {"dataset": "waterlogging", "key": ["code"], "twin": {"type": "WaterloggingArea"},
                 "fields": [
                   {"name": "code", "label": "编号", "from": "编号", "required": true},
                   {"name": "name", "label": "名称", "from": "名称", "transforms": ["trim"], "required": true},
                   {"name": "location", "label": "范围", "from": "geometry", "type": "geometry", "crs": "GCJ-02", "required": true}
                 ]}""");
        assertThat(m.status()).as(m.body()).isEqualTo(201);
        String bowtie = "[[[113.70,34.70],[113.71,34.71],[113.71,34.70],[113.70,34.71],[113.70,34.70]]]";
        String file = """
                {"type": "FeatureCollection", "name": "易涝点", "features": [
                  {"type": "Feature", "properties": {"编号": "YL-001", "名称": "金水路与经三路交叉口"}, "geometry": {"type": "Polygon", "coordinates": %s}},
                  {"type": "Feature", "properties": {"编号": "YL-002", "名称": "京广路隧道"}, "geometry": {"type": "Polygon", "coordinates": %s}},
                  {"type": "Feature", "properties": {"编号": "YL-003", "名称": "自相交的面"}, "geometry": {"type": "Polygon", "coordinates": %s}},
                  {"type": "Road", "properties": {"编号": "YL-004"}}
                ]}""".formatted(square(113.6800, 34.7700, 0.002), square(113.6300, 34.7400, 0.003), bowtie);
        Answer run = bureau().bytes("POST", "/api/datahub/v1/sources/waterlogging/files?wait=true&name=yilao.geojson", file.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/geo+json");
        assertThat(run.status()).as(run.body()).isIn(200, 201);
        JsonNode report = run.json().get("report");
        assertThat(report.get("read").asLong()).isEqualTo(4);
        assertThat(report.get("accepted").asLong()).isEqualTo(2);
        assertThat(report.get("rejected").asLong()).isEqualTo(2);
        JsonNode rejected = bureau().get("/api/datahub/v1/runs/" + run.json().get("id").asLong() + "/rejected").json();
        assertThat(rejected.toString()).contains("Self-intersection").contains("not a GeoJSON Feature");

        // in the twin as WGS 84: the GCJ-02 square moved back by the datum's few hundred metres, and a geo-query finds it
        JsonNode areas = bureau().request("GET", "/ngsi-ld/v1/entities?type=WaterloggingArea", null, "Accept", "application/json",
                "Link", "<http://localhost:" + port + "/ngsi-ld/contexts/citybrain.jsonld>; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"")
                .json();
        assertThat(areas.size()).isEqualTo(2);
        JsonNode ring = areas.findValue("location").get("value").get("coordinates").get(0);
        double lon = 180;
        double lat = 90;
        for (JsonNode position : ring) {
            lon = Math.min(lon, position.get(0).asDouble());
            lat = Math.min(lat, position.get(1).asDouble());
        }
        // GCJ-02 lies some hundreds of metres east of WGS 84 here: the corner (113.68, 34.77) came back west
        assertThat(lon).isBetween(113.6700, 113.6799);
        assertThat(lat).isBetween(34.7650, 34.7750);
        String inside = "%5B" + (lon + 0.001) + "," + (lat + 0.001) + "%5D";
        JsonNode near = bureau().request("GET", "/ngsi-ld/v1/entities?type=WaterloggingArea&georel=intersects&geometry=Point&coordinates=" + inside
                        + "&limit=10", null, "Accept", "application/json",
                "Link", "<http://localhost:" + port + "/ngsi-ld/contexts/citybrain.jsonld>; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"")
                .json();
        assertThat(near.toString()).as(near.toString()).contains("金水路与经三路交叉口").doesNotContain("京广路隧道");

        Answer notACollection = bureau().bytes("POST", "/api/datahub/v1/sources/waterlogging/files?wait=true&name=one.geojson",
                "{\"type\": \"Feature\", \"properties\": {}, \"geometry\": null}".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/geo+json");
        assertThat(notACollection.json().get("status").asString()).isEqualTo("REFUSED");
        assertThat(notACollection.json().get("failure").asString()).contains("FeatureCollection");
    }
}
