package org.citybrain.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainClient.Answer;
import org.citybrain.CityBrainTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limits of {@link Limits} are the limits of the whole system: every column a limited value is stored in is at
 * least that wide (on H2 and PostgreSQL alike), the OpenAPI schema publishes them, and valid input at the limits is
 * accepted, while input one character over is refused naming its field.
 */
@CityBrainTest
class LimitsFitTheSchemaTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    int width(String table, String column) {
        Integer w = jdbc.queryForObject("select character_maximum_length from information_schema.columns where lower(table_name) = ? and lower(column_name) = ?",
                Integer.class, table, column);
        return w == null ? Integer.MAX_VALUE : w;
    }

    @Test
    void everyColumnBehindALimitIsAtLeastAsWide() {
        Map<String, Integer> needed = new java.util.LinkedHashMap<>();
        needed.put("community_registration.host_name", Limits.PERSON_NAME);
        needed.put("community_registration.host_address", Limits.ADDRESS);
        needed.put("community_registration.purpose", Limits.ADDRESS);
        needed.put("community_registration.correction", Limits.NOTE);
        needed.put("community_registration.details", fullHousehold().length());
        needed.put("health_fact.symptoms", Limits.SYMPTOMS);
        needed.put("health_fact.source", "order:".length() + Limits.LEGAL_REASON);
        needed.put("health_fact.void_reason", Limits.LEGAL_REASON);
        needed.put("health_code_change.legal_reason", Limits.LEGAL_REASON);
        needed.put("health_correction.request", Limits.CORRECTION);
        needed.put("health_correction.answer", Limits.CORRECTION);
        needed.put("risk_area.name", Limits.PLACE_NAME);
        needed.put("trusted_issuer.name", Limits.PLACE_NAME);
        needed.put("trusted_issuer.kid", Limits.KEY_ID);
        needed.put("health_rule_set.note", Limits.RULES_NOTE);
        needed.put("follow_up_task.note", Limits.NOTE);
        List<String> narrow = new ArrayList<>();
        needed.forEach((column, length) -> {
            String[] tc = column.split("\\.");
            int w = width(tc[0], tc[1]);
            if (w < length) {
                narrow.add(column + " is " + w + " wide, needs " + length);
            }
        });
        assertThat(narrow).isEmpty();
    }

    @Test
    void theOpenApiSchemaPublishesTheLimits() {
        var schemas = CityBrainClient.basic(port, "bigdata", "citybrain").get("/v3/api-docs").json().get("components").get("schemas");
        assertThat(schemas.get("Member").get("properties").get("name").get("maxLength").asInt()).isEqualTo(Limits.PERSON_NAME);
        assertThat(schemas.get("ManualColour").get("properties").get("legalReason").get("maxLength").asInt()).isEqualTo(Limits.LEGAL_REASON);
        assertThat(schemas.get("CorrectionAnswer").get("properties").get("answer").get("maxLength").asInt()).isEqualTo(Limits.CORRECTION);
        assertThat(schemas.get("TaskClosure").get("properties").get("note").get("maxLength").asInt()).isEqualTo(Limits.NOTE);
    }

    static String fullHousehold() {
        List<Map<String, Object>> members = new ArrayList<>();
        for (int i = 0; i < Limits.HOUSEHOLD_MEMBERS; i++) {
            members.add(Map.of("name", "名".repeat(Limits.PERSON_NAME), "relation", "亲".repeat(Limits.RELATION), "livingHere", true,
                    "note", "注".repeat(Limits.MEMBER_NOTE)));
        }
        return JsonMapper.builder().build().writeValueAsString(members);
    }

    @Test
    void aHouseholdAtEveryLimitIsRegisteredAndOneCharacterMoreIsRefusedByName() {
        CityBrainClient citizen = CityBrainClient.basic(port, "410103199209030027", "citybrain");
        Answer full = citizen.json("POST", "/api/community/v1/households", "{\"members\":" + fullHousehold() + "}", "Idempotency-Key", UUID.randomUUID().toString());
        assertThat(full.status()).as(full.body()).isEqualTo(201);
        String over = fullHousehold().replaceFirst("\"name\":\"", "\"name\":\"名");
        Answer refused = citizen.json("POST", "/api/community/v1/households", "{\"members\":" + over + "}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("field").asString()).matches("members\\[\\d+]\\.name");
    }

    @Test
    void aManualColourWithALegalReasonAtTheLimitIsRecordedAndNulOrDirectionOverridesAreRefused() {
        long resident = jdbc.queryForObject("select max(id) from resident where community_code like '410102%'", Long.class); // nobody else's test person
        CityBrainClient health = CityBrainClient.basic(port, "health", "citybrain");
        String until = java.time.Instant.now().plus(java.time.Duration.ofDays(1)).toString();
        Answer ok = health.json("POST", "/api/health/v1/residents/" + resident + "/colour",
                "{\"colour\":\"YELLOW\",\"until\":\"" + until + "\",\"legalReason\":\"" + "依".repeat(Limits.LEGAL_REASON) + "\"}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        for (String evil : List.of("a\\u0000b", "\\u202Eevil")) {
            Answer refused = health.json("POST", "/api/health/v1/residents/" + resident + "/colour",
                    "{\"colour\":\"GREEN\",\"until\":\"" + until + "\",\"legalReason\":\"" + evil + "\"}");
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("field").asString()).isEqualTo("legalReason");
        }
        health.json("POST", "/api/health/v1/residents/" + resident + "/colour",
                "{\"colour\":\"GREEN\",\"until\":\"" + until + "\",\"legalReason\":\"演示结束 / end of the test\"}");
    }
}
