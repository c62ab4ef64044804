package org.citybrain.datahub.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.platform.IdempotencyKey;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The activities of loading data, each checked against the permission model: upload a file, push records, resubmit
 * corrected rows, and (for the watched folder and the command line) load a file from disk. A file is spooled to
 * disk first, its SHA-256 digest taken on the way: the same file delivered twice is one run.
 */
@Component
class Loading {

    static final int MAX_PUSHED_RECORDS = 10_000;

    private final Sources sources;
    private final Runs runs;
    private final DataLoad load;
    private final Path spool;
    private final long maxUploadBytes;
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    private final SourceCredentials credentials;

    Loading(Sources sources, Runs runs, DataLoad load, SourceCredentials credentials, @Value("${citybrain.datahub.spool:./data/hub/spool}") Path spool,
            @Value("${citybrain.datahub.max-upload-bytes:4294967296}") long maxUploadBytes) {
        this.sources = sources;
        this.runs = runs;
        this.load = load;
        this.credentials = credentials;
        this.spool = spool;
        this.maxUploadBytes = maxUploadBytes;
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        background.shutdownNow();
    }

    /**
     * Uploads a file for a source and starts loading it in the background; the run is returned at once (its page
     * and {@code GET /runs/{id}} show the progress). {@code wait}: load before answering (small files, tests).
     */
    Runs.Run upload(CurrentUser user, String sourceId, String fileName, InputStream body, boolean wait) {
        Action.LOAD_DATA.demand(user);
        Sources.Source source = sources.require(sourceId);
        if (source.kind() != Sources.Kind.FILE) {
            throw new InvalidStandardValue("source", "该数据源不接收文件 / this source does not take files");
        }
        Sources.MappingVersion mapping = requireMapping(sourceId);
        Spooled file = spool(body, fileName);
        Runs.Started started = runs.start(sourceId, mapping.version(), Runs.Trigger.UPLOAD, displayName(fileName), file.digest(), user.username(),
                file.size());
        if (!started.fresh()) {
            deleteQuietly(file.path());
            return started.run();
        }
        return execute(source, mapping, started.run(), () -> reader(source, Files.newInputStream(file.path())), file.path(), wait);
    }

    /** Loads a file already on disk (the watched folder, the command line); the file is left where it is. */
    Runs.Run loadFile(String by, String sourceId, Path file, Runs.Trigger trigger, DataLoad.Progress progress) throws IOException {
        Sources.Source source = sources.require(sourceId);
        Sources.MappingVersion mapping = requireMapping(sourceId);
        String digest = digest(file);
        Runs.Started started = runs.start(sourceId, mapping.version(), trigger, file.getFileName().toString(), digest, by, Files.size(file));
        if (!started.fresh()) {
            return started.run();
        }
        load.load(source, mapping, started.run(), () -> reader(source, Files.newInputStream(file)), progress);
        return runs.require(started.run().id());
    }

    /**
     * Polls a REST source: its pages, from what changed since the last successful poll began. The poll's start time is
     * its submission key, so two nodes that both thought it due make one run; after a successful run the next poll asks
     * from this one's start.
     */
    Runs.Run poll(String by, Sources.Source source, java.net.http.HttpClient http) {
        Sources.MappingVersion mapping = requireMapping(source.id());
        java.time.Instant started = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String key = "poll:" + (source.polledSince() == null ? "all" : source.polledSince().toString()) + ">" + started;
        Runs.Started run = runs.start(source.id(), mapping.version(), Runs.Trigger.POLL, source.rest().url(), key, by, null);
        if (!run.fresh()) {
            return run.run();
        }
        load.load(source, mapping, run.run(), () -> new RestPages(http, source.rest(), source.polledSince(), credentials.authorization(source.rest())),
                DataLoad.Progress.NONE);
        Runs.Run done = runs.require(run.run().id());
        if (done.status() == Runs.Status.SUCCEEDED || done.status() == Runs.Status.PARTLY) {
            sources.polled(source.id(), started);
        }
        return done;
    }

