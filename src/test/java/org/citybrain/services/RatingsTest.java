package org.citybrain.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainClient.Answer;
import org.citybrain.CityBrainTest;
import org.citybrain.DemoAccounts;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * 好差评 over the API: a finished application is rated once on five levels by its applicant; a poor rating says why
 * and opens a rectification for the department, due in 15 working days; the department's answer reaches the
 * citizen's timeline; nobody rates another's application or one still in progress.
 */
@CityBrainTest
class RatingsTest {

    static final String TENANT = ServicesTest.TENANT;

    @LocalServerPort
    int port;

    CityBrainClient as(String user) {
        return CityBrainClient.basic(port, user, DemoAccounts.password(user));
    }

    long applied(String request) {
        Answer a = as(TENANT).json("POST", "/api/services/v1/services/gjj-certificate/applications",
                "{\"form\": {\"request\": \"" + request + "\", \"phone\": \"13800138000\"}}", "Idempotency-Key", "rate-" + System.nanoTime());
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        return a.json().get("id").asLong();
    }

    String rating(int level, String comment) {
        return "{\"level\": " + level + (comment == null ? "" : ", \"comment\": \"" + comment + "\"") + "}";
    }

    @Test
    void aPoorRatingOpensARectificationWhoseAnswerTheCitizenReads() {
        long id = applied("开具缴存证明用于落户");
        assertThat(as(TENANT).json("POST", "/api/services/v1/applications/" + id + "/rating", rating(5, null)).status())
                .as("rated once it is finished").isEqualTo(409);
        assertThat(as("gjj.officer").json("POST", "/api/services/v1/applications/" + id + "/review", "{\"decision\": \"APPROVE\"}").json()
                .get("state").asString()).isEqualTo("APPROVED");

        Answer noReason = as(TENANT).json("POST", "/api/services/v1/applications/" + id + "/rating", rating(2, null));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.json().get("field").asString()).isEqualTo("comment");
        Answer badLevel = as(TENANT).json("POST", "/api/services/v1/applications/" + id + "/rating", rating(6, "好"));
        assertThat(badLevel.status()).isEqualTo(400);
        assertThat(badLevel.json().get("field").asString()).isEqualTo("level");
        assertThat(as(ServicesTest.OWNER).json("POST", "/api/services/v1/applications/" + id + "/rating", rating(1, "不是我的")).status())
                .as("another citizen's application is not found").isEqualTo(404);

        Answer rated = as(TENANT).json("POST", "/api/services/v1/applications/" + id + "/rating", rating(2, "等了很久才审核"));
        assertThat(rated.status()).as(rated.body()).isEqualTo(201);
        Answer again = as(TENANT).json("POST", "/api/services/v1/applications/" + id + "/rating", rating(2, "等了很久才审核"));
        assertThat(again.status()).as("a retried rating is the one rating").isEqualTo(201);
        assertThat(as(TENANT).json("POST", "/api/services/v1/applications/" + id + "/rating", rating(5, null)).status())
                .as("a different one is refused").isEqualTo(409);

        JsonNode detail = as(TENANT).get("/api/services/v1/applications/" + id).json();
        assertThat(detail.get("rating").get("level").asInt()).isEqualTo(2);
        JsonNode rectification = detail.get("rectification");
        assertThat(rectification.get("state").asString()).isEqualTo("OPEN");
        LocalDate opened = LocalDate.ofInstant(Instant.parse(rectification.get("openedAt").asString()), ZoneId.of("Asia/Shanghai"));
        LocalDate due = LocalDate.ofInstant(Instant.parse(rectification.get("dueBy").asString()), ZoneId.of("Asia/Shanghai"));
        LocalDate expected = opened;
        for (int left = 15; left > 0; ) {
            expected = expected.plusDays(1);
            left -= expected.getDayOfWeek().getValue() <= 5 ? 1 : 0;
        }
        assertThat(due).as("15 working days (no holidays configured)").isEqualTo(expected);

        JsonNode open = as("gjj.officer").get("/api/services/v1/rectifications").json();
        assertThat(open.get("rectifications").findValues("applicationId").stream().map(JsonNode::asLong).toList()).contains(id);
        assertThat(as("jinshui").get("/api/services/v1/rectifications").status()).isEqualTo(403);
        long rid = rectification.get("id").asLong();
        Answer short_ = as("gjj.officer").json("POST", "/api/services/v1/rectifications/" + rid + "/response", "{\"response\": \"好\"}");
        assertThat(short_.status()).isEqualTo(400);
        assertThat(short_.json().get("field").asString()).isEqualTo("response");
        Answer answered = as("gjj.officer").json("POST", "/api/services/v1/rectifications/" + rid + "/response",
                "{\"response\": \"经核实审核排队超过承诺时限，已增设审核岗位并于当日电话回访申请人\"}");
        assertThat(answered.status()).as(answered.body()).isEqualTo(200);
        assertThat(answered.json().get("state").asString()).isEqualTo("DONE");
        assertThat(as("gjj.officer").json("POST", "/api/services/v1/rectifications/" + rid + "/response", "{\"response\": \"再次回复一次看看\"}").status())
                .isEqualTo(409);

        JsonNode timeline = as(TENANT).get("/api/services/v1/applications/" + id).json().get("steps");
        assertThat(timeline.findValues("kind").stream().map(JsonNode::asString).toList()).containsSubsequence("APPROVED", "RATED", "RECTIFICATION_OPENED", "FOLLOWED_UP");
        assertThat(timeline.toString()).contains("已增设审核岗位");
    }

    @Test
    void aGoodRatingOpensNothing() {
        long id = applied("开具缴存证明用于贷款");
        as("gjj.officer").json("POST", "/api/services/v1/applications/" + id + "/review", "{\"decision\": \"APPROVE\"}");
        assertThat(as(TENANT).json("POST", "/api/services/v1/applications/" + id + "/rating", rating(5, null)).status()).isEqualTo(201);
        JsonNode detail = as(TENANT).get("/api/services/v1/applications/" + id).json();
        assertThat(detail.get("rating").get("level").asInt()).isEqualTo(5);
        assertThat(detail.get("rectification").isNull()).isTrue();
        assertThat(as("gjj.officer").json("POST", "/api/services/v1/applications/" + id + "/rating", rating(5, null)).status())
                .as("staff do not rate").isEqualTo(403);
    }
}
