package org.citybrain.datahub.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.citybrain.city.Divisions;
import org.citybrain.datahub.Lineage;
import org.citybrain.datahub.LoadedRecord;
import org.citybrain.datahub.RecordSink;
import org.citybrain.platform.pages.CityTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Loads one delivery: streams its rows through the mapping, a chunk of rows at a time, into the dataset, the twin and
 * the sinks, with the rejected rows kept and the progress written as it goes. A per-row source commits chunk by chunk
 * (a crash keeps what was acknowledged; the re-run finds those records unchanged); an all-or-nothing source loads in
 * one transaction that rolls back when any row was refused, so a half-applied delivery never exists.
 */
@Component
class DataLoad {

    static final int CHUNK = 1_000;
    private static final Logger log = LoggerFactory.getLogger(DataLoad.class);

    /** Told of each chunk's progress (the command line draws a bar with it). */
    interface Progress {
        Progress NONE = (rows, bytes) -> { };

        void at(long rows, long bytes);
    }

    private final RunCommits commits;
    private final Runs runs;
    private final HubRecords records;
    private final TwinRecords twin;
    private final List<RecordSink> sinks;
    private final Divisions divisions;
    private final CityTime time;
    private final TransactionTemplate transaction;

    DataLoad(Runs runs, HubRecords records, TwinRecords twin, List<RecordSink> sinks, Divisions divisions, CityTime time,
             PlatformTransactionManager transactions, RunCommits commits) {
        this.commits = commits;
        this.runs = runs;
        this.records = records;
        this.twin = twin;
        this.sinks = sinks;
        this.divisions = divisions;
        this.time = time;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** Loads the rows into the run's source; the run ends with its report, whatever happens. */
    QualityReport load(Sources.Source source, Sources.MappingVersion version, Runs.Run run, ReaderOpener opener, Progress progress) {
        RowMapping mapping = new RowMapping(version.mapping(), divisions, time.zone());
        QualityReport.Tally tally = new QualityReport.Tally(version.mapping().fields().stream().map(FieldRule::name).toList());
        Lineage lineage = new Lineage(source.id(), run.id(), Instant.now());
        try (RowReader reader = opener.open()) {
            requireMappedColumns(reader, version.mapping());
            if (source.allOrNothing()) {
                transaction.executeWithoutResult(tx -> {
                    stream(reader, mapping, tally, lineage, run, progress, true);
                    if (tally.rejected > 0) {
                        tx.setRollbackOnly();
                        tally.rolledBack = true;
                    }
                });
            } else {
                stream(reader, mapping, tally, lineage, run, progress, false);
            }
        } catch (RefusedDelivery e) {
            tally.refusedBecause = e.getMessage();
            QualityReport report = tally.report();
            runs.finish(run.id(), Runs.Status.REFUSED, report, e.getMessage());
            return report;
        } catch (IOException | RuntimeException e) {
            log.warn("run {} of source {} failed", run.id(), source.id(), e);
            QualityReport report = tally.report();
            runs.finish(run.id(), Runs.Status.FAILED, report, e.getClass().getSimpleName() + ": " + e.getMessage());
            return report;
        }
        QualityReport report = tally.report();
        Runs.Status status = report.rolledBack() ? Runs.Status.REFUSED : report.rejected() > 0 ? Runs.Status.PARTLY : Runs.Status.SUCCEEDED;
        runs.finish(run.id(), status, report, report.rolledBack() ? "全部或全不：有" + report.rejected() + "行被拒，本次未入库 / all or nothing: "
                + report.rejected() + " rows were refused, nothing was loaded" : null);
        return report;
    }

    /** Opens the delivery's rows; called once, inside the run, so that a refused header ends the run with its report. */
    interface ReaderOpener {
        RowReader open() throws IOException;
    }

    private static void requireMappedColumns(RowReader reader, Mapping mapping) {
        if (reader instanceof XlsxRows sheet) {
            try {
                sheet.readHeader();
            } catch (java.io.IOException e) {
                throw new RefusedDelivery("file", "无法读取工作表 / the sheet cannot be read: " + e.getMessage());
            }
        }
        if (reader instanceof WithHeader withHeader) {
            List<String> missing = mapping.sourceFields().stream().filter(f -> !withHeader.header().contains(f)).toList();
            if (!missing.isEmpty()) {
                throw new RefusedDelivery("header", "表头缺少映射的列：" + String.join("、", missing) + " / the header lacks the mapped columns "
                        + String.join(", ", missing));
            }
        }
    }

    private void stream(RowReader reader, RowMapping mapping, QualityReport.Tally tally, Lineage lineage, Runs.Run run, Progress progress,
                        boolean allOrNothing) {
        Map<String, RowMapping.Mapped> accepted = new LinkedHashMap<>();
        List<RowMapping.Mapped> rejected = new ArrayList<>();
        List<SourceRow> rejectedRaw = new ArrayList<>();
        // A per-row run writes each chunk on a writer thread while this one reads and maps the next: reading and mapping
        // overlap the database's work (two chunks in memory at most: flat). Chunks are written in order, one at a time,
        // so a key in two chunks is found by the second. All or nothing stays on this thread, in the run's transaction.
        Writer writer = allOrNothing ? null : new Writer();
        try {
            SourceRow row;
            while ((row = reader.next()) != null) {
                RowMapping.Mapped m = mapping.map(row);
                tally.row(m);
                if (m.accepted()) {
                    if (accepted.put(m.key(), m) != null) {
                        tally.duplicates++;
                    }
                } else {
                    rejected.add(m);
                    rejectedRaw.add(row);
                }
                if (accepted.size() + rejected.size() >= CHUNK) {
                    Chunk chunk = chunk(accepted, rejected, rejectedRaw, tally, reader);
                    if (writer == null) {
                        written(mapping.mapping(), chunk, lineage, run, progress, true).addTo(tally);
                    } else {
                        writer.write(() -> written(mapping.mapping(), chunk, lineage, run, progress, false), tally);
                    }
                }
            }
            Chunk last = chunk(accepted, rejected, rejectedRaw, tally, reader);
            if (writer == null) {
                written(mapping.mapping(), last, lineage, run, progress, true).addTo(tally);
            } else {
                writer.write(() -> written(mapping.mapping(), last, lineage, run, progress, false), tally);
                writer.finish(tally);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (writer != null) {
                writer.close();
            }
        }
    }

    /** One chunk as it leaves the reader: its rows, and the run's counts and bytes at that point (for the progress). */
    private record Chunk(List<RowMapping.Mapped> accepted, List<HubRecords.Encoded> encoded, List<RowMapping.Mapped> rejected,
                         List<SourceRow> rejectedRaw, boolean refusedBefore, long read, long acceptedSoFar, long rejectedSoFar, long bytes) {
    }

    /** The chunk as the writer takes it, its records encoded (JSON and digest) here, on the reading thread. */
    private Chunk chunk(Map<String, RowMapping.Mapped> accepted, List<RowMapping.Mapped> rejected, List<SourceRow> rejectedRaw,
                        QualityReport.Tally tally, RowReader reader) {
        List<RowMapping.Mapped> rows = List.copyOf(accepted.values());
        Chunk c = new Chunk(rows, rows.stream().map(records::encode).toList(), List.copyOf(rejected), List.copyOf(rejectedRaw), tally.rejected > 0,
                tally.read, tally.accepted, tally.rejected, reader.bytesRead());
        accepted.clear();
        rejected.clear();
        rejectedRaw.clear();
        return c;
    }

    /** What writing a chunk did, added to the run's tally on the reading thread (the tally is that thread's alone). */
    private record ChunkWritten(long inserted, long updated, long unchanged, long duplicates, List<Map<String, Long>> sinks) {

        void addTo(QualityReport.Tally tally) {
            tally.inserted += inserted;
            tally.updated += updated;
            tally.unchanged += unchanged;
            tally.duplicates += duplicates;
            sinks.forEach(tally::sink);
        }
    }

    /** The writer thread of a per-row run: one chunk in flight; its outcome (or its failure) comes back before the next goes. */
    private static final class Writer implements AutoCloseable {
        private final java.util.concurrent.ExecutorService thread = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hub-writer");
            t.setDaemon(true);
            return t;
        });
        private java.util.concurrent.Future<ChunkWritten> inFlight;

        void write(java.util.concurrent.Callable<ChunkWritten> chunk, QualityReport.Tally tally) {
            finish(tally);
            inFlight = thread.submit(chunk);
        }

        void finish(QualityReport.Tally tally) {
            if (inFlight == null) {
                return;
            }
            try {
                inFlight.get().addTo(tally);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing the run", e);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            } finally {
                inFlight = null;
            }
        }

        @Override
        public void close() {
            thread.shutdownNow();
        }
    }

