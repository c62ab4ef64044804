package org.citybrain.datahub.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.citybrain.platform.Conflict;
import org.citybrain.platform.NotFound;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The runs of the hub and the rows they refused. A run's row is written in its own short transactions (start,
 * progress, end), never in the transaction that loads the data: an all-or-nothing run that rolls back still has its
 * report, and a page shows the progress of a run that has not committed anything yet.
 */
@Component
class Runs {

    enum Trigger { UPLOAD, INBOX, PUSH, RESUBMIT, POLL, STREAM }

    enum Status { RUNNING, SUCCEEDED, PARTLY, REFUSED, FAILED }

    /** A run as the pages and the API show it. */
    record Run(long id, String sourceId, int mappingVersion, Trigger trigger, String fileName, Status status, String startedBy, Instant startedAt,
               Instant heartbeatAt, Instant finishedAt, long rowsRead, long rowsAccepted, long rowsRejected, Long bytesTotal, long bytesRead,
               QualityReport report, String failure, int attempt, Instant retryAt) {

        /** Rows per second so far (or over the whole run). */
        double rowsPerSecond() {
            Instant end = finishedAt != null ? finishedAt : heartbeatAt;
            double seconds = Math.max(0.001, Duration.between(startedAt, end).toMillis() / 1000.0);
            return rowsRead / seconds;
        }

        /** Share done, 0–1, by bytes of a file; null when the size is unknown. */
        Double done() {
            return bytesTotal == null || bytesTotal == 0 ? null : Math.min(1.0, bytesRead / (double) bytesTotal);
        }

        /** Seconds left at the current pace, by bytes; null when unknown. */
        Long secondsLeft() {
            Double done = done();
            if (status != Status.RUNNING || done == null || done <= 0) {
                return null;
            }
            double elapsed = Duration.between(startedAt, heartbeatAt).toMillis() / 1000.0;
            return Math.round(elapsed / done - elapsed);
        }
    }

    record Rejected(long runId, long rowNumber, Map<String, String> raw, List<RowMapping.Problem> problems, String status, Long resolvedRun) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TransactionTemplate own;

    private final RunCommits commits;

