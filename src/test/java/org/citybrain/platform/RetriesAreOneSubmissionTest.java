package org.citybrain.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainClient.Answer;
import org.citybrain.CityBrainTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A citizen's phone on a bad network sends the same submission again and again, some at the same moment: every
 * retry with one Idempotency-Key is answered like the first, and one submission is stored (the database's unique
 * constraint decides, on H2 and PostgreSQL alike).
 */
@CityBrainTest
class RetriesAreOneSubmissionTest {

    static final int THREADS = 8;
    static final String CITIZEN = "410103199209030027";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    List<Answer> concurrently(String path, String body, String key) throws Exception {
        return concurrently(CITIZEN, path, body, key);
    }

    List<Answer> concurrently(String account, String path, String body, String key) throws Exception {
        CityBrainClient citizen = CityBrainClient.basic(port, account, "citybrain");
        citizen.get("/api/me"); // sign-in verified once, so that the retries race each other and not the password check
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return citizen.json("POST", path, body, "Idempotency-Key", key);
                }));
            }
            start.countDown();
            List<Answer> done = new ArrayList<>();
            for (Future<Answer> f : answers) {
                done.add(f.get());
            }
            done.forEach(a -> assertThat(a.status()).as(a.body()).isBetween(200, 201));
            return done;
        } finally {
            pool.shutdownNow();
        }
    }

    long residentId() {
        return jdbc.queryForObject("select id from resident where id_number = ?", Long.class, CITIZEN);
    }

    @Test
    void concurrentHealthDeclarationsWithOneKeyAreOneFact() throws Exception {
        String key = UUID.randomUUID().toString();
        concurrently("/api/health/v1/declarations/health", "{\"temperature\": 36.6}", key);
        assertThat(jdbc.queryForObject("select count(*) from health_fact where resident_id = ? and retry_key = ?", Long.class, residentId(),
                "health:" + key)).isEqualTo(1);
    }

    @Test
    void concurrentTripDeclarationsWithOneKeyAreOneFact() throws Exception {
        String key = UUID.randomUUID().toString();
        String now = java.time.Instant.now().minusSeconds(3600).toString();
        concurrently("/api/health/v1/declarations/trip", "{\"origin\": \"410200\", \"departedAt\": \"" + now + "\", \"arrivedAt\": \"" + now + "\"}", key);
        assertThat(jdbc.queryForObject("select count(*) from health_fact where resident_id = ? and retry_key = ?", Long.class, residentId(),
                "trip:" + key)).isEqualTo(1);
    }

    @Test
    void concurrentCorrectionRequestsWithOneKeyAreOneRequestAndEveryRetryGetsIt() throws Exception {
        String key = UUID.randomUUID().toString();
        List<Answer> answers = concurrently("/api/health/v1/corrections", "{\"request\": \"我没有去过那里\"}", key);
        assertThat(answers.stream().map(a -> a.json().get("id").asLong()).distinct()).hasSize(1);
        assertThat(jdbc.queryForObject("select count(*) from health_correction where idempotency_key = ?", Long.class, key)).isEqualTo(1);
    }

    @Test
    void aTestResultSentTwiceWithOneKeyIsOneResult() throws Exception {
        String key = UUID.randomUUID().toString();
        long resident = jdbc.queryForObject("select id from resident where community_code like '410102%' order by id desc fetch first 1 rows only", Long.class);
        concurrently("hospital", "/api/health/v1/residents/" + resident + "/facts", "{\"kind\": \"TEST_RESULT\", \"result\": \"NEGATIVE\"}", key);
        assertThat(jdbc.queryForObject("select count(*) from health_fact where resident_id = ? and retry_key = ?", Long.class, resident,
                "order:" + key)).isEqualTo(1);
    }

    @Test
    void concurrentHouseholdRegistrationsWithOneKeyAreOneRegistration() throws Exception {
        String key = UUID.randomUUID().toString();
        List<Answer> answers = concurrently("/api/community/v1/households",
                "{\"members\": [{\"name\": \"李华\", \"relation\": \"本人\", \"livingHere\": true}]}", key);
        assertThat(answers.stream().map(a -> a.json().get("id").asLong()).distinct()).hasSize(1);
        assertThat(jdbc.queryForObject("select count(*) from community_registration where idempotency_key = ?", Long.class, key)).isEqualTo(1);
    }

    @Test
    void aNewKeyIsANewRegistrationWithItsOwnId() throws Exception {
        String body = "{\"members\": [{\"name\": \"李华\", \"relation\": \"本人\", \"livingHere\": true}]}";
        long first = concurrently("/api/community/v1/households", body, UUID.randomUUID().toString()).getFirst().json().get("id").asLong();
        long second = concurrently("/api/community/v1/households", body, UUID.randomUUID().toString()).getFirst().json().get("id").asLong();
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void concurrentVisitRegistrationsWithOneKeyAreOneRegistration() throws Exception {
        String key = UUID.randomUUID().toString();
        List<Answer> answers = concurrently("/api/community/v1/visits",
                "{\"community\": \"410105001001\", \"hostName\": \"张明\", \"hostAddress\": \"1号楼\", \"purpose\": \"探亲\"}", key);
        assertThat(answers.stream().map(a -> a.json().get("id").asLong()).distinct()).hasSize(1);
        assertThat(jdbc.queryForObject("select count(*) from community_registration where idempotency_key = ?", Long.class, key)).isEqualTo(1);
    }

    @Test
    void aKeyThatIsNotVisibleAsciiIsRefusedNamingTheHeader() {
        Answer a = CityBrainClient.basic(port, CITIZEN, "citybrain").json("POST", "/api/health/v1/corrections", "{\"request\": \"x\"}",
                "Idempotency-Key", "key with spaces");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("field").asString()).isEqualTo("Idempotency-Key");
    }
}