    private ChunkWritten written(Mapping mapping, Chunk c, Lineage lineage, Runs.Run run, Progress progress, boolean allOrNothing) {
        // An all-or-nothing delivery with a refused row will be rolled back: what is left is only checking the rest.
        boolean write = !c.accepted().isEmpty() && !(allOrNothing && (c.refusedBefore() || !c.rejected().isEmpty()));
        ChunkWritten w = new ChunkWritten(0, 0, 0, 0, List.of());
        if (write) {
            w = allOrNothing ? written(mapping, c, lineage) // inside the run's one transaction
                    : transaction.execute((TransactionStatus tx) -> {
                        commits.withoutWaitingForDisk();
                        return written(mapping, c, lineage);
                    });
        }
        runs.reject(run.id(), c.rejected(), c.rejectedRaw());
        runs.progress(run.id(), c.read(), c.acceptedSoFar(), c.rejectedSoFar(), c.bytes());
        progress.at(c.read(), c.bytes());
        return w;
    }

    private ChunkWritten written(Mapping mapping, Chunk c, Lineage lineage) {
        List<RowMapping.Mapped> rows = c.accepted();
        HubRecords.Written w = records.write(mapping.dataset(), rows, c.encoded(), lineage, mapping.personIdFields());
        List<LoadedRecord> loaded = rows.stream().map(r -> new LoadedRecord(mapping.dataset(), r.key(), r.values(), lineage)).toList();
        if (mapping.twin() != null) {
            twin.write(mapping, loaded);
        }
        List<Map<String, Long>> outcomes = new ArrayList<>();
        for (String name : mapping.sinks()) {
            RecordSink sink = sinks.stream().filter(x -> x.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the mapping names the sink " + name + ", which this CityBrain does not have"));
            outcomes.add(sink.accept(loaded));
        }
        return new ChunkWritten(w.inserted(), w.updated(), w.unchanged(), w.duplicates(), outcomes);
    }
}