    Runs(JdbcClient jdbc, JsonMapper json, PlatformTransactionManager transactions, RunCommits commits) {
        this.commits = commits;
        this.jdbc = jdbc;
        this.json = json;
        this.own = new TransactionTemplate(transactions);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Starts a run and claims its source. A delivery already loaded (same file digest or Idempotency-Key) is not
     * loaded again: the earlier run is returned, with {@code fresh} false. Another run loading the source refuses
     * this one (409) unless it stopped reporting progress two minutes ago (its node died): then it is failed and
     * the source taken over.
     */
    record Started(Run run, boolean fresh) {
    }

    Started start(String sourceId, int mappingVersion, Trigger trigger, String fileName, String submissionKey, String by, Long bytesTotal) {
        try {
            return claim(sourceId, mappingVersion, trigger, fileName, submissionKey, by, bytesTotal);
        } catch (org.springframework.dao.DuplicateKeyException e) {
            // the same delivery submitted twice at once: the unique constraint let one in, this is the other
            return new Started(bySubmission(sourceId, submissionKey).orElseThrow(() -> e), false);
        }
    }

    private Started claim(String sourceId, int mappingVersion, Trigger trigger, String fileName, String submissionKey, String by, Long bytesTotal) {
        return own.execute(tx -> {
            Instant now = Instant.now();
            java.sql.Timestamp at = java.sql.Timestamp.from(now);
            int attempt = 1;
            if (submissionKey != null) {
                Optional<Run> earlier = bySubmission(sourceId, submissionKey);
                if (earlier.isPresent() && (earlier.get().status() != Status.FAILED || earlier.get().retryAt() != null && earlier.get().retryAt().isAfter(now))) {
                    return new Started(earlier.get(), false); // loaded (or loading) already; or a failed one whose retry is not due
                }
                if (earlier.isPresent()) {
                    attempt = earlier.get().attempt() + 1;
                    jdbc.sql("update hub_run set submission_key = null where id = ?").param(earlier.get().id()).update();
                }
            }
            GeneratedKeyHolder keys = new GeneratedKeyHolder();
            jdbc.sql("""
                            insert into hub_run (source_id, mapping_version, trigger_kind, file_name, submission_key, status, started_by, started_at,
                                                 heartbeat_at, rows_read, rows_accepted, rows_rejected, bytes_total, bytes_read, attempt)
                            values (?, ?, ?, ?, ?, 'RUNNING', ?, ?, ?, 0, 0, 0, ?, 0, ?)""")
                    .params(sourceId, mappingVersion, trigger.name(), fileName, submissionKey, by, at, at, bytesTotal, attempt).update(keys, "id");
            long id = keys.getKey().longValue();
            Instant stale = now.minus(Duration.ofMinutes(2));
            Long holder = jdbc.sql("select running_run from hub_source where id = ? for update").param(sourceId).query(Long.class).optional().orElse(null);
            if (holder != null) {
                Run other = find(holder).orElse(null);
                if (other != null && other.status() == Status.RUNNING && other.heartbeatAt().isAfter(stale)) {
                    throw new Conflict("source", "数据源正在入库（第" + holder + "次运行） / the source is being loaded by run " + holder);
                }
                if (other != null && other.status() == Status.RUNNING) {
                    finish(holder, Status.FAILED, null, "运行中断：节点停止报告进度 / interrupted: its node stopped reporting progress");
                }
            }
            jdbc.sql("update hub_source set running_run = ? where id = ?").params(id, sourceId).update();
            return new Started(find(id).orElseThrow(), true);
        });
    }

    /** A failed run of a delivery that is still there (the watched folder) is tried again after the backoff. */
    void scheduleRetry(long runId, Duration after) {
        own.executeWithoutResult(tx -> jdbc.sql("update hub_run set retry_at = ? where id = ? and retry_at is null").params(java.sql.Timestamp.from(Instant.now().plus(after)), runId)
                .update());
    }

    void progress(long runId, long read, long accepted, long rejected, long bytes) {
        own.executeWithoutResult(tx -> {
            commits.withoutWaitingForDisk(); // progress acknowledges nothing: the run's finish does
            jdbc.sql("update hub_run set rows_read = ?, rows_accepted = ?, rows_rejected = ?, bytes_read = ?, heartbeat_at = ? where id = ?")
                    .params(read, accepted, rejected, bytes, java.sql.Timestamp.from(Instant.now()), runId).update();
        });
    }

    void reject(long runId, List<RowMapping.Mapped> rows, List<SourceRow> raw) {
        if (rows.isEmpty()) {
            return;
        }
        own.executeWithoutResult(tx -> {
            commits.withoutWaitingForDisk(); // the rejected rows are part of the run's report, made durable by its finish
            for (int i = 0; i < rows.size(); i++) {
                jdbc.sql("insert into hub_rejected_row (run_id, row_number, raw, problems, status) values (?, ?, ?, ?, 'OPEN')")
                        .params(runId, rows.get(i).number(), json.writeValueAsString(raw.get(i).fields()), json.writeValueAsString(rows.get(i).problems()))
                        .update();
            }
        });
    }

    void finish(long runId, Status status, QualityReport report, String failure) {
        own.executeWithoutResult(tx -> {
            java.sql.Timestamp now = java.sql.Timestamp.from(Instant.now());
            String sourceId = jdbc.sql("select source_id from hub_run where id = ?").param(runId).query(String.class).single();
            jdbc.sql("""
                            update hub_run set status = ?, finished_at = ?, heartbeat_at = ?, report = ?, failure = ?,
                                   rows_read = coalesce(?, rows_read), rows_accepted = coalesce(?, rows_accepted), rows_rejected = coalesce(?, rows_rejected)
                            where id = ?""")
                    .params(status.name(), now, now, report == null ? null : json.writeValueAsString(report), failure == null ? null : abbreviate(failure),
                            report == null ? null : report.read(), report == null ? null : report.accepted(), report == null ? null : report.rejected(), runId)
                    .update();
            jdbc.sql("update hub_source set running_run = null where id = ? and running_run = ?").params(sourceId, runId).update();
            if (status == Status.SUCCEEDED || status == Status.PARTLY) {
                jdbc.sql("update hub_source set last_success_at = ?, silence_alerted_at = null where id = ?").params(now, sourceId).update();
            }
        });
    }

    Optional<Run> find(long id) {
        return jdbc.sql("select * from hub_run where id = ?").param(id).query((rs, n) -> run(rs)).optional();
    }

    Run require(long id) {
        return find(id).orElseThrow(() -> new NotFound("run", "没有第" + id + "次运行 / no run " + id));
    }

    Optional<Run> bySubmission(String sourceId, String key) {
        return jdbc.sql("select * from hub_run where source_id = ? and submission_key = ?").params(sourceId, key).query((rs, n) -> run(rs)).optional();
    }

    List<Run> ofSource(String sourceId, int offset, int limit) {
        return jdbc.sql("select * from hub_run where source_id = ? order by id desc offset ? rows fetch next ? rows only").params(sourceId, offset, limit)
                .query((rs, n) -> run(rs)).list();
    }

    long countOfSource(String sourceId) {
        return jdbc.sql("select count(*) from hub_run where source_id = ?").param(sourceId).query(Long.class).single();
    }

    List<Run> recent(int offset, int limit) {
        return jdbc.sql("select * from hub_run order by id desc offset ? rows fetch next ? rows only").params(offset, limit).query((rs, n) -> run(rs)).list();
    }

    long count() {
        return jdbc.sql("select count(*) from hub_run").query(Long.class).single();
    }

    /** The latest finished run of each source that loads a dataset, for its quality score. */
    Optional<Run> latestFinished(String datasetId) {
        return jdbc.sql("""
                        select r.* from hub_run r join hub_source s on s.id = r.source_id
                        where s.dataset_id = ? and r.status <> 'RUNNING' and r.status <> 'FAILED' order by r.id desc fetch first 1 rows only""")
                .param(datasetId).query((rs, n) -> run(rs)).optional();
    }

    List<Rejected> rejected(long runId, boolean openOnly, int offset, int limit) {
        return jdbc.sql("select * from hub_rejected_row where run_id = ?" + (openOnly ? " and status = 'OPEN'" : "")
                        + " order by row_number offset ? rows fetch next ? rows only").params(runId, offset, limit).query((rs, n) -> rejected(rs)).list();
    }

    long countRejected(long runId, boolean openOnly) {
        return jdbc.sql("select count(*) from hub_rejected_row where run_id = ?" + (openOnly ? " and status = 'OPEN'" : "")).param(runId)
                .query(Long.class).single();
    }

    Optional<Rejected> rejectedRow(long runId, long row) {
        return jdbc.sql("select * from hub_rejected_row where run_id = ? and row_number = ?").params(runId, row).query((rs, n) -> rejected(rs)).optional();
    }

    /** Marks rejected rows as resubmitted in a later run (whatever that run makes of them). */
    void resubmitted(long runId, List<Long> rows, long newRun) {
        own.executeWithoutResult(tx -> rows.forEach(r -> jdbc.sql("update hub_rejected_row set status = 'RESUBMITTED', resolved_run = ? where run_id = ? and row_number = ?")
                .params(newRun, runId, r).update()));
    }

    private Rejected rejected(java.sql.ResultSet rs) throws java.sql.SQLException {
        Map<String, String> raw = new java.util.LinkedHashMap<>();
        json.readTree(rs.getString("raw")).properties().forEach(e -> raw.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asString()));
        List<RowMapping.Problem> problems = new java.util.ArrayList<>();
        for (JsonNode p : json.readTree(rs.getString("problems"))) {
            problems.add(new RowMapping.Problem(p.get("field").asString(), p.get("reason").asString(), RowMapping.Problem.Kind.valueOf(p.get("kind").asString())));
        }
        return new Rejected(rs.getLong("run_id"), rs.getLong("row_number"), raw, problems, rs.getString("status"), (Long) rs.getObject("resolved_run"));
    }

    private Run run(java.sql.ResultSet rs) throws java.sql.SQLException {
        String report = rs.getString("report");
        return new Run(rs.getLong("id"), rs.getString("source_id"), rs.getInt("mapping_version"), Trigger.valueOf(rs.getString("trigger_kind")),
                rs.getString("file_name"), Status.valueOf(rs.getString("status")), rs.getString("started_by"), Sources.instant(rs, "started_at"),
                Sources.instant(rs, "heartbeat_at"), Sources.instant(rs, "finished_at"), rs.getLong("rows_read"), rs.getLong("rows_accepted"),
                rs.getLong("rows_rejected"), (Long) rs.getObject("bytes_total"), rs.getLong("bytes_read"),
                report == null ? null : json.readValue(report, QualityReport.class), rs.getString("failure"), rs.getInt("attempt"),
                Sources.instant(rs, "retry_at"));
    }

    private static String abbreviate(String s) {
        return s.length() <= 2000 ? s : s.substring(0, 1999) + "…";
    }
}
