// The scan points' load harness (issue "health code, scan points, closed loop"), a Java source program (with bench/Lanes.java): run it
// against a running CityBrain with `java bench/ScanLoad.java [baseUrl] [scans] [phases] [gate requests/s]` (see bench/scans.sh). It prints:
//  1. ingest: durable scan ingestion over HTTP, batches of 1,000 from several gates at once: scans/s
//  2. gate:   gate decision latency at a fixed 1,000 requests/s from 200 gates, each on its own connection (latency counts
//             from the planned send time, so a stall is not hidden by the load backing off): p50/p99/max
// The people are residents of one community (read once, revealed, as its community worker) and valid ID numbers of
// nobody in this city, half and half: known people take the full path (residence, colour, registration).
import java.net.URI;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class ScanLoad {

    static String base;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** Residents of the gates' communities (all gates together): the visitors one gate sees of another's. */
    static final List<String> people = new ArrayList<>();
    /** For each gate: its residents and as many strangers. */
    static final java.util.Map<String, List<String>> residentsOf = new java.util.HashMap<>();

    /** One scan in VISITORS (default 50; 0 = none) is a resident of another community. */
    static final int VISITORS = Integer.parseInt(System.getenv().getOrDefault("VISITORS", "50"));

    /** Whom a gate sees: mostly its own people (residents and strangers), now and then a resident of elsewhere. */
    static String personAt(String gate, Random r) {
        List<String> own = residentsOf.get(gate);
        return VISITORS > 0 && r.nextInt(VISITORS) == 0 ? people.get(r.nextInt(people.size())) : own.get(r.nextInt(own.size()));
    }
    static final List<String> gates = new ArrayList<>();
    static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    public static void main(String[] args) throws Exception {
        base = args.length > 0 ? args[0] : "http://localhost:8080";
        int scans = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        java.util.Set<String> phases = java.util.Set.of((args.length > 2 ? args[2] : "ingest,gate").split(","));
        try {
            prepare();
            System.out.printf("CityBrain scan load: %s, %d gates, %d residents of their communities%n", base, gates.size(), people.size());
            if (phases.contains("ingest")) {
                // A warm-up round through the same gates, not counted: a cold server compiles its hot paths.
                ingest(Math.max(50_000, scans / 4), "ingest warm-up");
                ingest(scans, "ingest");
            }
            if (phases.contains("gate")) {
                // SOAK=600: the gate phase runs ten minutes instead of thirty seconds, its p99 over the whole run.
                gate(args.length > 3 ? Integer.parseInt(args[3]) : 1_000, Integer.parseInt(System.getenv().getOrDefault("SOAK", "30")));
            }
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    /** The demo's device secrets (written by CityBrain when it generated the city); people's accounts use the demo password. */
    static final java.util.Properties SECRETS = new java.util.Properties();

    static {
        String file = System.getenv("CITYBRAIN_DEVICE_SECRETS");
        if (file != null && java.nio.file.Files.exists(java.nio.file.Path.of(file))) {
            try (var in = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of(file), StandardCharsets.UTF_8)) {
                SECRETS.load(in);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot read the device secrets at " + file, e);
            }
        }
    }

    static String auth(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + SECRETS.getProperty(user, "citybrain")).getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> send(String user, String method, String path, String body) throws Exception {
        return send(HTTP, user, method, path, body);
    }

    static HttpResponse<String> send(HttpClient client, String user, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", auth(user)).header("Accept", "application/json");
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void prepare() throws Exception {
        // Community gates: one device account each, named after the community (gate-<12-digit code>).
        Matcher m = Pattern.compile("\"deviceId\":\"(gate-\\d{12})\"").matcher(
                send("bigdata", "GET", "/api/scan/v1/devices?kind=GATE&limit=10000", null).body());
        while (m.find()) {
            gates.add(m.group(1));
        }
        // Gates see their own residents: for each of the first 200 gates, up to five residents of its community, revealed
        // by that community's worker (worker-<code>; each reveal is audited, as it should be). Half of every gate's
        // people are valid ID numbers of nobody in the city (strangers), and one scan in fifty is a resident of
        // another community (a visitor: audited, within the gate's hourly allowance of outsiders).
        Random r = new Random(7);
        gates.subList(Math.min(gates.size(), 200), gates.size()).clear();
        for (String gate : gates) {
            String worker = "worker-" + gate.substring("gate-".length());
            Matcher ids = Pattern.compile("\"id\":(\\d+)").matcher(send(worker, "GET", "/api/residents?purpose=EPIDEMIC_PREVENTION&limit=5", null).body());
            List<String> own = new ArrayList<>();
            while (ids.find()) {
                Matcher n = Pattern.compile("\"idNumber\":\"(\\d{17}[\\dX])\"").matcher(
                        send(worker, "GET", "/api/residents/" + ids.group(1) + "?purpose=EPIDEMIC_PREVENTION&reveal=true", null).body());
                if (n.find()) {
                    own.add(n.group(1));
                    people.add(n.group(1));
                }
            }
            for (int i = 0, n = own.size(); i < Math.max(1, n); i++) {
                own.add(stranger(r));
            }
            residentsOf.put(gate, own);
        }
        if (gates.isEmpty() || people.isEmpty()) {
            throw new IllegalStateException("no gates or residents found: is the demo city generated?");
        }
    }

    /** A valid GB 11643 number of someone born in Beijing's Dongcheng district: nobody in the demo city. */
    static String stranger(Random r) {
        String body = String.format("110101%04d%02d%02d%03d", 1950 + r.nextInt(50), 1 + r.nextInt(12), 1 + r.nextInt(28), r.nextInt(1000));
        int[] w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * w[i];
        }
        return body + "10X98765432".charAt(sum % 11);
    }

    static String scan(String seq, String person) {
        return "{\"seq\":\"" + seq + "\",\"idNumber\":\"" + person + "\"}";
    }

    static void ingest(int scans, String label) throws Exception {
        int batch = 1_000;
        int clients = 4;
        int batches = scans / batch;
        AtomicLong next = new AtomicLong();
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> work = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            work.add(pool.submit(() -> {
                Random r = new Random();
                long b;
                while ((b = next.getAndIncrement()) < batches) {
                    String gate = gates.get((int) (b % Math.min(gates.size(), 200)));
                    StringBuilder body = new StringBuilder("[");
                    for (int i = 0; i < batch; i++) {
                        body.append(i == 0 ? "" : ",").append(scan(RUN + "-" + label.length() + "-" + b + "-" + i, personAt(gate, r)));
                    }
                    HttpResponse<String> a = send(gate, "POST", "/api/scan/v1/devices/" + gate + "/scans/batch", body.append(']').toString());
                    if (a.statusCode() != 200) {
                        throw new IllegalStateException("batch refused: " + a.statusCode() + " " + a.body());
                    }
                    done.addAndGet(batch);
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(label + ": %,d scans in %.1f s = %,.0f scans/s (HTTP batches of %d, %d clients, stored before acknowledged)%n",
                done.get(), seconds, done.get() / seconds, batch, clients);
    }

    /**
     * Like real gates: each of 200 gates holds one connection and sends its scans one after the other; the planned
     * scans of all gates together arrive at a fixed rate. A scan's latency counts from its planned time, so time spent
     * queued behind a slow answer at the same gate is counted too.
     */
    static void gate(int perSecond, int seconds) throws Exception {
        int lanes = Math.min(gates.size(), 200);
        List<HttpClient> clients = new ArrayList<>();
        List<java.util.concurrent.LinkedBlockingQueue<Runnable>> queues = new ArrayList<>();
        for (int i = 0; i < lanes; i++) {
            HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            clients.add(c);
            // Warm the gate's credentials (the first request of an account checks bcrypt once) and the connection.
            send(c, gates.get(i), "POST", "/api/scan/v1/devices/" + gates.get(i) + "/scans", scan(RUN + "-warm-" + i, residentsOf.get(gates.get(i)).getFirst()));
            queues.add(Lanes.start());
        }
        // A warm-up at the same rate, not counted: a cold server (and this client) compile their hot paths first.
        drive(perSecond, 30, lanes, clients, queues, "warm-up");
        drive(perSecond, seconds, lanes, clients, queues, "gate");
    }

    static void drive(int perSecond, int seconds, int lanes, List<HttpClient> clients, List<java.util.concurrent.LinkedBlockingQueue<Runnable>> queues,
                      String label) throws Exception {
        int total = perSecond * seconds;
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<long[]> samples = new ConcurrentLinkedQueue<>();
        AtomicLong failures = new AtomicLong();
        CountDownLatch finished = new CountDownLatch(total);
        Random r = new Random(11);
        long interval = 1_000_000_000L / perSecond;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long planned = start + i * interval;
            long wait = planned - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            int lane = r.nextInt(lanes);
            String gate = gates.get(lane);
            String person = personAt(gate, r);
            String seq = RUN + "-" + label + "-" + i;
            HttpClient client = clients.get(lane);
            queues.get(lane).add(() -> {
                try {
                    HttpResponse<String> a = send(client, gate, "POST", "/api/scan/v1/devices/" + gate + "/scans", scan(seq, person));
                    if (a.statusCode() != 200) {
                        failures.incrementAndGet();
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
        System.out.printf(label + ": %,d decisions at %,d/s planned from %d gates (%,.0f/s achieved over %.1f s), %d failed: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                sorted.size(), perSecond, lanes, sorted.size() / took, took, failures.get(), pct(sorted, 0.50), pct(sorted, 0.99), sorted.getLast() / 1e6);
    }

    static double pct(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size()))) / 1e6;
    }
}
