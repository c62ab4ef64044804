package org.citybrain.platform;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainClient.Answer;
import org.citybrain.CityBrainTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** Malformed requests and unknown ids get a 4xx that names the field; no stack trace ever reaches the client. */
@CityBrainTest
class BadInputTest {

    @LocalServerPort
    int port;

    Answer get(String path) {
        return CityBrainClient.basic(port, "jinshui.worker", "citybrain").get(path);
    }

    void assertRefused(Answer a, int status, String field) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.json().get("field").asString()).isEqualTo(field);
        assertThat(a.json().get("detail").asString()).isNotBlank();
        assertThat(a.body()).doesNotContain("Exception").doesNotContain("at org.");
    }

    @Test
    void aMissingPurposeIsNamed() {
        Answer a = get("/api/residents");
        assertRefused(a, 400, "purpose");
        assertThat(a.json().get("detail").asString()).contains("COMMUNITY_SERVICE");
    }

    @Test
    void anUnknownPurposeIsNamedWithTheAllowedValues() {
        Answer a = get("/api/residents?purpose=CURIOSITY");
        assertRefused(a, 400, "purpose");
        assertThat(a.json().get("detail").asString()).contains("EPIDEMIC_PREVENTION");
    }

    @Test
    void outOfRangePagingIsNamed() {
        assertRefused(get("/api/residents?purpose=COMMUNITY_SERVICE&limit=1000"), 400, "limit");
        assertRefused(get("/api/residents?purpose=COMMUNITY_SERVICE&offset=-1"), 400, "offset");
        assertRefused(get("/api/residents?purpose=COMMUNITY_SERVICE&limit=abc"), 400, "limit");
    }

    @Test
    void malformedDivisionCodesAreNamed() {
        assertRefused(get("/api/residents?purpose=COMMUNITY_SERVICE&community=41O105"), 400, "divisionCode");
        assertRefused(get("/api/city/features?kind=SCHOOL&division=12"), 400, "division");
        assertRefused(get("/api/city/features?kind=CASTLE"), 400, "kind");
    }

    @Test
    void unknownIdsAreNotFound() {
        assertRefused(get("/api/residents/99999999?purpose=COMMUNITY_SERVICE"), 404, "id");
        assertRefused(get("/api/city/places/99999999"), 404, "id");
        assertRefused(get("/api/residents/not-a-number?purpose=COMMUNITY_SERVICE"), 400, "id");
    }

    @Test
    void unknownPathsAreNotFoundWithoutDetailsOfTheServer() {
        Answer a = get("/api/nothing-here");
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.body()).doesNotContain("Exception");
    }
}
