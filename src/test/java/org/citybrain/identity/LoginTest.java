package org.citybrain.identity;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainClient.Answer;
import org.citybrain.CityBrainTest;
import org.citybrain.standards.DivisionCode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Signing in through the real login form: staff by password, citizens by ID number and password or SMS code. */
@CityBrainTest
class LoginTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Organisation organisation;

    @Test
    void staffSignInWithTheirPasswordAndLandOnARoleAwareHome() {
        CityBrainClient browser = CityBrainClient.anonymous(port);
        Answer login = browser.login("jinshui.worker", "citybrain");
        assertThat(login.status()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");
        String home = browser.get("/").body();
        assertThat(home).containsPattern("id=\"who\">[^<]*社区工作者").contains("/residents").contains("/overview").doesNotContain("href=\"/audit\"");
        String auditorHome = loggedIn("auditor").get("/").body();
        assertThat(auditorHome).contains("/audit").doesNotContain("href=\"/residents\"");
    }

    @Test
    void aWrongPasswordGetsOneMessageWhetherOrNotTheAccountExists() {
        CityBrainClient browser = CityBrainClient.anonymous(port);
        Answer wrong = browser.login("jinshui.street", "wrong");
        assertThat(wrong.headers().firstValue("Location").orElse("")).endsWith("/login?error");
        String page = browser.get("/login?error").body();
        assertThat(page).contains("用户名或密码错误");
        CityBrainClient other = CityBrainClient.anonymous(port);
        other.login("no-such-user", "wrong");
        assertThat(other.get("/login?error").body()).contains("用户名或密码错误");
        assertThat(browser.get("/api/residents?purpose=COMMUNITY_SERVICE").status()).isEqualTo(401);
    }

    @Test
    void repeatedFailuresLockTheUsernameEvenForTheRightPassword() {
        organisation.addStaff(List.of(new Organisation.StaffAccount("throttle.test", "限流测试", 1, new DivisionCode("410105001001"),
                EnumSet.of(Role.COMMUNITY_WORKER))), "right-password");
        CityBrainClient browser = CityBrainClient.anonymous(port);
        for (int i = 0; i < 5; i++) {
            browser.login("throttle.test", "wrong-" + i);
        }
        Answer locked = browser.login("throttle.test", "right-password");
        assertThat(locked.headers().firstValue("Location").orElse("")).endsWith("/login?error");
        assertThat(browser.get("/login?error").body()).contains("登录失败次数过多");
        assertThat(CityBrainClient.basic(port, "throttle.test", "right-password").get("/api/residents?purpose=COMMUNITY_SERVICE").status()).isEqualTo(401);
    }

    @Test
    void aCitizenSignsInWithIdNumberAndPassword() {
        CityBrainClient browser = loggedIn("410105198805120019");
        assertThat(browser.get("/me").body()).contains("张明").contains("410105198805120019");
        assertThat(browser.get("/").body()).contains("/me").doesNotContain("href=\"/overview\"");
    }

    @Test
    void aResidentSignsInWithAnSmsCodeAndGetsAnAccountOnFirstUse() {
        var resident = jdbc.queryForMap("select id, id_number, name from resident where community_code like '410103%' and mobile is not null "
                + "and id_number not in (select username from account) order by id fetch first 1 rows only");
        String idNumber = (String) resident.get("id_number");
        CityBrainClient browser = CityBrainClient.anonymous(port);
        String csrf = browser.csrf("/login");
        Answer sent = browser.postForm("/login/sms-code", Map.of("idNumber", idNumber.toLowerCase()), csrf);
        assertThat(sent.body()).contains(LOGIN_CODE_ANSWER);
        Matcher m = Pattern.compile("验证码 (\\d{6})").matcher(sent.body());
        assertThat(m.find()).as("the demo gateway shows the code").isTrue();
        String code = m.group(1);

        Answer again = browser.postForm("/login/sms-code", Map.of("idNumber", idNumber), csrf);
        assertThat(again.body()).as("a second code within the minute: the same answer, no new code").contains(LOGIN_CODE_ANSWER).doesNotContain("验证码 ");

        Answer login = browser.postForm("/login", Map.of("username", idNumber, "password", code), csrf);
        assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");
        assertThat(browser.get("/me").body()).contains((String) resident.get("name"));
        assertThat(jdbc.queryForObject("select count(*) from account where username = ? and kind = 'CITIZEN'", Integer.class, idNumber)).isEqualTo(1);

        long residentId = ((Number) resident.get("id")).longValue();
        assertThat(eventually(() -> jdbc.queryForObject("select count(*) from audit_record where subject = ? and action = 'CHANGE'", Integer.class,
                "resident:" + residentId))).as("the account opening is in her access log").isEqualTo(1);

        CityBrainClient replay = CityBrainClient.anonymous(port);
        Answer reused = replay.postForm("/login", Map.of("username", idNumber, "password", code), replay.csrf("/login"));
        assertThat(reused.headers().firstValue("Location").orElse("")).endsWith("/login?error");
    }

    @Test
    void smsCodesAreNotSentForInvalidOrUnknownIdNumbers() {
        CityBrainClient browser = CityBrainClient.anonymous(port);
        String csrf = browser.csrf("/login");
        assertThat(browser.postForm("/login/sms-code", Map.of("idNumber", "410105198805120018"), csrf).body()).contains("校验码错误");
        Answer unknown = browser.postForm("/login/sms-code", Map.of("idNumber", "11010519491231002X"), csrf);
        assertThat(unknown.body()).contains(LOGIN_CODE_ANSWER).doesNotContain("验证码 ");
    }

    @Test
    void smsCodesAreLimitedPerIdNumberWhetherOrNotItIsAResidents() {
        CityBrainClient browser = CityBrainClient.anonymous(port);
        String csrf = browser.csrf("/login");
        String stranger = org.citybrain.standards.IdNumber.of("110105", java.time.LocalDate.of(1960, 3, 3), 77).value();
        for (int i = 0; i < 5; i++) {
            assertThat(browser.postForm("/login/sms-code", Map.of("idNumber", stranger), csrf).body()).contains(LOGIN_CODE_ANSWER);
        }
        assertThat(browser.postForm("/login/sms-code", Map.of("idNumber", stranger), csrf).body()).contains("过于频繁").doesNotContain(LOGIN_CODE_ANSWER);
    }

    static final String LOGIN_CODE_ANSWER = "如该身份证号已登记手机号，验证码已发送";

    @Test
    void formsWithoutTheCsrfTokenAreRefused() {
        CityBrainClient browser = CityBrainClient.anonymous(port);
        Answer forged = browser.postForm("/login", Map.of("username", "jinshui.worker", "password", "citybrain"), "forged-token");
        assertThat(forged.status()).isEqualTo(403);
    }

    @Test
    void theCitysSsoIsOfferedAndSignInRedirectsToIt() {
        CityBrainClient browser = CityBrainClient.anonymous(port);
        assertThat(browser.get("/login").body()).contains("/oauth2/authorization/city-sso").contains("Keycloak");
        Answer redirect = browser.get("/oauth2/authorization/city-sso");
        assertThat(redirect.status()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location").orElse(""))
                .startsWith("http://sso.test/realms/citybrain/protocol/openid-connect/auth").contains("client_id=citybrain");
    }

    /** Waits (up to 10 s) for an asynchronously delivered event's effect to become non-zero. */
    static Integer eventually(java.util.function.Supplier<Integer> count) {
        long until = System.currentTimeMillis() + 10_000;
        Integer n = count.get();
        while (n == 0 && System.currentTimeMillis() < until) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            n = count.get();
        }
        return n;
    }

    private CityBrainClient loggedIn(String user) {
        CityBrainClient browser = CityBrainClient.anonymous(port);
        browser.login(user, "citybrain");
        return browser;
    }
}
