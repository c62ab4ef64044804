package org.citybrain.twin.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Delivers the notifications of the outbox to their endpoints by HTTP POST, at least once: a notification is
 * marked delivered only after its endpoint answered 2xx; failures are retried with exponential backoff (1 s,
 * 2 s, 4 s … up to 5 min) and given up after {@value #MAX_ATTEMPTS} attempts. Woken as soon as a change commits,
 * and every half second in any case (for retries and for changes committed by other nodes).
 */
@Component
class NotificationDispatcher implements SmartLifecycle {

    static final int MAX_ATTEMPTS = 12;
    private static final Logger log = LoggerFactory.getLogger(NotificationDispatcher.class);

    private final JdbcTemplate jdbc;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore wake = new Semaphore(0);
    private final Timer latency;
    private volatile boolean running;
    private Thread loop;

    private final com.zaxxer.hikari.HikariDataSource ownPool;

    private final NotificationDestinations destinations;

    private final MqttNotifier mqtt;

    NotificationDispatcher(org.springframework.boot.jdbc.autoconfigure.DataSourceProperties database, MeterRegistry meters,
                           NotificationDestinations destinations, MqttNotifier mqtt) {
        this.destinations = destinations;
        this.mqtt = mqtt;
        // A small pool of its own: under a burst of updates the request threads hold every connection of the main
        // pool, and delivery must not wait behind the very changes it reports.
        this.ownPool = database.initializeDataSourceBuilder().type(com.zaxxer.hikari.HikariDataSource.class).build();
        this.ownPool.setMaximumPoolSize(2);
        this.ownPool.setPoolName("notifications");
        this.jdbc = new JdbcTemplate(ownPool);
        this.latency = Timer.builder("citybrain.twin.notification.latency").description("from the change to the endpoint's answer")
                .publishPercentiles(0.5, 0.99).register(meters);
    }

    void wakeUp() {
        wake.release();
    }

    @Override
    public void start() {
        running = true;
        loop = Thread.ofPlatform().name("ngsi-ld-notifications").daemon(true).start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        wake.release();
        senders.shutdown();
        ownPool.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            try {
                wake.tryAcquire(500, TimeUnit.MILLISECONDS);
                wake.drainPermits();
                recordDelivered(drainDelivered());
                submitDue();
                // Let a few more changes and answers gather: one query and one batch update serve them all.
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("notification dispatch failed, retrying: {}", e.getMessage());
            }
        }
    }

    private record Due(long id, String tenant, String subscriptionId, String endpoint, String accept, String payload, int attempts, Instant createdAt) {
    }

    private long highestSeen;
    private long lastSweep;

    /** Notifications being sent now: not fetched again until their outcome is recorded. */
    private final java.util.Set<Long> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.ConcurrentLinkedQueue<Due> delivered = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** At most this many requests in flight per endpoint, so that deliveries reuse a few keep-alive connections. */
    static final int PER_ENDPOINT = 16;
    private final java.util.Map<String, Semaphore> endpoints = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A steady pipeline: due notifications not already in flight are handed to senders as soon as they are seen; an
     * answer wakes the loop, which records finished deliveries in one batch and fetches what is due next. (Fetching a
     * batch and waiting for its slowest answer before the next left notifications queued behind a slow one.)
     */
    void submitDue() {
        // New notifications (above the highest id seen) on every turn; all due ones, retries and late commits
        // included, every half second. Re-reading rows that are in flight on every turn was most of the work.
        long now = System.currentTimeMillis();
        boolean sweep = now - lastSweep >= 500;
        List<Due> due = jdbc.query("""
                select id, tenant, subscription_id, endpoint, accept, payload, attempts, created_at from twin_notification
                where abandoned = false and next_attempt_at <= ? and id > ? order by id fetch first 500 rows only""",
                (rs, n) -> new Due(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getInt(7),
                        rs.getTimestamp(8).toInstant()), Timestamp.from(Instant.now()), sweep ? 0L : highestSeen);
        if (sweep) {
            lastSweep = now;
        }
        for (Due d : due) {
            highestSeen = Math.max(highestSeen, d.id());
            if (inFlight.add(d.id())) {
                senders.submit(() -> {
                    Semaphore permits = endpoints.computeIfAbsent(d.endpoint(), e -> new Semaphore(PER_ENDPOINT));
                    boolean ok = false;
                    try {
                        permits.acquire();
                        try {
                            ok = deliver(d);
                        } finally {
                            permits.release();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        log.warn("notification delivery crashed: {}", e.toString());
                    }
                    if (ok) {
                        delivered.add(d);
                    } else {
                        inFlight.remove(d.id()); // its failure (and next attempt time) is recorded already
                    }
                    wake.release();
                });
            }
        }
    }

    private List<Due> drainDelivered() {
        List<Due> done = new ArrayList<>();
        Due d;
        while ((d = delivered.poll()) != null) {
            done.add(d);
        }
        return done;
    }

    /** Records a batch of deliveries in a few statements: one per notification row, one per subscription. */
    private void recordDelivered(List<Due> delivered) {
        if (delivered.isEmpty()) {
            return;
        }
        try {
            markDelivered(delivered);
        } finally {
            delivered.forEach(d -> inFlight.remove(d.id()));
        }
    }

    private void markDelivered(List<Due> delivered) {
        Timestamp now = Timestamp.from(Instant.now());
        // A delivered notification leaves the outbox (the subscription keeps the count and the time of the last
        // success): at 1,000 notifications/s a kept row per notification grew the table by 3.6 million rows an hour,
        // and its vacuuming stalled the updates that write into it.
        jdbc.batchUpdate("delete from twin_notification where id = ?", delivered.stream().map(d -> new Object[] {d.id()}).toList());
        java.util.Map<List<String>, Long> perSubscription = new java.util.LinkedHashMap<>();
        delivered.forEach(d -> perSubscription.merge(List.of(d.tenant(), d.subscriptionId()), 1L, Long::sum));
        jdbc.batchUpdate("update twin_subscription set times_sent = times_sent + ?, last_notification = ?, last_success = ? where tenant = ? and id = ?",
                perSubscription.entrySet().stream().map(e -> new Object[] {e.getValue(), now, now, e.getKey().get(0), e.getKey().get(1)}).toList());
    }

    /** Sends one notification; true when the endpoint took it (2xx), else records the failure and schedules a retry. */
    private boolean deliver(Due d) {
        String error;
        try {
            URI endpoint = URI.create(d.endpoint());
            String refused = destinations.refusal(endpoint);
            if (refused != null) {
                throw new IllegalStateException(refused);
            }
            if (MqttNotifier.isMqtt(endpoint)) {
                mqtt.publish(endpoint, d.accept(), d.tenant(), d.payload());
                latency.record(Duration.between(d.createdAt(), Instant.now()));
                return true;
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create(d.endpoint())).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", d.accept()).header("NGSILD-Tenant", d.tenant())
                    .POST(HttpRequest.BodyPublishers.ofString(d.payload())).build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                latency.record(Duration.between(d.createdAt(), Instant.now()));
                return true;
            }
            error = "endpoint answered " + response.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        Instant now = Instant.now();
        int attempts = d.attempts() + 1;
        long backoffSeconds = Math.min(300, 1L << Math.min(attempts - 1, 9));
        boolean abandon = attempts >= MAX_ATTEMPTS;
        jdbc.update("update twin_notification set attempts = ?, next_attempt_at = ?, abandoned = ?, last_error = ? where id = ?", attempts,
                Timestamp.from(now.plusSeconds(backoffSeconds)), abandon, truncate(error), d.id());
        jdbc.update("""
                update twin_subscription set times_failed = times_failed + 1, last_notification = ?, last_failure = ?, last_error = ?
                where tenant = ? and id = ?""", Timestamp.from(now), Timestamp.from(now), truncate(error), d.tenant(), d.subscriptionId());
        return false;
    }

    private static String truncate(String s) {
        return s.length() > 900 ? s.substring(0, 900) : s;
    }
}
