// The August rush (issue "government services", section 6), a Java source program: run it against a running CityBrain
// (see bench/enrollment.sh, which also kills the server with SIGKILL during the rush and starts it again):
//   java bench/EnrollmentRush.java [baseUrl] [families] [submissions/s]
// It opens a campaign as the demo's education bureau (its window opening 15 s later), then, as 150,000 families whose
// phone app signed in the evening before (each holds the app's sign-in token: the harness signs them with the node's
// key, CITYBRAIN_IDENTITY_APP_TOKEN_KEY, as the sign-in would have), submits one application per child from the
// moment the window opens, at a fixed rate (open loop: latency counts from the planned send time, so a stall is not
// hidden). A submission refused by a dead server (connection refused, reset, 5xx, timeout) is retried with the same
// Idempotency-Key until it is acknowledged, as the app does. LANES (64) kept-alive connections carry the families
// (bench/RawHttp.java: a client that leaves the machine's cores to the server). Meanwhile parents open their status page 20 times a
// second. Before the opening, each lane reads the campaign's page five times a second, as parents waiting for 08:00 do.
// Afterwards every family's applications are read back: exactly one each, with the number it was given.
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class EnrollmentRush {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    static final Pattern NUMBER = Pattern.compile("\"number\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern SCHOOL_ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    static final String[] REGIONS = {"410102", "410103", "410104", "410105", "410106", "410108", "410122"};
    static String base;
    static byte[] key;

    public static void main(String[] args) throws Exception {
        base = args.length > 0 ? args[0] : "http://localhost:8080";
        int families = args.length > 1 ? Integer.parseInt(args[1]) : 150_000;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        key = HexFormat.of().parseHex(System.getenv("CITYBRAIN_IDENTITY_APP_TOKEN_KEY"));
        String code = "rush-" + Long.toString(System.currentTimeMillis(), 36);
        Instant opens = Instant.now().plusSeconds(15);
        HttpResponse<String> opened = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/enrollment/v1/campaigns"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("education.officer:citybrain".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                        {"code": "%s", "titleZh": "压力测试招生", "titleEn": "Rush", "stage": "小学", "opensAt": "%s", "closesAt": "%s",
                         "bornFrom": "2020-09-01", "bornTo": "2021-08-31"}""".formatted(code, opens, opens.plus(Duration.ofHours(3))))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (opened.statusCode() != 201) {
            throw new IllegalStateException("opening the campaign: " + opened.statusCode() + " " + opened.body());
        }
        HttpResponse<String> campaign = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/enrollment/v1/campaigns/" + code))
                .header("Authorization", "Bearer " + token(0)).build(), HttpResponse.BodyHandlers.ofString());
        List<Long> schools = new ArrayList<>();
        Matcher m = SCHOOL_ID.matcher(campaign.body().substring(campaign.body().indexOf("\"schools\"")));
        while (m.find()) {
            schools.add(Long.parseLong(m.group(1)));
        }
        String[] tokens = new String[families];
        String[] bodies = new String[families];
        for (int i = 0; i < families; i++) {
            tokens[i] = token(i);
            bodies[i] = "{\"childIdNumber\": \"" + child(i) + "\", \"childName\": \"儿童" + i + "\", \"preferences\": [" + schools.get(i % schools.size())
                    + "], \"channel\": \"PHONE\"}";
        }
        System.out.printf("campaign %s opens %s; %,d families signed in, %d schools; submissions at %,d/s from the opening%n", code, opens, families,
                schools.size(), rate);

        AtomicReferenceArray<String> numbers = new AtomicReferenceArray<>(families);
        ConcurrentLinkedQueue<long[]> firstTry = new ConcurrentLinkedQueue<>();
        AtomicLong refused = new AtomicLong();
        AtomicLong retried = new AtomicLong();
        AtomicLong unexpected = new AtomicLong();
        int lanes = Integer.parseInt(System.getenv().getOrDefault("LANES", "64"));
        CountDownLatch acknowledged = new CountDownLatch(lanes);
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime() + Math.max(0, Duration.between(Instant.now(), opens).toNanos());
        Thread status = Thread.ofVirtual().start(() -> statusPages(tokens, start));
        String campaignPage = "/api/enrollment/v1/campaigns/" + code;
        String path = "/api/enrollment/v1/campaigns/" + code + "/applications";
        // each lane is a run of families on one kept-alive connection (a platform thread: blocking in the socket directly
        // costs this client less than a virtual thread handed between carriers and the poller), sending at its planned times (open loop: a lane
        // still busy sends late, and the lateness counts in the latency)
        for (int lane = 0; lane < lanes; lane++) {
            int first = lane;
            Thread.ofPlatform().daemon().start(() -> {
                RawHttp http = new RawHttp(base);
                try {
                    // Before 08:00 parents wait on the campaign's page: each lane reads it a few times a second until a
                    // moment before the opening (what also compiles this client's own code before it is timed).
                    for (long next = System.nanoTime(); next < start - 500_000_000L; next += 200_000_000L) {
                        java.util.concurrent.locks.LockSupport.parkNanos(next - System.nanoTime());
                        try {
                            http.send("GET", campaignPage, null, "Authorization", "Bearer " + tokens[first]);
                        } catch (java.io.IOException e) {
                            // the page is not what is measured
                        }
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(start - System.nanoTime());
                    for (int family = first; family < families; family += lanes) {
                        long planned = start + family * interval;
                        long wait = planned - System.nanoTime();
                        if (wait > 0) {
                            java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        }
                        boolean firstAttempt = true;
                        while (true) {
                            int answer;
                            String body;
                            try {
                                RawHttp.Answer r = http.send("POST", path, bodies[family], "Authorization", "Bearer " + tokens[family], "Idempotency-Key",
                                        code + "-family-" + family);
                                answer = r.status();
                                body = r.body();
                            } catch (java.io.IOException e) {
                                answer = -1;
                                body = e.toString();
                            }
                            if (answer == 201 || answer == 200) {
                                Matcher n = NUMBER.matcher(body);
                                numbers.set(family, n.find() ? n.group(1) : "?");
                                if (firstAttempt) {
                                    firstTry.add(new long[] {planned, System.nanoTime() - planned});
                                }
                                break;
                            }
                            if (answer >= 400 && answer < 500) {
                                if (unexpected.incrementAndGet() < 5) {
                                    System.out.println("refused: " + answer + " " + body);
                                }
                                break;
                            }
                            if (firstAttempt) {
                                refused.incrementAndGet();
                            }
                            retried.incrementAndGet();
                            firstAttempt = false;
                            Thread.sleep(1_000); // the server is down or overloaded: the app tries again with the same key
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    http.close();
                    acknowledged.countDown();
                }
            });
        }
        acknowledged.await();
        long done = System.nanoTime();
        long sent = start + (families - 1) * interval;
        status.interrupt();
        List<Long> lat = new ArrayList<>(firstTry.stream().map(s -> s[1]).toList());
        Collections.sort(lat);
        System.out.printf("sent %,d in %.1f s (%,.0f/s planned); all answered after %.1f s: %,.0f acknowledged/s over the rush%n", families,
                (sent - start) / 1e9, (double) rate, (done - start) / 1e9, families / ((done - start) / 1e9));
        System.out.printf("first attempts acknowledged: %,d; p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", lat.size(), pct(lat, 0.50), pct(lat, 0.99),
                lat.isEmpty() ? 0 : lat.getLast() / 1e6);
        System.out.printf("first attempts failed (server down / 5xx / timeout) and retried until acknowledged: %,d (%,d retries); refused 4xx: %,d%n",
                refused.get(), retried.get(), unexpected.get());
        int windows = (int) Math.ceil((sent - start) / 1e10) + 1;
        System.out.println("p99 by 10 s window (ms):" + Lanes.p99ByWindow(firstTry, start, 10_000_000_000L, windows, 1e6));
        System.out.println("p99 by second, first 10 s (ms):" + Lanes.p99ByWindow(firstTry, start, 1_000_000_000L, 10, 1e6));
        System.out.println("status pages during the rush: " + statusFigures);
        verify(tokens, numbers, families);
    }

    static volatile String statusFigures = "none";

    static void statusPages(String[] tokens, long start) {
        List<Long> lat = Collections.synchronizedList(new ArrayList<>());
        AtomicLong failed = new AtomicLong();
        java.util.Random random = new java.util.Random(7);
        RawHttp http = new RawHttp(base);
        try {
            for (long k = 0; ; k++) {
                long planned = start + k * 50_000_000L; // 20 a second, one after the other
                long wait = planned - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(Duration.ofNanos(wait));
                }
                int family = random.nextInt(Math.max(1, (int) Math.min(tokens.length, k * 100 + 1)));
                try {
                    RawHttp.Answer r = http.send("GET", "/api/enrollment/v1/applications", null, "Authorization", "Bearer " + tokens[family]);
                    if (r.status() == 200) {
                        lat.add(System.nanoTime() - planned);
                    } else {
                        failed.incrementAndGet();
                    }
                } catch (java.io.IOException e) {
                    failed.incrementAndGet();
                }
                if (k % 20 == 0) {
                    List<Long> copy;
                    synchronized (lat) {
                        copy = new ArrayList<>(lat);
                    }
                    Collections.sort(copy);
                    statusFigures = String.format("%,d read, p50 %.1f ms, p99 %.1f ms, %,d failed", copy.size(), pct(copy, 0.5), pct(copy, 0.99), failed.get());
                }
            }
        } catch (InterruptedException e) {
            // the rush is over
        }
    }

    /** Every family's applications read back through its own token: one each, the number it was acknowledged with. */
    static void verify(String[] tokens, AtomicReferenceArray<String> numbers, int families) throws InterruptedException {
        AtomicLong lost = new AtomicLong();
        AtomicLong duplicated = new AtomicLong();
        AtomicLong unacknowledged = new AtomicLong();
        int lanes = 32;
        CountDownLatch all = new CountDownLatch(lanes);
        for (int lane = 0; lane < lanes; lane++) {
            int first = lane;
            Thread.ofVirtual().start(() -> {
                RawHttp http = new RawHttp(base);
                try {
                    for (int family = first; family < families; family += lanes) {
                        if (numbers.get(family) == null) {
                            unacknowledged.incrementAndGet();
                            continue;
                        }
                        try {
                            RawHttp.Answer r = http.send("GET", "/api/enrollment/v1/applications", null, "Authorization", "Bearer " + tokens[family]);
                            Matcher n = NUMBER.matcher(r.body());
                            List<String> found = new ArrayList<>();
                            String campaign = numbers.get(family).substring(0, numbers.get(family).indexOf('-') + 1);
                            while (n.find()) {
                                if (n.group(1).startsWith(campaign)) { // this campaign's: an earlier run's families are the same parents
                                    found.add(n.group(1));
                                }
                            }
                            if (!found.contains(numbers.get(family))) {
                                lost.incrementAndGet();
                            }
                            if (found.size() > 1) {
                                duplicated.incrementAndGet();
                            }
                        } catch (java.io.IOException e) {
                            lost.incrementAndGet();
                        }
                    }
                } finally {
                    http.close();
                    all.countDown();
                }
            });
        }
        all.await();
        System.out.printf("read back: %,d acknowledged applications lost, %,d families with more than one, %,d never acknowledged%n", lost.get(),
                duplicated.get(), unacknowledged.get());
    }

    static double pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * p))) / 1e6;
    }

    /** A child born in the intake's range: a valid GB 11643 number, one per family. */
    static String child(int i) {
        String region = REGIONS[i % REGIONS.length];
        int rest = i / REGIONS.length;
        LocalDate born = LocalDate.of(2020, 9, 1).plusDays(rest % 365);
        int sequence = 1 + rest / 365;
        String first17 = region + born.toString().replace("-", "") + String.format("%03d", sequence);
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int k = 0; k < 17; k++) {
            sum += (first17.charAt(k) - '0') * weights[k];
        }
        return first17 + "10X98765432".charAt(sum % 11);
    }

    /** The app's sign-in token of family i's parent, as the node's sign-in would have signed it (HS256 JWT). */
    static String token(int i) {
        long now = Instant.now().getEpochSecond();
        String header = b64("{\"alg\":\"HS256\"}");
        String claims = b64("{\"iss\":\"citybrain\",\"sub\":\"bench-parent-" + i + "\",\"iat\":" + now + ",\"exp\":" + (now + 4 * 3600) + ",\"aid\":" + (-1L - i)
                + ",\"name\":\"家长" + i + "\",\"kind\":\"CITIZEN\",\"rid\":" + (900_000_000L + i) + ",\"roles\":[\"CITIZEN\"]}");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return header + "." + claims + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal((header + "." + claims)
                    .getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