    /**
     * Reads a JDBC source from the last change value a successful read saw; afterwards the next starts from this one's
     * last row. The mark read from is the submission key, so two nodes reading at once make one run.
     */
    Runs.Run readDatabase(String by, Sources.Source source) {
        Sources.MappingVersion mapping = requireMapping(source.id());
        String from = source.changeMark() == null ? source.database().firstMark() : source.changeMark();
        String key = "jdbc:" + from + "@" + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        Runs.Started run = runs.start(source.id(), mapping.version(), Runs.Trigger.POLL, source.database().url().replaceAll("password=[^&;]*", "password=…"),
                key.length() > 100 ? HubRecords.sha256(key) : key, by, null);
        if (!run.fresh()) {
            return run.run();
        }
        JdbcRows[] opened = new JdbcRows[1];
        load.load(source, mapping, run.run(), () -> opened[0] = new JdbcRows(source.database(), source.changeMark()), DataLoad.Progress.NONE);
        Runs.Run done = runs.require(run.run().id());
        if ((done.status() == Runs.Status.SUCCEEDED || done.status() == Runs.Status.PARTLY) && opened[0] != null && opened[0].lastMark() != null) {
            sources.marked(source.id(), opened[0].lastMark());
        }
        return done;
    }

    /**
     * Records pushed by a department's system: one object or an array, loaded at once. The Idempotency-Key (or, without
     * one, the digest of the records) makes a retried push the same run.
     */
    Runs.Run push(CurrentUser user, String sourceId, JsonNode body, String idempotencyKey) {
        Action.LOAD_DATA.demand(user);
        Sources.Source source = sources.require(sourceId);
        if (source.kind() != Sources.Kind.PUSH) {
            throw new InvalidStandardValue("source", "该数据源不接收推送 / this source does not take pushed records");
        }
        List<JsonNode> records = new ArrayList<>();
        if (body == null || !(body.isObject() || body.isArray())) {
            throw new InvalidStandardValue("records", "应为一个对象或对象数组 / send one object or an array of objects");
        }
        if (body.isArray()) {
            body.forEach(records::add);
        } else {
            records.add(body);
        }
        if (records.isEmpty() || records.size() > MAX_PUSHED_RECORDS) {
            throw new InvalidStandardValue("records", "每次推送1至" + MAX_PUSHED_RECORDS + "条 / push 1 to " + MAX_PUSHED_RECORDS + " records at a time");
        }
        Sources.MappingVersion mapping = requireMapping(sourceId);
        String key = IdempotencyKey.of(idempotencyKey);
        String submission = key != null ? "key:" + key : "sha256:" + HubRecords.sha256(body.toString());
        Runs.Started started = runs.start(sourceId, mapping.version(), Runs.Trigger.PUSH, null, submission, user.username(), null);
        if (!started.fresh()) {
            return started.run();
        }
        load.load(source, mapping, started.run(), () -> new PushedRows(records), DataLoad.Progress.NONE);
        return runs.require(started.run().id());
    }

    /**
     * A batch of a Kafka source's messages, loaded as one run. The submission key names the offsets it covers, so that a
     * batch delivered again — the node stopped after writing and before committing the offsets — is the same run.
     * Returns the run; the caller commits the offsets when it is no longer running.
     */
    Runs.Run stream(String by, Sources.Source source, List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> messages, String offsets) {
        Sources.MappingVersion mapping = requireMapping(source.id());
        String label = source.kafka().topic() + " " + offsets;
        Runs.Started started = runs.start(source.id(), mapping.version(), Runs.Trigger.STREAM, label.length() <= 300 ? label : label.substring(0, 299) + "…",
                "kafka:" + HubRecords.sha256(offsets), by, null);
        if (!started.fresh()) {
            return started.run();
        }
        load.load(source, mapping, started.run(), () -> new TopicMessages(messages), DataLoad.Progress.NONE);
        return runs.require(started.run().id());
    }

