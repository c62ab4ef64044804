package org.citybrain.datahub;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.zip.ZipOutputStream;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainClient.Answer;
import org.citybrain.CityBrainTest;
import org.citybrain.DemoAccounts;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citybrain.datahub.ZippedShapefile.clockwiseSquare;
import static org.citybrain.datahub.ZippedShapefile.counterClockwiseSquare;

/**
 * A zipped Shapefile as a source: the water bureau's flood-control zones (防汛重点区域), exported from its GIS in
 * CGCS2000 with GBK attributes, land in the twin as polygons — one with a hole a geo-query sees through — named in
 * Chinese as the department wrote them; a self-intersecting zone is a rejected row, a deleted one is skipped, loading
 * the layer again updates instead of duplicating. A layer in projected coordinates, a zip with no layer and a zip bomb
 * are refused whole with the reason.
 */
@CityBrainTest
class ShapefileSourceTest {

    @LocalServerPort
    int port;

    CityBrainClient bureau() {
        return CityBrainClient.basic(port, "bigdata", DemoAccounts.password("bigdata"));
    }

    Answer deliver(byte[] zip, String name) {
        return bureau().bytes("POST", "/api/datahub/v1/sources/flood-zones/files?wait=true&name=" + name, zip, "Content-Type", "application/zip");
    }

