package org.citybrain.flood.internal;

import java.io.StringReader;
import java.util.List;
import java.util.Map;

import org.citybrain.flood.swmm.InpFile;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A city's model with a pumping station becomes twin entities that say what joins what. */
class DrainageTwinEntitiesTest {

    @Test
    void aWetWellItsPumpAndItsOverflowWeirAreEntitiesJoiningTheirNodes() {
        InpFile inp = InpFile.read(new StringReader("""
                [OPTIONS]
                FLOW_UNITS CMS
                [STORAGE]
                WELL 10 5 0 FUNCTIONAL 0 0 100 0 0
                [OUTFALLS]
                RIVER 5 FREE
                [PUMPS]
                P1 WELL RIVER * ON 0 0
                [WEIRS]
                W1 WELL RIVER TRANSVERSE 4 1.84 NO 0 0
                [XSECTIONS]
                W1 RECT_OPEN 1 2 0 0
                [COORDINATES]
                WELL 113.70 34.75
                RIVER 113.71 34.75
                """));
        List<Map<String, Object>> entities = DrainageTwinProjection.entities(inp);
        Map<String, Object> well = find(entities, "urn:ngsi-ld:StorageUnit:WELL");
        assertThat(well.get("type")).isEqualTo("StorageUnit");
        Map<String, Object> pump = find(entities, "urn:ngsi-ld:Pump:P1");
        assertThat(pump.get("startsAt").toString()).contains("urn:ngsi-ld:StorageUnit:WELL");
        assertThat(pump.get("endsAt").toString()).contains("urn:ngsi-ld:Outfall:RIVER");
        assertThat(pump.get("location").toString()).contains("113.7");
        assertThat(find(entities, "urn:ngsi-ld:Weir:W1").get("endsAt").toString()).contains("RIVER");
    }

    private static Map<String, Object> find(List<Map<String, Object>> entities, String id) {
        return entities.stream().filter(e -> id.equals(e.get("id"))).findFirst().orElseThrow(() -> new AssertionError("no " + id + " in " + entities));
    }
}
