package org.citybrain.platform;

import java.util.Base64;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainClient.Answer;
import org.citybrain.CityBrainTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** The web's basics: CSRF for every browser session, the security headers, and the small refusals of bad values. */
@CityBrainTest
class WebBasicsTest {

    @LocalServerPort
    int port;

    @Test
    void anAuthorizationHeaderDoesNotSwitchCsrfProtectionOffForABrowserSession() {
        CityBrainClient browser = CityBrainClient.anonymous(port);
        browser.login("jinshui.worker", "citybrain");
        String basic = "Basic " + Base64.getEncoder().encodeToString("jinshui.worker:citybrain".getBytes());
        Answer forged = browser.request("POST", "/loops/999999/close", "result=CLEARED&note=x", "Content-Type", "application/x-www-form-urlencoded",
                "Authorization", basic);
        assertThat(forged.status()).as("a cross-site form post riding on the session cookie").isEqualTo(403);
        Answer machine = CityBrainClient.basic(port, "jinshui.worker", "citybrain").json("POST", "/api/loops/v1/tasks/999999/close",
                "{\"result\":\"CLEARED\",\"note\":\"x\"}");
        assertThat(machine.status()).as("a machine client without a session needs no token").isEqualTo(404);
    }

    @Test
    void pagesCarryTheSecurityHeaders() {
        Answer login = CityBrainClient.anonymous(port).get("/login", "text/html");
        assertThat(login.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'").contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-eval");
        assertThat(login.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
        assertThat(login.headers().firstValue("Permissions-Policy").orElse("")).contains("microphone=()");
        assertThat(login.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(login.headers().firstValue("Strict-Transport-Security")).as("sent over TLS only").isEmpty();
    }

    @Test
    void aRuleThatCanNeverApplyOrHasNoWhenIsRefusedNamingIt() {
        CityBrainClient health = CityBrainClient.basic(port, "health", "citybrain");
        String shadowing = """
                {"lookbackDays": 14, "feverHours": 48, "feverTemperature": 37.3, "rules": [
                  {"id": "EVERYONE", "when": {}, "colour": "GREEN", "why": {"zh": "无"}, "remedy": {"zh": "无"}},
                  {"id": "POSITIVE_TEST", "when": {"positive": "true"}, "colour": "RED", "why": {"zh": "阳性"}, "remedy": {"zh": "治愈"}},
                  {"id": "DEFAULT", "when": {}, "colour": "GREEN", "why": {"zh": "无"}, "remedy": {"zh": "无"}}]}""";
        Answer refused = health.json("PUT", "/api/health/v1/rules", shadowing);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("field").asString()).isEqualTo("rules.POSITIVE_TEST");
        Answer noWhen = health.json("PUT", "/api/health/v1/rules", """
                {"lookbackDays": 14, "feverHours": 48, "feverTemperature": 37.3, "rules": [
                  {"id": "DEFAULT", "colour": "GREEN", "why": {"zh": "无"}, "remedy": {"zh": "无"}}]}""");
        assertThat(noWhen.status()).isEqualTo(400);
        assertThat(noWhen.json().get("field").asString()).startsWith("rules");
    }

    @Test
    void aNumberNoJsonNumberHoldsIsRefusedNotStoredAsInfinity() {
        Answer a = CityBrainClient.basic(port, "bigdata", "citybrain").json("POST", "/ngsi-ld/v1/entities",
                "{\"id\":\"urn:ngsi-ld:Sensor:huge\",\"type\":\"Sensor\",\"rainfall\":{\"type\":\"Property\",\"value\":1e309}}");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body()).contains("rainfall");
        assertThat(CityBrainClient.basic(port, "bigdata", "citybrain").get("/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:huge").status()).isEqualTo(404);
    }

    @Test
    void namesWithNulOrDirectionOverridesAreRefused() {
        CityBrainClient health = CityBrainClient.basic(port, "health", "citybrain");
        for (String name : new String[] {"a\\u0000b", "\\u202Egpj.exe"}) {
            Answer a = health.json("PUT", "/api/health/v1/risk-areas/650100", "{\"name\":\"" + name + "\",\"level\":\"MEDIUM\"}");
            assertThat(a.status()).isEqualTo(400);
            assertThat(a.json().get("field").asString()).isEqualTo("name");
        }
    }
}
