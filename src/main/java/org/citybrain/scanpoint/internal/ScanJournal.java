package org.citybrain.scanpoint.internal;

import org.citybrain.audit.AuditTrail;
import org.citybrain.audit.PersonalDataAccess;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The durable store of scans, with group commit: concurrent requests hand their scans to one writer, which inserts
 * everything waiting in one transaction and then completes each request. A scan is acknowledged only after that
 * commit, yet a thousand gates cost a handful of commits, not a thousand. When the writer falls behind, the queue is
 * full and the scan is refused with “busy” (503): the device retries with the same sequence number.
 */
@Component
class ScanJournal implements SmartLifecycle {

    static final class Busy extends RuntimeException {
        Busy() {
            super("scan journal busy");
        }
    }

    private record Pending(List<ScanRecord> records, List<PersonalDataAccess> reads, CompletableFuture<Set<String>> done) {
    }

    private static final Logger log = LoggerFactory.getLogger(ScanJournal.class);
    private static final int MAX_GROUP = 5_000;
    private static final String INSERT = """
            insert into scan(device_id, seq, kind, place_id, division_code, scanned_at, resident_id, person_ref, plate, origin_code,
                             decision, colour, reason, recorded_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(20_000);
    private volatile boolean running;
    private Thread writer;
    /**
     * H2 keeps committed changes in memory for up to half a second (WRITE_DELAY) and has no redo log: a process killed
     * in that time loses them. So on H2 each group commit is followed by CHECKPOINT SYNC (write and fsync); PostgreSQL's
     * commit already waits for its WAL to reach the disk.
     */
    private final boolean syncAfterCommit;

    private final io.micrometer.core.instrument.Timer commits;
    private final io.micrometer.core.instrument.DistributionSummary groupSizes;

    private final AuditTrail audit;

    ScanJournal(JdbcTemplate jdbc, PlatformTransactionManager transactions, io.micrometer.core.instrument.MeterRegistry meters, AuditTrail audit) {
        this.audit = audit;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.syncAfterCommit = Boolean.TRUE.equals(jdbc.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName().startsWith("H2")));
        // What an operator watches: how long a group commit takes, how many scans it carries, how many wait.
        this.commits = io.micrometer.core.instrument.Timer.builder("citybrain.scan.journal.commit").description("one group commit of scans")
                .publishPercentiles(0.5, 0.99).register(meters);
        this.groupSizes = io.micrometer.core.instrument.DistributionSummary.builder("citybrain.scan.journal.group").description("scans per group commit")
                .register(meters);
        io.micrometer.core.instrument.Gauge.builder("citybrain.scan.journal.waiting", queue, java.util.Collection::size)
                .description("requests waiting for the journal").register(meters);
    }

    /** Completes, after the commit, with the keys ({@code device/seq}) that were already stored by someone else. */
    CompletableFuture<Set<String>> append(List<ScanRecord> records) {
        return append(records, List.of());
    }

    /**
     * As {@link #append(List)}, with the audit records of the personal data these scans read (a gate's lookups of
     * outsiders): written in the same transaction as the scans, so that a lookup is in the trail exactly when its scan
     * is stored, and the group commit carries them at no extra commit of their own.
     */
    CompletableFuture<Set<String>> append(List<ScanRecord> records, List<PersonalDataAccess> reads) {
        CompletableFuture<Set<String>> done = new CompletableFuture<>();
        if (records.isEmpty()) {
            done.complete(Set.of());
            return done;
        }
        if (!running) {
            // Before start or after stop (a command-line run): write directly.
            done.complete(write(records, reads));
            return done;
        }
        if (!queue.offer(new Pending(records, reads, done))) {
            throw new Busy();
        }
        return done;
    }

    Map<String, ScanRecord> stored(String deviceId, List<String> seqs) {
        Map<String, ScanRecord> found = new HashMap<>();
        for (int i = 0; i < seqs.size(); i += 500) {
            List<String> chunk = seqs.subList(i, Math.min(seqs.size(), i + 500));
            String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
            List<Object> args = new ArrayList<>();
            args.add(deviceId);
            args.addAll(chunk);
            jdbc.query("select * from scan where device_id = ? and seq in (" + marks + ")", rs -> {
                ScanRecord r = record(rs);
                found.put(r.seq(), r);
            }, args.toArray());
        }
        return found;
    }

    List<ScanRecord> ofResident(long residentId, int limit) {
        return jdbc.query("select * from scan where resident_id = ? order by scanned_at desc fetch first " + limit + " rows only",
                (rs, n) -> record(rs), residentId);
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
            int n = first.records().size();
            Pending next;
            while (n < MAX_GROUP && (next = queue.poll()) != null) {
                group.add(next);
                n += next.records().size();
            }
            writeGroup(group);
        }
    }

    private void writeGroup(List<Pending> group) {
        List<ScanRecord> all = new ArrayList<>();
        List<PersonalDataAccess> reads = new ArrayList<>();
        group.forEach(p -> {
            all.addAll(p.records());
            reads.addAll(p.reads());
        });
        groupSizes.record(all.size());
        long started = System.nanoTime();
        try {
            transaction.executeWithoutResult(s -> {
                jdbc.batchUpdate(INSERT, all, 1000, ScanJournal::bind);
                audit.recordAll(reads);
            });
            syncToDisk();
            commits.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            group.forEach(p -> p.done().complete(Set.of()));
        } catch (DataIntegrityViolationException e) {
            // Someone stored one of these first (a device retrying at the same moment, another node): each request on its own.
            for (Pending p : group) {
                try {
                    p.done().complete(write(p.records(), p.reads()));
                } catch (RuntimeException failure) {
                    p.done().completeExceptionally(failure);
                }
            }
        } catch (RuntimeException e) {
            log.error("scan journal could not write {} scans", all.size(), e);
            group.forEach(p -> p.done().completeExceptionally(e));
        }
    }

    private void syncToDisk() {
        if (syncAfterCommit) {
            jdbc.execute("CHECKPOINT SYNC");
        }
    }

    /** Writes one request's scans, skipping those already stored; returns the skipped keys. */
    private Set<String> write(List<ScanRecord> records, List<PersonalDataAccess> reads) {
        Set<String> duplicates = writeSkippingStored(records, reads);
        syncToDisk();
        return duplicates;
    }

    private Set<String> writeSkippingStored(List<ScanRecord> records, List<PersonalDataAccess> reads) {
        return transaction.execute(s -> {
            Set<String> duplicates = new HashSet<>();
            Map<String, ScanRecord> existing = stored(records.getFirst().deviceId(), records.stream().map(ScanRecord::seq).toList());
            List<ScanRecord> fresh = new ArrayList<>();
            for (ScanRecord r : records) {
                if (existing.containsKey(r.seq())) {
                    duplicates.add(r.deviceId() + "/" + r.seq());
                } else {
                    fresh.add(r);
                }
            }
            jdbc.batchUpdate(INSERT, fresh, 1000, ScanJournal::bind);
            audit.recordAll(reads);
            return duplicates;
        });
    }

    private static void bind(PreparedStatement ps, ScanRecord r) throws SQLException {
        ps.setString(1, r.deviceId());
        ps.setString(2, r.seq());
        ps.setString(3, r.kind());
        ps.setLong(4, r.placeId());
        ps.setString(5, r.divisionCode());
        ps.setTimestamp(6, Timestamp.from(r.scannedAt()));
        if (r.residentId() == null) {
            ps.setNull(7, Types.BIGINT);
        } else {
            ps.setLong(7, r.residentId());
        }
        ps.setString(8, r.personRef());
        ps.setString(9, r.plate());
        ps.setString(10, r.origin());
        ps.setString(11, r.decision());
        ps.setString(12, r.colour());
        ps.setString(13, r.reason());
        ps.setTimestamp(14, Timestamp.from(r.recordedAt()));
    }

    private static ScanRecord record(java.sql.ResultSet rs) throws SQLException {
        return new ScanRecord(rs.getString("device_id"), rs.getString("seq"), rs.getString("kind"), rs.getLong("place_id"),
                rs.getString("division_code"), rs.getTimestamp("scanned_at").toInstant(), (Long) rs.getObject("resident_id", Long.class),
                rs.getString("person_ref"), rs.getString("plate"), rs.getString("origin_code"), rs.getString("decision"), rs.getString("colour"),
                rs.getString("reason"), rs.getTimestamp("recorded_at").toInstant());
    }

    @Override
    public void start() {
        running = true;
        writer = Thread.ofPlatform().name("scan-journal").daemon(true).start(this::run);
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
