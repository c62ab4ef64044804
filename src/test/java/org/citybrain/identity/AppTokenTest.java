package org.citybrain.identity;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainClient.Answer;
import org.citybrain.CityBrainTest;
import org.citybrain.DemoAccounts;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The phone app's token: asked for once after signing in, then sent as a bearer token; it signs in that request alone
 * (no session), as the same account with the same permissions; an altered token, a token for a device, or none is not
 * a sign-in.
 */
@CityBrainTest
class AppTokenTest {

    @LocalServerPort
    int port;

    @Test
    void aTokenSignsInItsAccountAndAnAlteredOneDoesNot() {
        String citizen = "410105198805120019";
        Answer issued = CityBrainClient.basic(port, citizen, DemoAccounts.password(citizen)).json("POST", "/api/identity/v1/app-tokens", "{}");
        assertThat(issued.status()).as(issued.body()).isEqualTo(200);
        String token = issued.json().get("token").asString();
        CityBrainClient app = CityBrainClient.anonymous(port);

        Answer mine = app.request("GET", "/api/enrollment/v1/applications", null, "Authorization", "Bearer " + token);
        assertThat(mine.status()).as(mine.body()).isEqualTo(200);
        assertThat(mine.headers().firstValue("Set-Cookie")).as("no session for a token").isEmpty();
        Answer notHers = app.request("GET", "/api/enrollment/v1/campaigns/primary-2027/applications", null, "Authorization", "Bearer " + token);
        assertThat(notHers.status()).as("a citizen's token carries a citizen's permissions").isEqualTo(403);

        String altered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
        Answer refused = app.request("GET", "/api/enrollment/v1/applications", null, "Authorization", "Bearer " + altered);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("detail").asString()).contains("令牌");
        assertThat(app.request("GET", "/api/enrollment/v1/applications", null, "Authorization", "Bearer x.y.z").status()).isEqualTo(401);
        assertThat(app.get("/api/enrollment/v1/applications").status()).isEqualTo(401);

        String officer = "education.officer";
        String staff = CityBrainClient.basic(port, officer, DemoAccounts.password(officer)).json("POST", "/api/identity/v1/app-tokens", "{}").json()
                .get("token").asString();
        assertThat(app.request("GET", "/api/enrollment/v1/campaigns/primary-2027/applications", null, "Authorization", "Bearer " + staff).status())
                .isEqualTo(200);
    }
}
