package org.citybrain.datahub;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainClient.Answer;
import org.citybrain.CityBrainTest;
import org.citybrain.DemoAccounts;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A place matched by name, address and distance: the health commission's daily stock of fever medicine, per pharmacy,
 * names a pharmacy as its staff type it (full-width brackets, a space) at a point a few metres from where the market
 * regulator's list put it — and enriches that pharmacy in the twin instead of doubling it; a branch of the same name
 * across town is another place.
 */
@CityBrainTest
class PlaceMatchingTest {

    @LocalServerPort
    int port;

    CityBrainClient as(String user) {
        return CityBrainClient.basic(port, user, DemoAccounts.password(user));
    }

    JsonNode twin(String path) {
        return as("commander").request("GET", path, null, "Accept", "application/json", "Link", "<http://localhost:" + port
                + "/ngsi-ld/contexts/citybrain.jsonld>; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"").json();
    }

    @Test
    void aSecondDepartmentsListOfTheSamePharmaciesEnrichesThemInsteadOfDoublingThem() throws Exception {
        DemoFeedRuns.loaded(port, "pharmacies");
        JsonNode known = twin("/ngsi-ld/v1/entities?type=Pharmacy&limit=1&options=keyValues").get(0);
        String name = known.get("name").asString();
        double lon = known.get("location").get("coordinates").get(0).asDouble();
        double lat = known.get("location").get("coordinates").get(1).asDouble();
        long before = twin("/ngsi-ld/v1/entities?type=Pharmacy&limit=1000").size();

        CityBrainClient bureau = as("bigdata");
        assertThat(bureau.json("PUT", "/api/datahub/v1/sources/fever-stock", """
                {"name": "退热药品库存日报", "provider": "郑州市卫生健康委员会", "ownerUnit": "郑州市卫生健康委员会", "kind": "PUSH",
                 "expectedMinutes": 1440, "datasetId": "fever-stock"}""").status()).isEqualTo(200);
        Answer m = bureau.json("POST", "/api/datahub/v1/sources/fever-stock/mappings", """
                {"dataset": "fever-stock", "key": ["report"], "twin": {"type": "Pharmacy", "matchPlace": {"name": "name", "within": 50}},
                 "fields": [
                   {"name": "report", "from": "报表编号", "required": true},
                   {"name": "name", "from": "药店", "required": true},
                   {"name": "location", "from": ["经度", "纬度"], "type": "point", "required": true},
                   {"name": "feverMedicineStock", "label": "退热药库存（盒）", "from": "库存", "type": "integer", "min": 0}
                 ]}""");
        assertThat(m.status()).as(m.body()).isEqualTo(201);
        // a variant of the name, ten metres off; and the same name some 900 m away
        String typed = name.replace("（", " (").replace("）", ")");
        Answer pushed = bureau.json("POST", "/api/datahub/v1/sources/fever-stock/records", """
                [{"报表编号": "R-1", "药店": "%s", "经度": "%s", "纬度": "%s", "库存": "120"},
                 {"报表编号": "R-2", "药店": "%s", "经度": "%s", "纬度": "%s", "库存": "30"}]"""
                .formatted(typed, lon + 0.0001, lat, name, lon + 0.01, lat));
        assertThat(pushed.status()).as(pushed.body()).isIn(200, 201);
        assertThat(pushed.json().get("report").get("accepted").asLong()).isEqualTo(2);

        JsonNode enriched = twin("/ngsi-ld/v1/entities/" + java.net.URLEncoder.encode(known.get("id").asString(), java.nio.charset.StandardCharsets.UTF_8));
        assertThat(enriched.get("feverMedicineStock").get("value").asInt()).isEqualTo(120);
        assertThat(enriched.get("feverMedicineStock").get("hubSource").get("object").asString()).isEqualTo("urn:ngsi-ld:DataSource:fever-stock");
        assertThat(enriched.get("location").get("hubSource").get("object").asString()).as("its name and place stay the regulator's")
                .isEqualTo("urn:ngsi-ld:DataSource:pharmacies");
        assertThat(enriched.get("name").get("value").asString()).isEqualTo(name);
        assertThat(twin("/ngsi-ld/v1/entities?type=Pharmacy&limit=1000").size()).as("the far branch is a new place, the near one is not")
                .isEqualTo(before + 1);
    }
}
