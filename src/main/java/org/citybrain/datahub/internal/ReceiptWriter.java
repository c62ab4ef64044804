package org.citybrain.datahub.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.citybrain.audit.AuditTrail;
import org.citybrain.audit.PersonalDataAccess;
import org.citybrain.platform.Conflict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes receipts with group commit. Every answer's receipt takes its chain's head under a lock and must be durable
 * before the answer goes out, so one transaction per answer would serialise a grant's calls on the disk's flush (on
 * this machine a few hundred a second). Instead concurrent answers hand their receipt and the audit records of the
 * people they read to one writer, which appends everything waiting in one transaction — each receipt still linked to
 * the one before it and signed — and then releases each answer. On H2, which has no redo log, each group is followed
 * by {@code CHECKPOINT SYNC}; PostgreSQL's commit already waits for its WAL. Several nodes each run a writer; the
 * chain's row lock orders them.
 */
@Component
class ReceiptWriter implements SmartLifecycle {

    /** The writer is behind: the call is refused (503) and may be retried. */
    static final class Busy extends RuntimeException {
        Busy() {
            super("交换日志繁忙，请稍后重试 / the exchange log is busy, retry shortly");
        }
    }

    private record Pending(ExchangeLog.Exchange exchange, List<PersonalDataAccess> reads, CompletableFuture<ExchangeLog.Receipt> done) {
    }

    private static final Logger log = LoggerFactory.getLogger(ReceiptWriter.class);
    private static final int MAX_GROUP = 500;

    private final ExchangeLog exchangeLog;
    private final AuditTrail audit;
    private final TransactionTemplate tx;
    private final JdbcTemplate jdbc;
    private final boolean syncAfterCommit;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(10_000);
    private volatile boolean running;
    private Thread writer;

    ReceiptWriter(ExchangeLog exchangeLog, AuditTrail audit, TransactionTemplate tx, JdbcTemplate jdbc) {
        this.exchangeLog = exchangeLog;
        this.audit = audit;
        this.tx = tx;
        this.jdbc = jdbc;
        this.syncAfterCommit = Boolean.TRUE.equals(jdbc.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName().startsWith("H2")));
    }

    /** The receipt, once it and the audit records are durable; a replayed request id is refused (409). */
    ExchangeLog.Receipt write(ExchangeLog.Exchange exchange, List<PersonalDataAccess> reads) {
        if (!running) {
            return alone(exchange, reads);
        }
        CompletableFuture<ExchangeLog.Receipt> done = new CompletableFuture<>();
        if (!queue.offer(new Pending(exchange, reads, done))) {
            throw new Busy();
        }
        try {
            return done.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new Busy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Busy();
        }
    }

    private ExchangeLog.Receipt alone(ExchangeLog.Exchange exchange, List<PersonalDataAccess> reads) {
        ExchangeLog.Receipt r = tx.execute(s -> {
            ExchangeLog.Receipt receipt = exchangeLog.append(exchange);
            if (!reads.isEmpty()) {
                audit.recordAll(reads);
            }
            return receipt;
        });
        sync();
        return r;
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            Pending first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (first == null) {
                continue;
            }
            List<Pending> group = new ArrayList<>(List.of(first));
            queue.drainTo(group, MAX_GROUP - 1);
            writeGroup(group);
        }
    }

    private void writeGroup(List<Pending> group) {
        try {
            List<ExchangeLog.Receipt> receipts = tx.execute(s -> {
                List<ExchangeLog.Receipt> out = exchangeLog.appendAll(group.stream().map(Pending::exchange).toList());
                List<PersonalDataAccess> reads = new ArrayList<>();
                group.forEach(p -> reads.addAll(p.reads()));
                if (!reads.isEmpty()) {
                    audit.recordAll(reads);
                }
                return out;
            });
            sync();
            for (int i = 0; i < group.size(); i++) {
                group.get(i).done().complete(receipts.get(i));
            }
        } catch (Conflict | DataIntegrityViolationException e) {
            // a replayed request id in the group: each answer on its own, so that only the replay is refused
            for (Pending p : group) {
                try {
                    p.done().complete(alone(p.exchange(), p.reads()));
                } catch (RuntimeException failure) {
                    p.done().completeExceptionally(failure);
                }
            }
        } catch (RuntimeException e) {
            log.error("the exchange log could not write {} receipts", group.size(), e);
            group.forEach(p -> p.done().completeExceptionally(e));
        }
    }

    private void sync() {
        if (syncAfterCommit) {
            jdbc.execute("CHECKPOINT SYNC");
        }
    }

    @Override
    public void start() {
        running = true;
        writer = Thread.ofPlatform().name("exchange-receipts").daemon(true).start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        if (writer != null) {
            try {
                writer.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
