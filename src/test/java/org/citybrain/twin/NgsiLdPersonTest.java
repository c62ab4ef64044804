package org.citybrain.twin;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainClient.Answer;
import org.citybrain.CityBrainTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Residents through the twin API: only within the reader's jurisdiction, masked, with a purpose, audited. */
@CityBrainTest
class NgsiLdPersonTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    Answer get(String user, String path, String purpose) {
        NgsiLd api = new NgsiLd(port, user, null);
        return purpose == null ? api.get(path) : api.raw("GET", path, null, "Accept", "application/json", "Link", api.link(),
                "CityBrain-Purpose", purpose);
    }

    @Test
    void aCommunityWorkerReadsHerResidentsAsPersonEntities() {
        long zhang = jdbc.queryForObject("select id from resident where id_number = '410105198805120019'", Long.class);
        Answer answer = get("jinshui.worker", "/entities/urn:ngsi-ld:Person:" + zhang, "COMMUNITY_SERVICE");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode person = answer.json();
        assertThat(person.get("type").asString()).isEqualTo("Person");
        assertThat(person.get("name").get("value").asString()).isEqualTo("张明");
        assertThat(person.get("idNumber").get("value").asString()).isEqualTo("410105********0019");
        assertThat(person.get("livesIn").get("object").asString()).isEqualTo("urn:ngsi-ld:Community:410105001001");
        assertThat(jdbc.queryForObject("select count(*) from audit_record where actor = 'jinshui.worker' and subject = ? and purpose = 'COMMUNITY_SERVICE'",
                Integer.class, "resident:" + zhang)).isPositive();

        Answer list = get("jinshui.worker", "/entities?type=Person&limit=100&count=true&options=keyValues", "EPIDEMIC_PREVENTION");
        assertThat(list.status()).isEqualTo(200);
        long inCommunity = jdbc.queryForObject("select count(*) from resident where community_code = '410105001001'", Long.class);
        assertThat(list.headers().firstValue("NGSILD-Results-Count").orElse("")).isEqualTo(Long.toString(inCommunity));
        list.json().forEach(p -> assertThat(p.get("divisionCode").asString()).isEqualTo("410105001001"));
    }

    @Test
    void outsideTheJurisdictionWithoutAPurposeOrWithoutTheRoleThereIsNoPerson() {
        long erqi = jdbc.queryForObject("select min(id) from resident where community_code = '410103001001'", Long.class);
        Answer outside = get("jinshui.worker", "/entities/urn:ngsi-ld:Person:" + erqi, "COMMUNITY_SERVICE");
        assertThat(outside.status()).isEqualTo(404);
        assertThat(outside.json().get("type").asString()).endsWith("ResourceNotFound");
        Answer noPurpose = get("jinshui.worker", "/entities/urn:ngsi-ld:Person:" + erqi, null);
        assertThat(noPurpose.status()).isEqualTo(400);
        assertThat(noPurpose.json().get("detail").asString()).contains("CityBrain-Purpose");
        assertThat(get("bigdata", "/entities?type=Person", "COMMUNITY_SERVICE").status()).isEqualTo(403);
        assertThat(get("jinshui.worker", "/entities?type=Person&q=" + NgsiLd.enc("name==\"张明\""), "COMMUNITY_SERVICE").status()).isEqualTo(422);
        assertThat(CityBrainClient.basic(port, "410105198805120019", "citybrain").get("/ngsi-ld/v1/entities?type=Person").status()).isEqualTo(403);
    }

    @Test
    void personEntitiesCannotBeWrittenThroughTheTwinWhateverContextNamesThem() {
        CityBrainClient bigdata = CityBrainClient.basic(port, "bigdata", "citybrain");
        for (String entity : java.util.List.of(
                "{\"id\":\"urn:ngsi-ld:Person:forged-1\",\"type\":\"Building\"}",
                "{\"id\":\"urn:ngsi-ld:Thing:forged-2\",\"type\":\"Person\"}",
                "{\"id\":\"urn:ngsi-ld:Thing:forged-3\",\"type\":\"https://schema.org/Person\"}")) {
            Answer created = bigdata.json("POST", "/ngsi-ld/v1/entities", entity);
            assertThat(created.status()).as(entity).isBetween(400, 499);
        }
        // type=Person without CityBrain's context (the core context's default vocabulary): still the audited register.
        Answer plain = bigdata.request("GET", "/ngsi-ld/v1/entities?type=Person", null, "Accept", "application/json", "CityBrain-Purpose",
                "COMMUNITY_SERVICE");
        assertThat(plain.status()).as("the big-data bureau reads no residents").isEqualTo(403);
        Answer expanded = CityBrainClient.basic(port, "jinshui.worker", "citybrain").request("GET",
                "/ngsi-ld/v1/entities?type=" + NgsiLd.enc("https://uri.etsi.org/ngsi-ld/default-context/Person"), null, "Accept", "application/json");
        assertThat(expanded.status()).as("no purpose given: refused, not answered from the store").isEqualTo(400);
        assertThat(expanded.body()).contains("CityBrain-Purpose");
    }
}
