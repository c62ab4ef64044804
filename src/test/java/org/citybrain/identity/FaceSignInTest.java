package org.citybrain.identity;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 刷脸登录 through the provider interface, with the demo's simulated provider: the check's token signs its own ID
 * number in, once; used again, or for another ID number, it signs nobody in.
 */
@CityBrainTest
class FaceSignInTest {

    private static final Pattern TOKEN = Pattern.compile("name=\"password\" value=\"(FACE-[0-9a-f]+)\"");
    private static final String LI = "410103199209030027";

    @LocalServerPort
    int port;

    @Test
    void aPassedFaceCheckSignsItsOwnIdNumberInOnce() {
        CityBrainClient phone = CityBrainClient.anonymous(port);
        assertThat(phone.get("/login").body()).contains("id=\"face-link\"");
        String token = check(phone, LI);
        var signedIn = phone.postForm("/login", Map.of("username", LI, "password", token), phone.csrf("/login"));
        assertThat(signedIn.headers().firstValue("Location").orElse("")).doesNotContain("error");
        assertThat(phone.get("/wallet").status()).as("signed in as the citizen").isEqualTo(200);

        CityBrainClient again = CityBrainClient.anonymous(port);
        var replayed = again.postForm("/login", Map.of("username", LI, "password", token), again.csrf("/login"));
        assertThat(replayed.headers().firstValue("Location").orElse("")).as("a token is used once").contains("error");

        CityBrainClient other = CityBrainClient.anonymous(port);
        String hers = check(other, LI);
        var borrowed = other.postForm("/login", Map.of("username", "410105198805120019", "password", hers), other.csrf("/login"));
        assertThat(borrowed.headers().firstValue("Location").orElse("")).as("her face does not sign him in").contains("error");

        assertThat(other.postForm("/login/face", Map.of("idNumber", "12345"), other.csrf("/login/face")).body()).contains("face-errors");
    }

    private static String check(CityBrainClient client, String idNumber) {
        String page = client.postForm("/login/face", Map.of("idNumber", idNumber), client.csrf("/login/face")).body();
        Matcher m = TOKEN.matcher(page);
        assertThat(m.find()).as(page).isTrue();
        return m.group(1);
    }
}