    /**
     * A batch of a streamed source's messages, as written down when they arrived (ids {@code from} to {@code to}),
     * loaded as one run whose submission key names those ids. The caller deletes the messages once it is finished.
     */
    Runs.Run staged(String by, Sources.Source source, List<SourceRow> rows, long from, long to) {
        Sources.MappingVersion mapping = requireMapping(source.id());
        Runs.Started started = runs.start(source.id(), mapping.version(), Runs.Trigger.STREAM, "messages " + from + "–" + to, "staged:" + from + "-" + to, by,
                null);
        if (!started.fresh()) {
            return started.run();
        }
        load.load(source, mapping, started.run(), () -> new ListedRows(rows), DataLoad.Progress.NONE);
        return runs.require(started.run().id());
    }

    /**
     * Resubmits rejected rows of a run, as corrected (row number → source field → value; rows not corrected are
     * resubmitted as they were), in a new run on the source's current mapping.
     */
    Runs.Run resubmit(CurrentUser user, long runId, Map<Long, Map<String, String>> corrections) {
        Action.CORRECT_REJECTED_ROWS.demand(user);
        Runs.Run earlier = runs.require(runId);
        Sources.Source source = sources.require(earlier.sourceId());
        Sources.MappingVersion mapping = requireMapping(source.id());
        // The same rows of the same run resubmitted twice (a double click, a retry) are one resubmission.
        String submission = "resubmit:" + runId + ":" + HubRecords.sha256(corrections.keySet().stream().sorted().toList().toString());
        java.util.Optional<Runs.Run> earlierResubmission = runs.bySubmission(source.id(), submission);
        if (earlierResubmission.isPresent()) {
            return earlierResubmission.get();
        }
        List<SourceRow> rows = new ArrayList<>();
        for (Map.Entry<Long, Map<String, String>> c : corrections.entrySet()) {
            Runs.Rejected r = runs.rejectedRow(runId, c.getKey())
                    .orElseThrow(() -> new InvalidStandardValue("row", "第" + c.getKey() + "行不是本次运行被拒的行 / row " + c.getKey() + " was not refused by this run"));
            if (!"OPEN".equals(r.status())) {
                throw new InvalidStandardValue("row", "第" + c.getKey() + "行已重新提交 / row " + c.getKey() + " was resubmitted already");
            }
            Map<String, String> fields = new LinkedHashMap<>(r.raw());
            c.getValue().forEach((k, v) -> {
                if (!fields.containsKey(k) && !mapping.mapping().sourceFields().contains(k)) {
                    throw new InvalidStandardValue(k, "数据源没有字段 " + k + " / the source has no field " + k);
                }
                fields.put(k, v);
            });
            rows.add(SourceRow.read(r.rowNumber(), fields));
        }
        if (rows.isEmpty()) {
            throw new InvalidStandardValue("rows", "请选择要重新提交的行 / choose the rows to resubmit");
        }
        Runs.Started started = runs.start(source.id(), mapping.version(), Runs.Trigger.RESUBMIT, "第" + runId + "次运行的更正 / corrections of run " + runId,
                submission, user.username(), null);
        if (!started.fresh()) {
            return started.run();
        }
        runs.resubmitted(runId, rows.stream().map(SourceRow::number).toList(), started.run().id());
        load.load(source, mapping, started.run(), () -> new ListedRows(rows), DataLoad.Progress.NONE);
        return runs.require(started.run().id());
    }

    private Runs.Run execute(Sources.Source source, Sources.MappingVersion mapping, Runs.Run run, DataLoad.ReaderOpener opener, Path spooled, boolean wait) {
        Runnable job = () -> {
            try {
                load.load(source, mapping, run, opener, DataLoad.Progress.NONE);
            } finally {
                deleteQuietly(spooled);
            }
        };
        if (wait) {
            job.run();
        } else {
            background.submit(job);
        }
        return runs.require(run.id());
    }

