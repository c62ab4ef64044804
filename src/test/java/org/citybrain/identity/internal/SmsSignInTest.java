package org.citybrain.identity.internal;

import java.util.Map;

import org.citybrain.CityBrainApplication;
import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SMS sign-in outside the demo: CityBrain does not start with it on and no real gateway, and with it off offers no SMS
 * code at all. The limits per client address hold whoever asks.
 */
@CityBrainTest
class SmsSignInTest {

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    /** CityBrain as a city runs it: no demo (command-line settings, which win over application.yml). */
    static ConfigurableApplicationContext production(String... more) {
        String[] props = {"--citybrain.demo.enabled=false", "--server.port=0", "--citybrain.mqtt.enabled=false",
                "--spring.datasource.url=jdbc:h2:mem:sms-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "--logging.file.name=target/sms-signin.log",
                "--citybrain.audit.anchor-file=target/audit/sms-" + System.nanoTime() + "/anchors.log",
                "--citybrain.audit.anchor-key=target/audit/sms-" + System.nanoTime() + "/anchor-key"};
        String[] all = java.util.Arrays.copyOf(props, props.length + more.length);
        System.arraycopy(more, 0, all, props.length, more.length);
        return new SpringApplicationBuilder(CityBrainApplication.class).run(all);
    }

    @Test
    void withoutTheDemoAndWithoutAGatewayCityBrainRefusesToStart() {
        assertThatThrownBy(() -> production().close())
                .rootCause().hasMessageContaining("no SMS gateway is configured").hasMessageContaining("CITYBRAIN_SMS_LOGIN=false");
    }

    @Test
    void switchedOffThereIsNoSmsCodeToAskFor() {
        try (ConfigurableApplicationContext city = production("--citybrain.login.sms.enabled=false")) {
            int port = Integer.parseInt(city.getEnvironment().getProperty("local.server.port"));
            CityBrainClient browser = CityBrainClient.anonymous(port);
            String page = browser.get("/login").body();
            assertThat(page).doesNotContain("id=\"sms-send\"").doesNotContain("演示账号");
            var answer = browser.postForm("/login/sms-code", Map.of("idNumber", "410105198805120019"), browser.csrf("/login"));
            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.body()).doesNotContain("验证码 ");
            // nor a simulated face check: a city signs in by face only through its own provider
            assertThat(page).doesNotContain("id=\"face-link\"");
            assertThat(browser.get("/login/face").status()).isEqualTo(404);
        }
    }

    @Test
    void oneClientAddressGetsTwentyCodesAnHour() {
        SmsRequestLimits limits = new SmsRequestLimits(jdbc, 5, 20, 600); // the product's defaults (the test profile raises the per-address one)
        String client = "192.0.2." + (System.nanoTime() % 250);
        for (int i = 0; i < 20; i++) {
            assertThat(limits.admit("11010519491231" + String.format("%04d", i), client)).isEmpty();
        }
        assertThat(limits.admit("110105194912310999", client)).isPresent();
        assertThat(limits.admit("110105194912310999", "192.0.2.251")).as("another address is not held back").isEmpty();
    }
}
