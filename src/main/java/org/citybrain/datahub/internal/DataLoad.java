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

    private final Runs runs;
    private final HubRecords records;
    private final TwinRecords twin;
    private final List<RecordSink> sinks;
    private final Divisions divisions;
    private final CityTime time;
    private final TransactionTemplate transaction;

    DataLoad(Runs runs, HubRecords records, TwinRecords twin, List<RecordSink> sinks, Divisions divisions, CityTime time,
             PlatformTransactionManager transactions) {
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
                    flush(mapping.mapping(), accepted, rejected, rejectedRaw, tally, lineage, run, reader, progress, allOrNothing);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        flush(mapping.mapping(), accepted, rejected, rejectedRaw, tally, lineage, run, reader, progress, allOrNothing);
    }

    private void flush(Mapping mapping, Map<String, RowMapping.Mapped> accepted, List<RowMapping.Mapped> rejected, List<SourceRow> rejectedRaw,
                       QualityReport.Tally tally, Lineage lineage, Runs.Run run, RowReader reader, Progress progress, boolean allOrNothing) {
        List<RowMapping.Mapped> rows = new ArrayList<>(accepted.values());
        // An all-or-nothing delivery with a refused row will be rolled back: what is left is only checking the rest.
        boolean write = !rows.isEmpty() && !(allOrNothing && tally.rejected > 0);
        if (write) {
            if (allOrNothing) {
                written(mapping, rows, tally, lineage); // inside the run's one transaction
            } else {
                transaction.executeWithoutResult((TransactionStatus tx) -> written(mapping, rows, tally, lineage));
            }
        }
        runs.reject(run.id(), rejected, rejectedRaw);
        runs.progress(run.id(), tally.read, tally.accepted, tally.rejected, reader.bytesRead());
        progress.at(tally.read, reader.bytesRead());
        accepted.clear();
        rejected.clear();
        rejectedRaw.clear();
    }

    private void written(Mapping mapping, List<RowMapping.Mapped> rows, QualityReport.Tally tally, Lineage lineage) {
        HubRecords.Written w = records.write(mapping.dataset(), rows, lineage);
        tally.inserted += w.inserted();
        tally.updated += w.updated();
        tally.unchanged += w.unchanged();
        tally.duplicates += w.duplicates();
        List<LoadedRecord> loaded = rows.stream().map(r -> new LoadedRecord(mapping.dataset(), r.key(), r.values(), lineage)).toList();
        if (mapping.twin() != null) {
            twin.write(mapping, loaded);
        }
        for (String name : mapping.sinks()) {
            RecordSink sink = sinks.stream().filter(s -> s.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the mapping names the sink " + name + ", which this CityBrain does not have"));
            tally.sink(sink.accept(loaded));
        }
    }
}
