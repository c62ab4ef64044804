// The data service's load harness (issue "data hub", section 5), a Java source program (with bench/Lanes.java): run it
// against a running CityBrain started with citybrain.datahub.sharing.bench-baseline=true (see bench/sharing.sh):
//   java bench/SharingLoad.java [baseUrl] [requests/s] [seconds]
// It files the Jinshui education bureau's application for the housing register's owners of its district, grants it as
// the register's owner, takes the client secret and a token, then reads pages of 10 records at a fixed rate from 50
// consumer connections, in two phases measured the same way: the baseline (the same query with no token, grant check,
// receipt or audit) and the data service (token, grant checks, signed receipt in the hash chain, audit of every person
// read). Latency counts from the planned send time. It prints p50/p99/max of each and the cost of the checks.
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class SharingLoad {

    static String base;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final String FIELDS = "certificate,ownerName,ownerIdNumber,district,area";

    public static void main(String[] args) throws Exception {
        base = args.length > 0 ? args[0] : "http://localhost:8080";
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;

        String filed = send("POST", "/api/datahub/v1/applications", basic("jinshui.education"), """
                {"datasetId": "housing-owners", "purpose": "入学资格审核（基准测试）", "basis": "《义务教育法》第十二条",
                 "fields": ["certificate", "ownerName", "ownerIdNumber", "district", "area"], "divisionCode": "410105", "months": 1}""");
        long id = Long.parseLong(field(filed, "\"id\":(\\d+)"));
        send("POST", "/api/datahub/v1/applications/" + id + "/decision", basic("resources"), "{\"grant\": true, \"perMinute\": 100000}");
        String credential = send("POST", "/api/datahub/v1/grants/" + id + "/secret", basic("jinshui.education"), "{}");
        String clientId = field(credential, "\"clientId\":\"([^\"]+)\"");
        String secret = field(credential, "\"clientSecret\":\"([^\"]+)\"");
        HttpResponse<String> t = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/share/v1/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
        String token = field(t.body(), "\"access_token\":\"([^\"]+)\"");
        String first = get("/api/share/v1/datasets/housing-owners/records?size=1&fields=" + FIELDS, token, 0).body();
        long total = Long.parseLong(field(first, "\"total\":(\\d+)"));
        int pages = (int) Math.max(1, total / 10);
        System.out.printf("grant %d: %d records of the district, %d pages of 10; %d requests/s for %d s each phase, 50 connections%n", id, total, pages, rate, seconds);

        IntFunction<String> baseline = p -> "/api/share/v1/baseline/datasets/housing-owners/records?size=10&division=410105&fields=" + FIELDS + "&page=" + p;
        IntFunction<String> checked = p -> "/api/share/v1/datasets/housing-owners/records?size=10&fields=" + FIELDS + "&page=" + p;
        // warm-ups at the same rate, not counted: the server (and this client) compile their hot paths first
        drive("warm-up baseline", baseline, null, pages, rate, 15);
        drive("warm-up checked", checked, token, pages, rate, 15);
        double[] b = drive("baseline (no checks, no receipt)", baseline, null, pages, rate, seconds);
        double[] c = drive("data service (grant checks, signed receipt, audit)", checked, token, pages, rate, seconds);
        System.out.printf("checks and receipts cost: p50 %+.0f %%, p99 %+.0f %% (p99 %.1f ms against %.1f ms)%n",
                100 * (c[0] / b[0] - 1), 100 * (c[1] / b[1] - 1), c[1], b[1]);
    }

    /** Returns {p50, p99} in ms. */
    static double[] drive(String label, IntFunction<String> path, String token, int pages, int perSecond, int seconds) throws Exception {
        int lanes = 50;
        List<LinkedBlockingQueue<Runnable>> queues = new ArrayList<>();
        for (int i = 0; i < lanes; i++) {
            queues.add(Lanes.start());
        }
        int total = perSecond * seconds;
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<long[]> samples = new ConcurrentLinkedQueue<>();
        AtomicLong failures = new AtomicLong();
        CountDownLatch finished = new CountDownLatch(total);
        Random r = new Random(7);
        long interval = 1_000_000_000L / perSecond;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long planned = start + i * interval;
            long wait = planned - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            String p = path.apply(r.nextInt(pages));
            int n = i;
            queues.get(r.nextInt(lanes)).add(() -> {
                try {
                    HttpResponse<String> a = get(p, token, n);
                    if (a.statusCode() != 200) {
                        if (failures.incrementAndGet() < 3) {
                            System.out.println(a.statusCode() + " " + a.body());
                        }
                    }
                    long latency = System.nanoTime() - planned;
                    latencies.add(latency);
                    samples.add(new long[] {planned - start, latency});
                } catch (Exception e) {
                    failures.incrementAndGet();
                } finally {
                    finished.countDown();
                }
            });
        }
        finished.await();
        double took = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.println(label + ": p99 by 5 s window (ms):" + Lanes.p99ByWindow(samples, 0, 5_000_000_000L, (seconds + 4) / 5, 1e6));
        double p50 = pct(sorted, 0.50);
        double p99 = pct(sorted, 0.99);
        System.out.printf("%s: %,d requests at %,d/s planned (%,.0f/s achieved), %d failed: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                label, sorted.size(), perSecond, sorted.size() / took, failures.get(), p50, p99, sorted.getLast() / 1e6);
        return new double[] {p50, p99};
    }

    static HttpResponse<String> get(String path, String token, int n) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token).header("CityBrain-Issue", URLEncoder.encode("基准测试-" + n, StandardCharsets.UTF_8))
                    .header("CityBrain-User-Id", "bench");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":citybrain").getBytes(StandardCharsets.UTF_8));
    }

    static String send(String method, String path, String auth, String json) throws Exception {
        HttpResponse<String> a = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", auth)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (a.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + ": " + a.statusCode() + " " + a.body());
        }
        return a.body();
    }

    static String field(String json, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + pattern + " in " + json);
        }
        return m.group(1);
    }

    static double pct(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size()))) / 1e6;
    }
}
