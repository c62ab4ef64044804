package org.citybrain.enrollment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainClient.Answer;
import org.citybrain.CityBrainTest;
import org.citybrain.DemoAccounts;
import org.citybrain.datahub.DemoFeedRuns;
import org.citybrain.standards.IdNumber;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * School enrollment end to end over its API, on the demo city's registers: two families apply in the window and
 * are told their category and why (张明 rents: registered in the catchment without a home; 李华 is registered at her
 * own home: 房户一致); a retry is the same application and a child applies once; the places are allocated only after
 * the window closes, the oversubscribed school by lottery; anyone, signed in or not, recomputes every round of the
 * draw from the seed revealed after the close and the hash published before it; a parent appeals and the bureau
 * places the child.
 */
@CityBrainTest
class EnrollmentTest {

    static final String ZHANG = "410105198805120019";
    static final String LI = "410103199209030027";
    static final String ZHANG_DAUGHTER = IdNumber.of("410105", LocalDate.of(2020, 11, 8), 2).value();
    static final String LI_SON = IdNumber.of("410103", LocalDate.of(2021, 3, 21), 1).value();

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    CityBrainClient as(String user) {
        return CityBrainClient.basic(port, user, DemoAccounts.password(user));
    }

    @BeforeEach
    void registersLoaded() throws InterruptedException {
        DemoFeedRuns.loaded(port, "household-registry");
        DemoFeedRuns.loaded(port, "housing-registry");
        DemoFeedRuns.loaded(port, "residence-permits");
        DemoFeedRuns.polled(port, "social-security");
    }

    String open(Instant closes) {
        String code = "test-" + Long.toString(System.nanoTime(), 36);
        Answer opened = as("education.officer").json("POST", "/api/enrollment/v1/campaigns", """
                {"code": "%s", "titleZh": "测试小学招生", "titleEn": "Test intake", "stage": "小学", "opensAt": "%s", "closesAt": "%s",
                 "bornFrom": "2020-09-01", "bornTo": "2021-08-31"}""".formatted(code, Instant.now().minusSeconds(60), closes));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        assertThat(opened.json().get("seed").isNull()).as("the seed stays secret until the window closes").isTrue();
        return code;
    }

    Answer apply(String parent, String code, String child, String name, String key, Long... preferences) {
        String prefs = String.join(",", java.util.Arrays.stream(preferences).map(String::valueOf).toList());
        return as(parent).json("POST", "/api/enrollment/v1/campaigns/" + code + "/applications",
                "{\"childIdNumber\": \"" + child + "\", \"childName\": \"" + name + "\", \"preferences\": [" + prefs + "]}", "Idempotency-Key", key);
    }

    JsonNode checked(String parent, String number) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode a = as(parent).get("/api/enrollment/v1/applications/" + number).json();
            if (!a.get("state").asString().equals("CHECK_PENDING")) {
                return a;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(number + " was not checked");
    }

    long schoolNamed(String code, String name) {
        for (JsonNode s : as("education.officer").get("/api/enrollment/v1/campaigns/" + code).json().get("schools")) {
            if (s.get("name").asString().equals(name)) {
                return s.get("id").asLong();
            }
        }
        throw new AssertionError("no school " + name);
    }

    @Test
    void familiesApplyTheWindowClosesAndAnyoneRecomputesTheDrawFromThePublishedSeed() throws Exception {
        String code = open(Instant.now().plus(Duration.ofMinutes(30)));
        String seedHash = as(ZHANG).get("/api/enrollment/v1/campaigns/" + code).json().get("seedHash").asString();

        // 李华's son: registered at her own home
        Answer li = apply(LI, code, LI_SON, "李乐天", "li-1");
        assertThat(li.status()).as(li.body()).isEqualTo(201);
        JsonNode liChecked = checked(LI, li.json().get("number").asString());
        assertThat(liChecked.get("category").asString()).as(liChecked.toString()).isEqualTo("HOME_AND_HOUSEHOLD");
        assertThat(liChecked.get("reason").asString()).contains("户籍地址与申请人房产坐落一致");
        String liSchool = liChecked.get("catchmentSchool").asString();
        long crowded = schoolNamed(code, liSchool);
        assertThat(as("education.officer").json("PUT", "/api/enrollment/v1/campaigns/" + code + "/places/" + crowded, "{\"places\": 2}").status())
                .isEqualTo(200);

        // 张明's daughter: registered in the catchment, he rents
        Answer zhang = apply(ZHANG, code, ZHANG_DAUGHTER, "张小雨", "zhang-1");
        assertThat(zhang.status()).as(zhang.body()).isEqualTo(201);
        String zhangNumber = zhang.json().get("number").asString();
        Answer retry = apply(ZHANG, code, ZHANG_DAUGHTER, "张小雨", "zhang-1");
        assertThat(retry.status()).as("a retry is the same application").isEqualTo(200);
        assertThat(retry.json().get("number").asString()).isEqualTo(zhangNumber);
        Answer twice = apply(ZHANG, code, ZHANG_DAUGHTER, "张小雨", "zhang-2");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json().get("field").asString()).isEqualTo("childIdNumber");
        assertThat(jdbc.queryForObject("select count(*) from enr_application where child_id_number = ? and campaign_id = "
                + "(select id from enr_campaign where code = ?)", Long.class, ZHANG_DAUGHTER, code)).isEqualTo(1);
        JsonNode zhangChecked = checked(ZHANG, zhangNumber);
        assertThat(zhangChecked.get("category").asString()).as(zhangChecked.toString()).isEqualTo("HOUSEHOLD");
        assertThat(zhangChecked.get("reason").asString()).contains("申请人在该社区无房产登记");
        assertThat(zhangChecked.get("childIdNumber").asString()).isEqualTo("410105********002" + ZHANG_DAUGHTER.charAt(17));