    private Sources.MappingVersion requireMapping(String sourceId) {
        return sources.current(sourceId).orElseThrow(() -> new InvalidStandardValue("mapping", "该数据源还没有发布映射 / the source has no published mapping yet"));
    }

    static RowReader reader(Sources.Source source, InputStream in) throws IOException {
        InputStream buffered = new BufferedInputStream(in, 1 << 16);
        return switch (source.format()) {
            case CSV -> new CsvRows(buffered, source.charset(), source.delimiter());
            case JSONL -> new JsonLinesRows(buffered);
            case GEOJSON -> new GeoJsonRows(buffered);
            case XLSX -> new XlsxRows(buffered);
            case SHAPEFILE -> new ShapefileRows(buffered, source.charset());
        };
    }

    record Spooled(Path path, String digest, long size) {
    }

    private Spooled spool(InputStream body, String fileName) {
        try {
            Files.createDirectories(spool);
            Path file = Files.createTempFile(spool, "upload-", ".part");
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long size = 0;
            try (InputStream in = new DigestInputStream(body, sha); OutputStream out = Files.newOutputStream(file)) {
                byte[] buffer = new byte[1 << 16];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    size += n;
                    if (size > maxUploadBytes) {
                        out.close();
                        deleteQuietly(file);
                        throw new InvalidStandardValue("file", "文件超过上限 " + (maxUploadBytes >> 20) + " MiB / the file is larger than " + (maxUploadBytes >> 20)
                                + " MiB");
                    }
                    out.write(buffer, 0, n);
                }
            }
            if (size == 0) {
                deleteQuietly(file);
                throw new InvalidStandardValue("file", "文件为空 / the file is empty");
            }
            return new Spooled(file, "sha256:" + HexFormat.of().formatHex(sha.digest()), size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String digest(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String displayName(String fileName) {
        if (fileName == null || fileName.isBlank()) {
            return null;
        }
        String name = Path.of(fileName.replace('\\', '/')).getFileName().toString();
        return name.length() > 300 ? name.substring(0, 300) : name;
    }

    private static void deleteQuietly(Path p) {
        try {
            if (p != null) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a spooled copy left behind is removed with the spool folder; the run's outcome does not depend on it
        }
    }

    /** Pushed JSON records as rows, numbered from 1 in the order sent. */
    private static final class PushedRows implements RowReader {
        private final Iterator<JsonNode> records;
        private long number;

        PushedRows(List<JsonNode> records) {
            this.records = records.iterator();
        }

        @Override
        public SourceRow next() {
            if (!records.hasNext()) {
                return null;
            }
            JsonNode r = records.next();
            number++;
            if (!r.isObject()) {
                return SourceRow.unreadable(number, Map.of("record", JsonLinesRows.abbreviate(r.toString())), "row", "每条记录应为JSON对象 / each record must be a JSON object");
            }
            Map<String, String> fields = new LinkedHashMap<>();
            r.properties().forEach(e -> fields.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().isValueNode() ? e.getValue().asString()
                    : e.getValue().toString()));
            return SourceRow.read(number, fields);
        }

        @Override
        public long bytesRead() {
            return 0;
        }

        @Override
        public void close() {
        }
    }

    /** Rows already read (the corrections of rejected rows), keeping their original numbers. */
    private static final class ListedRows implements RowReader {
        private final Iterator<SourceRow> rows;

        ListedRows(List<SourceRow> rows) {
            this.rows = rows.iterator();
        }

        @Override
        public SourceRow next() {
            return rows.hasNext() ? rows.next() : null;
        }

        @Override
        public long bytesRead() {
            return 0;
        }

        @Override
        public void close() {
        }
    }
}
