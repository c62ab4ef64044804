// The provident fund withdrawal's load harness (issue "government services", section 5), a Java source program (with
// bench/Lanes.java): run it against a running CityBrain whose demo has loaded the provident fund report and the real
// estate register (see bench/services.sh):
//   java bench/ServicesLoad.java [baseUrl] [submissions/s] [seconds]
// Each submission is a citizen's rent withdrawal through the application API (HTTP Basic as the citizen, a fresh
// Idempotency-Key): the server fetches her account, property, marriage and social insurance records through the data
// hub's grants, decides by the DMN table, writes the payment order and has the (simulated) bank confirm it before it
// answers, so the answer's time is the time from submission to decision and payment order. The two demo citizens
// alternate: the tenant is granted (9,000 yuan), the owner refused (OWNS_HOME) — both run the whole fetch and decision.
// Submissions are sent at a fixed rate from 20 connections; latency counts from the planned send time. Afterwards
// every granted application is read back to confirm its payment order step. Prints p50/p99/max and the outcomes.
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class ServicesLoad {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final String TENANT = "410105198805120019";
    static final String OWNER = "410103199209030027";
    static final String RENT = """
            {"channel": "PHONE", "form": {"ground": "RENT", "monthlyRent": 1800, "months": 6, "bankAccount": "6222020200112233445"}}""";
    static String base;

    public static void main(String[] args) throws Exception {
        base = args.length > 0 ? args[0] : "http://localhost:8080";
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        String run = Long.toString(System.currentTimeMillis(), 36);
        int warm = Integer.parseInt(System.getenv().getOrDefault("WARMUP", "20"));
        System.out.printf("rent withdrawals at %d/s for %d s (after a %d s warm-up at the same rate), 20 connections%n", rate, seconds, warm);
        drive("warm-up", run + "w", rate, warm, false);
        drive("withdrawal (fetch 4 datasets, DMN, payment order, bank)", run, rate, seconds, true);
    }

    static void drive(String label, String run, int perSecond, int seconds, boolean verify) throws Exception {
        int lanes = 20;
        List<LinkedBlockingQueue<Runnable>> queues = new ArrayList<>();
        for (int i = 0; i < lanes; i++) {
            queues.add(Lanes.start());
        }
        int total = perSecond * seconds;
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<long[]> samples = new ConcurrentLinkedQueue<>();
        Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Long> granted = new ConcurrentLinkedQueue<>();
        AtomicLong failures = new AtomicLong();
        CountDownLatch finished = new CountDownLatch(total);
        long interval = 1_000_000_000L / perSecond;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long planned = start + i * interval;
            long wait = planned - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            String citizen = i % 2 == 0 ? TENANT : OWNER;
            String key = run + "-" + i;
            queues.get(i % lanes).add(() -> {
                try {
                    HttpResponse<String> a = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/services/v1/services/gjj-withdrawal/applications"))
                            .header("Authorization", basic(citizen)).header("Content-Type", "application/json").header("Idempotency-Key", key)
                            .POST(HttpRequest.BodyPublishers.ofString(RENT)).build(), HttpResponse.BodyHandlers.ofString());
                    long latency = System.nanoTime() - planned;
                    if (a.statusCode() != 201) {
                        if (failures.incrementAndGet() < 3) {
                            System.out.println(a.statusCode() + " " + a.body());
                        }
                        return;
                    }
                    String state = field(a.body(), "\"state\":\"([A-Z_]+)\"");
                    String rule = field(a.body(), "\"rule\":\"([A-Z_]+)\"");
                    outcomes.computeIfAbsent(state + " " + rule, k -> new AtomicLong()).incrementAndGet();
                    if ("APPROVED".equals(state)) {
                        granted.add(Long.parseLong(field(a.body(), "\"id\":(\\d+)")));
                    }
                    latencies.add(latency);
                    samples.add(new long[] {planned - start, latency});
                } catch (Exception e) {
                    if (failures.incrementAndGet() < 3) {
                        System.out.println(e);
                    }
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
        System.out.printf("%s: %,d decided at %,d/s planned (%,.1f/s achieved), %d failed: p50 %.0f ms, p99 %.0f ms, max %.0f ms; outcomes %s%n",
                label, sorted.size(), perSecond, sorted.size() / took, failures.get(), pct(sorted, 0.50), pct(sorted, 0.99), sorted.getLast() / 1e6, outcomes);
        if (verify) {
            long paid = 0;
            for (long id : granted) {
                HttpResponse<String> d = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/services/v1/applications/" + id))
                        .header("Authorization", basic(TENANT)).GET().build(), HttpResponse.BodyHandlers.ofString());
                paid += d.body().contains("\"kind\":\"PAID\"") ? 1 : 0;
            }
            System.out.printf("granted applications read back: %,d, of which with the bank's confirmed payment order: %,d%n", granted.size(), paid);
        }
    }

    static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":citybrain").getBytes(StandardCharsets.UTF_8));
    }

    static String field(String json, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + pattern + " in " + json);
        }
        return m.group(1);
    }

    static double pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size()))) / 1e6;
    }
}