        // five children the city's registers do not know, all asking for the crowded school: one place is left there
        List<String> strangers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String child = IdNumber.of("130102", LocalDate.of(2021, 1, 10 + i), 901).value();
            Answer a = apply(ZHANG, code, child, "外地儿童" + i, "other-" + i, crowded);
            assertThat(a.status()).as(a.body()).isEqualTo(201);
            strangers.add(a.json().get("number").asString());
        }
        for (String n : strangers) {
            assertThat(checked(ZHANG, n).get("category").asString()).isEqualTo("OTHER");
        }

        // nothing is allocated while the window is open
        assertThat(as("education.officer").json("POST", "/api/enrollment/v1/campaigns/" + code + "/allocation", "{}").status()).isEqualTo(409);
        Answer closed = as("education.officer").json("PATCH", "/api/enrollment/v1/campaigns/" + code, "{\"closesAt\": \"" + Instant.now() + "\"}");
        assertThat(closed.status()).as(closed.body()).isEqualTo(200);
        Answer late = apply(LI, code, IdNumber.of("410103", LocalDate.of(2021, 2, 2), 903).value(), "迟到", "late");
        assertThat(late.status()).isEqualTo(409);
        Answer allocated = as("education.officer").json("POST", "/api/enrollment/v1/campaigns/" + code + "/allocation", "{}");
        assertThat(allocated.status()).as(allocated.body()).isEqualTo(200);
        assertThat(allocated.json().get("phase").asString()).isEqualTo("ALLOCATED");
        // every family is told its result, in its message box and by SMS
        assertThat(jdbc.queryForObject("select count(*) from ntf_notice where reference like 'enr:%' and text_zh like ?", Long.class, "%录取%"))
                .isPositive();
        assertThat(jdbc.queryForObject("select count(*) from ntf_notice n join enr_application a on n.reference = 'enr:' || a.number "
                + "join enr_campaign c on c.id = a.campaign_id where c.code = ?", Long.class, code))
                .isEqualTo(jdbc.queryForObject("select count(*) from enr_application a join enr_campaign c on c.id = a.campaign_id where c.code = ? "
                        + "and a.state in ('ADMITTED', 'REFERRED')", Long.class, code));

        // the draw, read by someone not signed in, recomputed here from the seed
        JsonNode draw = CityBrainClient.anonymous(port).get("/api/enrollment/v1/campaigns/" + code + "/draw").json();
        String seed = draw.get("seed").asString();
        assertThat(draw.get("seedHash").asString()).isEqualTo(seedHash).isEqualTo(sha256(seed));
        int lotteries = 0;
        for (JsonNode round : draw.get("draws")) {
            List<JsonNode> competing = new ArrayList<>();
            round.get("applicants").forEach(competing::add);
            competing.sort(Comparator.<JsonNode>comparingInt(a -> a.get("category").asInt())
                    .thenComparing(a -> sha256(seed + ":" + a.get("number").asString())));
            List<String> expected = competing.stream().limit(round.get("placesLeft").asInt()).map(a -> a.get("number").asString()).toList();
            List<String> admitted = new ArrayList<>();
            round.get("admitted").forEach(a -> admitted.add(a.asString()));
            assertThat(admitted).as("round " + round).isEqualTo(expected);
            if (round.get("lottery").asBoolean()) {
                lotteries++;
                assertThat(round.get("schoolId").asLong()).isEqualTo(crowded);
                assertThat(round.get("applicants").size()).isEqualTo(5);
                assertThat(round.get("placesLeft").asInt()).isEqualTo(1);
            }
        }
        assertThat(lotteries).as("the crowded school's preference round").isEqualTo(1);

        // what the families read
        JsonNode liResult = as(LI).get("/api/enrollment/v1/applications/" + li.json().get("number").asString()).json();
        assertThat(liResult.get("state").asString()).isEqualTo("ADMITTED");
        assertThat(liResult.get("school").asString()).isEqualTo(liSchool);
        assertThat(liResult.get("admittedByLabel").asString()).isEqualTo("片区第1类录取");
        JsonNode zhangResult = as(ZHANG).get("/api/enrollment/v1/applications/" + zhangNumber).json();
        assertThat(zhangResult.get("state").asString()).isEqualTo("ADMITTED");
        assertThat(zhangResult.get("school").asString()).isEqualTo(zhangChecked.get("catchmentSchool").asString());
        List<String> referred = new ArrayList<>();
        int won = 0;
        for (String n : strangers) {
            JsonNode r = as(ZHANG).get("/api/enrollment/v1/applications/" + n).json();
            if (r.get("state").asString().equals("ADMITTED")) {
                won++;
                assertThat(r.get("admittedBy").asString()).isEqualTo("PREFERENCE_1_LOTTERY");
                assertThat(r.get("ticket").asString()).isEqualTo(sha256(seed + ":" + n));
            } else {
                assertThat(r.get("state").asString()).isEqualTo("REFERRED");
                referred.add(n);
            }
        }
        assertThat(won).isEqualTo(1);

        // another parent cannot see them; a department that does not run the campaign cannot either
        assertThat(as(LI).get("/api/enrollment/v1/applications/" + zhangNumber).status()).isEqualTo(404);
        assertThat(as("gjj.officer").get("/api/enrollment/v1/campaigns/" + code + "/applications").status()).isEqualTo(403);

        // an appeal, answered by placing the child at a school with places
        String appealed = referred.getFirst();
        Answer appeal = as(ZHANG).json("POST", "/api/enrollment/v1/applications/" + appealed + "/appeal", "{\"reason\": \"孩子随父母在本区居住，请求就近安排\"}");
        assertThat(appeal.status()).as(appeal.body()).isEqualTo(201);
        assertThat(as(ZHANG).json("POST", "/api/enrollment/v1/applications/" + appealed + "/appeal", "{\"reason\": \"再次申诉一下\"}").status()).isEqualTo(409);
        JsonNode appeals = as("education.officer").get("/api/enrollment/v1/campaigns/" + code + "/appeals").json();
        assertThat(appeals.size()).isEqualTo(1);
        Answer full = as("education.officer").json("POST", "/api/enrollment/v1/appeals/" + appeals.get(0).get("id").asLong() + "/answer",
                "{\"upheld\": true, \"schoolId\": " + crowded + ", \"answer\": \"安排至该校\"}");
        assertThat(full.status()).as("the crowded school is full").isEqualTo(409);
        long other = schoolNamed(code, zhangChecked.get("catchmentSchool").asString());
        Answer answered = as("education.officer").json("POST", "/api/enrollment/v1/appeals/" + appeals.get(0).get("id").asLong() + "/answer",
                "{\"upheld\": true, \"schoolId\": " + other + ", \"answer\": \"经核实，安排至户籍所在片区学校\"}");
        assertThat(answered.status()).as(answered.body()).isEqualTo(200);
        JsonNode after = as(ZHANG).get("/api/enrollment/v1/applications/" + appealed).json();
        assertThat(after.get("state").asString()).isEqualTo("ADMITTED");
        assertThat(after.get("admittedBy").asString()).isEqualTo("APPEAL");
        assertThat(after.get("appeal").get("answer").asString()).isEqualTo("经核实，安排至户籍所在片区学校");
    }

    /**
     * Applications filed together in one transaction: twenty children submitted at once (a parent may enrol several),
     * each twice with one key, and two of them once more under another key. Each child is one application, each retry gets its number, each second
     * key is refused naming the child — whether their batch was written whole or refused and written row by row.
     */
    @Test
    void aCrowdSubmittingAtOnceIsOneApplicationPerChild() throws Exception {
        String code = open(Instant.now().plus(Duration.ofMinutes(30)));
        List<java.util.concurrent.Callable<String[]>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String child = IdNumber.of("410105", LocalDate.of(2020, 10, 1).plusDays(i), 100 + i).value();
            for (String key : i < 2 ? List.of("crowd-" + i, "crowd-" + i, "other-" + i) : List.of("crowd-" + i, "crowd-" + i)) {
                calls.add(() -> {
                    Answer a = as(ZHANG).json("POST", "/api/enrollment/v1/campaigns/" + code + "/applications",
                            "{\"childIdNumber\": \"" + child + "\", \"childName\": \"孩子\"}", "Idempotency-Key", key);
                    return new String[] {child, key, String.valueOf(a.status()), a.status() < 300 ? a.json().get("number").asString() : a.json().get("field").asString()};
                });
            }
        }
        List<String[]> answers = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (var f : pool.invokeAll(calls)) {
                answers.add(f.get());
            }
        }
        // per child: the numbers answered, and the keys answered with a number or refused
        java.util.Map<String, java.util.Set<String>> numbers = new java.util.HashMap<>();
        java.util.Map<String, java.util.Set<String>> storedKeys = new java.util.HashMap<>();
        java.util.Map<String, java.util.Set<String>> refusedKeys = new java.util.HashMap<>();
        for (String[] a : answers) {
            if (a[2].equals("409")) {
                assertThat(a[3]).as("a second key for the same child is refused naming it").isEqualTo("childIdNumber");
                refusedKeys.computeIfAbsent(a[0], c -> new java.util.HashSet<>()).add(a[1]);
            } else {
                assertThat(a[2]).as(String.join(" ", a)).isIn("200", "201");
                numbers.computeIfAbsent(a[0], c -> new java.util.HashSet<>()).add(a[3]);
                storedKeys.computeIfAbsent(a[0], c -> new java.util.HashSet<>()).add(a[1]);
            }
        }
        assertThat(numbers).hasSize(20).allSatisfy((child, n) -> assertThat(n).as("every answer names the one application").hasSize(1));
        assertThat(storedKeys).allSatisfy((child, keys) -> assertThat(keys).as("one key wins per child").hasSize(1));
        assertThat(refusedKeys).as("of the two keys for one child, the one that came second is refused").hasSize(2)
                .allSatisfy((child, keys) -> assertThat(keys).hasSize(1).doesNotContainAnyElementsOf(storedKeys.get(child)));
        assertThat(answers.stream().filter(a -> a[2].equals("201")).count()).as("stored once per child").isEqualTo(20);
        assertThat(jdbc.queryForObject("select count(*) from enr_application where campaign_id = (select id from enr_campaign where code = ?)",
                Long.class, code)).isEqualTo(20);
    }

    @Test
    void badSubmissionsAreRefusedNamingTheirField() {
        String code = open(Instant.now().plus(Duration.ofMinutes(30)));
        Answer bad = apply(ZHANG, code, "41010520201108002X", "张小雨", "bad-1");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asString()).isEqualTo("childIdNumber");
        Answer old = apply(ZHANG, code, IdNumber.of("410105", LocalDate.of(2019, 5, 1), 905).value(), "大孩子", "bad-2");
        assertThat(old.status()).isEqualTo(400);
        assertThat(old.json().get("field").asString()).isEqualTo("childIdNumber");
        assertThat(old.json().get("detail").asString()).contains("2020-09-01");
        Answer noSchool = apply(ZHANG, code, ZHANG_DAUGHTER, "张小雨", "bad-3", 1L);
        assertThat(noSchool.status()).isEqualTo(400);
        assertThat(noSchool.json().get("field").asString()).isEqualTo("preferences");
        Answer noName = apply(ZHANG, code, ZHANG_DAUGHTER, " ", "bad-4");
        assertThat(noName.json().get("field").asString()).isEqualTo("childName");
        assertThat(as("gjj.officer").json("POST", "/api/enrollment/v1/campaigns/" + code + "/applications", "{}").status()).isEqualTo(403);
        Answer window = as("education.officer").json("POST", "/api/enrollment/v1/campaigns", """
                {"code": "backwards", "titleZh": "反", "titleEn": "Backwards", "stage": "小学", "opensAt": "2027-07-02T00:00:00Z",
                 "closesAt": "2027-07-01T00:00:00Z", "bornFrom": "2020-09-01", "bornTo": "2021-08-31"}""");
        assertThat(window.status()).isEqualTo(400);
        assertThat(window.json().get("field").asString()).isEqualTo("closesAt");
        Answer other = as("gjj.officer").json("PATCH", "/api/enrollment/v1/campaigns/" + code, "{\"closesAt\": \"" + Instant.now() + "\"}");
        assertThat(other.status()).as("another department's campaign").isEqualTo(403);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
