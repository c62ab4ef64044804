package org.citybrain.enrollment.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Files submitted applications in the database many to a transaction: group commit. In the August rush a node takes
 * thousands a second; one transaction each cost the database a commit (a WAL flush) and a lock on the campaign's row for
 * its foreign key, from every connection at once, and the node a connection borrowed and a statement prepared per
 * family. Here a few writers each take whatever has arrived since their last commit (up to {@value #MOST} rows) and
 * insert it as one batch in one transaction; each family's request waits until its batch has committed, so an
 * acknowledged application is in the database, as before. Nothing waits for a batch to fill: under light load a batch is
 * one row.
 *
 * <p>The table's constraints still decide: a batch that one of its rows makes fail (a retried submission, a child
 * already enrolled) is rolled back whole, and each of its families' submissions is then inserted on its own, where the
 * constraint that refuses it says why. Nothing acknowledged is kept in memory: a node that dies loses only
 * submissions nobody was told were stored, which the app sends again with the same idempotency key.
 */
@Component
class ApplicationFiling implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ApplicationFiling.class);
    static final int MOST = 200;

    /** One application's row, as {@link Enrollments} drew it. */
    record Row(long campaignId, String number, long parentId, String key, String childIdNumber, String childName, String preferences,
               String channel, Instant submittedAt) {
    }

    private record Waiting(Row row, CompletableFuture<Boolean> filed) {
    }

    private static final String INSERT = """
            insert into enr_application (campaign_id, number, parent_id, submission_key, child_id_number, child_name, preferences, channel,
                submitted_at, state) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'CHECK_PENDING')""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final int writers;
    private final Duration patience;
    private final BlockingQueue<Waiting> arrived = new ArrayBlockingQueue<>(20_000);
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    ApplicationFiling(JdbcTemplate jdbc, PlatformTransactionManager transactions,
                      @Value("${citybrain.enrollment.filing-writers:2}") int writers,
                      @Value("${citybrain.enrollment.filing-patience:PT30S}") Duration patience) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.writers = Math.max(1, writers);
        this.patience = patience;
    }

    /**
     * Files the row with others that arrived meanwhile and returns once their transaction has committed: true when it
     * is stored; false when its batch was refused by a constraint (or no writer runs), and the caller inserts it on its
     * own so that the constraint decides for it alone.
     */
    boolean file(Row row) {
        Waiting w = new Waiting(row, new CompletableFuture<>());
        if (!running || !arrived.offer(w)) {
            return false; // stopping, or more waiting than the writers will reach soon: the caller inserts it itself
        }
        try {
            return w.filed().get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the application was being filed", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            // not acknowledged: the app sends it again with its key, and the constraint makes the two one application
            throw new IllegalStateException("the application was not filed within " + patience, e);
        }
    }

    /** The row on its own, in a transaction of its own: what a refused batch's rows and a stopping node do. */
    void fileAlone(Row row) {
        jdbc.update(INSERT, values(row));
    }

    private void write() {
        List<Waiting> batch = new ArrayList<>(MOST);
        while (running || !arrived.isEmpty()) {
            try {
                Waiting first = arrived.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                arrived.drainTo(batch, MOST - 1);
                try {
                    transaction.executeWithoutResult(s -> jdbc.batchUpdate(INSERT, batch.stream().map(w -> values(w.row())).toList()));
                    batch.forEach(w -> w.filed().complete(true));
                } catch (DataIntegrityViolationException refused) {
                    batch.forEach(w -> w.filed().complete(false));
                } catch (RuntimeException failed) {
                    // the database is away: every family in the batch hears it failed and tries again
                    batch.forEach(w -> w.filed().completeExceptionally(failed));
                }
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            } catch (Throwable t) {
                log.error("filing a batch of applications failed", t);
                batch.forEach(w -> w.filed().completeExceptionally(t));
            } finally {
                batch.clear();
            }
        }
    }

    private static Object[] values(Row r) {
        return new Object[] {r.campaignId(), r.number(), r.parentId(), r.key(), r.childIdNumber(), r.childName(), r.preferences(), r.channel(),
                Timestamp.from(r.submittedAt())};
    }

    @Override
    public synchronized void start() {
        running = true;
        for (int i = 0; i < writers; i++) {
            threads.add(Thread.ofPlatform().daemon().name("application-filing-" + i).start(this::write));
        }
    }

    /** Stops taking rows (callers insert their own), writes what is waiting, then ends the writers. */
    @Override
    public synchronized void stop() {
        running = false;
        for (Thread t : threads) {
            try {
                t.join(patience.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
        // anything left (a writer that did not end in time): its callers insert it themselves
        List<Waiting> left = new ArrayList<>();
        arrived.drainTo(left);
        left.forEach(w -> w.filed().complete(false));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Started before the web server and stopped after it (Spring Boot's web server stops in phase DEFAULT_PHASE - 2048,
     * its graceful shutdown before that), so that every request in flight is filed by a running writer.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