    JsonNode twin(String query) {
        return bureau().request("GET", "/ngsi-ld/v1/entities?" + query, null, "Accept", "application/json",
                "Link", "<http://localhost:" + port + "/ngsi-ld/contexts/citybrain.jsonld>; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"")
                .json();
    }

    @Test
    void floodZonesLoadFromTheWaterBureausLayerAndBrokenDeliveriesAreRefused() throws Exception {
        assertThat(bureau().json("PUT", "/api/datahub/v1/sources/flood-zones", """
                {"name": "防汛重点区域", "provider": "郑州市水利局", "ownerUnit": "郑州市水利局", "kind": "FILE", "format": "SHAPEFILE", "encoding": "GBK",
                 "expectedMinutes": 43200, "datasetId": "flood-zones"}""").status()).isEqualTo(200);
        Answer m = bureau().json("POST", "/api/datahub/v1/sources/flood-zones/mappings", """
                {"dataset": "flood-zones", "key": ["code"], "twin": {"type": "FloodZone"},
                 "fields": [
                   {"name": "code", "label": "编号", "from": "编号", "required": true},
                   {"name": "name", "label": "名称", "from": "名称", "transforms": ["trim"], "required": true},
                   {"name": "area", "label": "范围", "from": "geometry", "type": "geometry", "required": true}
                 ]}""");
        assertThat(m.status()).as(m.body()).isEqualTo(201);

        double[][] bowtie = {{113.70, 34.70}, {113.71, 34.71}, {113.71, 34.70}, {113.70, 34.71}, {113.70, 34.70}};
        ZippedShapefile layer = new ZippedShapefile("编号", "名称")
                // a ring of 0.01° with a hole of 0.004° in its middle: the park's lake is not a flood zone
                .add(false, List.<double[][]>of(clockwiseSquare(113.6500, 34.7500, 0.01), counterClockwiseSquare(113.6530, 34.7530, 0.004)), "FX-001", "贾鲁河沿岸")
                .add(false, List.<double[][]>of(clockwiseSquare(113.7000, 34.7800, 0.005)), "FX-002", "金水河下游")
                .add(true, List.<double[][]>of(clockwiseSquare(113.6000, 34.7000, 0.005)), "FX-000", "已撤销的区域")
                .add(false, List.<double[][]>of(bowtie), "FX-003", "自相交的面");
        JsonNode run = deliver(layer.zip("防汛重点区域"), "fangxun.zip").json();
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("PARTLY");
        JsonNode report = run.get("report");
        assertThat(report.get("read").asLong()).as("the deleted record is not read").isEqualTo(3);
        assertThat(report.get("accepted").asLong()).isEqualTo(2);
        assertThat(report.get("rejected").asLong()).isEqualTo(1);
        JsonNode rejected = bureau().get("/api/datahub/v1/runs/" + run.get("id").asLong() + "/rejected").json();
        assertThat(rejected.toString()).contains("Self-intersection").contains("FX-003");

        JsonNode zones = twin("type=FloodZone&limit=10");
        assertThat(zones.size()).isEqualTo(2);
        assertThat(zones.toString()).contains("贾鲁河沿岸").contains("金水河下游").doesNotContain("已撤销");
        JsonNode withHole = zones.get(0).get("name").get("value").asString().equals("贾鲁河沿岸") ? zones.get(0) : zones.get(1);
        assertThat(withHole.get("area").get("value").get("type").asString()).isEqualTo("Polygon");
        assertThat(withHole.get("area").get("value").get("coordinates").size()).as("the outer ring and the hole").isEqualTo(2);
        // a point on the ring is in the zone, a point in the hole is not
        assertThat(twin("type=FloodZone&geoproperty=area&georel=intersects&geometry=Point&coordinates=%5B113.6510,34.7510%5D").toString()).contains("贾鲁河沿岸");
        assertThat(twin("type=FloodZone&geoproperty=area&georel=intersects&geometry=Point&coordinates=%5B113.6550,34.7550%5D").size()).isZero();

        // The same layer again, one zone renamed: updated in place, nothing doubled.
        ZippedShapefile again = new ZippedShapefile("编号", "名称").utf8WithCpg()
                .add(false, List.<double[][]>of(clockwiseSquare(113.6500, 34.7500, 0.01)), "FX-001", "贾鲁河沿岸（扩大）")
                .add(false, List.<double[][]>of(clockwiseSquare(113.7000, 34.7800, 0.005)), "FX-002", "金水河下游");
        JsonNode second = deliver(again.zip("fangxun"), "fangxun-2.zip").json();
        assertThat(second.get("status").asString()).as(second.toString()).isEqualTo("SUCCEEDED");
        assertThat(second.get("report").get("updated").asLong()).isEqualTo(1);
        assertThat(twin("type=FloodZone&limit=10").size()).isEqualTo(2);
        assertThat(twin("type=FloodZone&limit=10").toString()).contains("贾鲁河沿岸（扩大）");

        // Projected coordinates are the department's export setting to change, named in the refusal.
        JsonNode projected = deliver(new ZippedShapefile("编号", "名称").prj(ZippedShapefile.GAUSS_KRUGER)
                .add(false, List.<double[][]>of(clockwiseSquare(113.65, 34.75, 0.01)), "FX-009", "x").zip("gk"), "gk.zip").json();
        assertThat(projected.get("status").asString()).isEqualTo("REFUSED");
        assertThat(projected.get("failure").asString()).contains("CGCS2000_3_Degree_GK_CM_114E").contains("projected");

        ByteArrayOutputStream noLayer = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(noLayer)) {
            ZippedShapefile.entry(out, "说明.txt", "见附件".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        JsonNode none = deliver(noLayer.toByteArray(), "empty.zip").json();
        assertThat(none.get("status").asString()).isEqualTo("REFUSED");
        assertThat(none.get("failure").asString()).contains("no .shp layer");

        // 64 MiB of zeros behind a tiny layer's name: refused before it is inflated
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bomb)) {
            ZippedShapefile.entry(out, "bomb.shp", new byte[64 << 20]);
            ZippedShapefile.entry(out, "bomb.dbf", new byte[64 << 20]);
        }
        JsonNode refused = deliver(bomb.toByteArray(), "bomb.zip").json();
        assertThat(refused.get("status").asString()).isEqualTo("REFUSED");
        assertThat(refused.get("failure").asString()).contains("zip bomb");

        JsonNode notZip = deliver("编号,名称\nFX-1,x\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), "zones.csv").json();
        assertThat(notZip.get("status").asString()).isEqualTo("REFUSED");
        assertThat(notZip.get("failure").asString()).contains("not a zip");
    }
}
