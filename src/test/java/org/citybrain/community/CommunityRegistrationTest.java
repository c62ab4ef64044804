package org.citybrain.community;

import java.time.Instant;
import java.util.UUID;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainClient.Answer;
import org.citybrain.CityBrainTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Households and visitors register; the right community worker confirms or corrects; gates see registered visitors. */
@CityBrainTest
class CommunityRegistrationTest {

    static final String LI_HUA = "410103199209030027";

    @LocalServerPort
    int port;

    CityBrainClient as(String user) {
        return CityBrainClient.basic(port, user, org.citybrain.DemoAccounts.password(user));
    }

    @Test
    void aHouseholdRegistersAndItsWorkerCorrectsIt() {
        String key = UUID.randomUUID().toString();
        String body = "{\"members\":[{\"name\":\"李华\",\"relation\":\"户主\",\"livingHere\":true},{\"name\":\"李雷\",\"relation\":\"子\",\"livingHere\":false,\"note\":\"在外地上学\"}]}";
        Answer first = as(LI_HUA).json("POST", "/api/community/v1/households", body, "Idempotency-Key", key);
        assertThat(first.status()).isEqualTo(201);
        Answer retry = as(LI_HUA).json("POST", "/api/community/v1/households", body, "Idempotency-Key", key);
        assertThat(retry.json().get("id").asLong()).isEqualTo(first.json().get("id").asLong());
        long id = first.json().get("id").asLong();
        assertThat(first.json().get("communityCode").asString()).isEqualTo("410103001001");

        Answer missingName = as(LI_HUA).json("POST", "/api/community/v1/households", "{\"members\":[{\"relation\":\"户主\"}]}");
        assertThat(missingName.json().get("field").asString()).isEqualTo("members[0].name");

        assertThat(as("jinshui.worker").json("POST", "/api/community/v1/registrations/" + id + "/confirm", null).status()).isEqualTo(403);
        assertThat(as("erqi.worker").get("/api/community/v1/registrations").body()).contains("李雷");
        // The worker's reading of the list is in Li Hua's access log.
        assertThat(as(LI_HUA).get("/api/me/access-log").body()).contains("erqi.worker").contains("社区健康登记");
        Answer noReason = as("erqi.worker").json("POST", "/api/community/v1/registrations/" + id + "/correct", "{}");
        assertThat(noReason.json().get("field").asString()).isEqualTo("correction");
        JsonNode corrected = as("erqi.worker").json("POST", "/api/community/v1/registrations/" + id + "/correct",
                "{\"correction\":\"李雷已返郑，请更新为在家\"}").json();
        assertThat(corrected.get("status").asString()).isEqualTo("CORRECTED");
        assertThat(as(LI_HUA).get("/api/community/v1/registrations/mine").body()).contains("李雷已返郑");
    }

    @Test
    void aRegisteredVisitorIsRecognisedAtTheGate() {
        String community = "410105001001";
        Answer backwards = as(LI_HUA).json("POST", "/api/community/v1/visits", "{\"community\":\"" + community
                + "\",\"hostName\":\"张明\",\"hostAddress\":\"1号楼\",\"purpose\":\"探亲\",\"from\":\"" + Instant.now().plusSeconds(7200)
                + "\",\"until\":\"" + Instant.now().plusSeconds(3600) + "\"}");
        assertThat(backwards.json().get("field").asString()).isEqualTo("until");
        Answer visit = as(LI_HUA).json("POST", "/api/community/v1/visits",
                "{\"community\":\"" + community + "\",\"hostName\":\"张明\",\"hostAddress\":\"1号楼\",\"purpose\":\"探亲\"}");
        assertThat(visit.status()).isEqualTo(201);
        JsonNode atGate = as("gate-" + community).json("POST", "/api/scan/v1/devices/gate-" + community + "/scans",
                "{\"seq\":\"" + UUID.randomUUID() + "\",\"idNumber\":\"" + LI_HUA + "\"}").json();
        // Li Hua's own code may be any colour after the other tests; registered or not, she is a visitor here.
        assertThat(atGate.get("reason").asString()).isIn("VISITOR_REGISTERED", "VISITOR_NOT_GREEN");
        assertThat(as("jinshui.worker").json("POST", "/api/community/v1/registrations/" + visit.json().get("id").asLong() + "/confirm", null)
                .json().get("status").asString()).isEqualTo("CONFIRMED");
    }
}
