package org.citybrain.datahub.internal;

import java.nio.charset.Charset;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.citybrain.datahub.RecordSink;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.platform.NotFound;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The hub's sources and their versioned mappings: what the bureau declares, checked when declared. */
@Component
class Sources {

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,63}");

    enum Kind { FILE, PUSH, REST, JDBC, KAFKA, MQTT }

    enum Format { CSV, JSONL, GEOJSON, XLSX, SHAPEFILE }

    /**
     * A feed. {@code expectedMinutes}: how often it should deliver; silence beyond twice that raises an alert.
     * {@code schedule}: a cron expression for when the watched folder is looked at (files) — Spring's six fields.
     */
    record Source(String id, String name, String provider, String ownerUnit, Kind kind, Format format, String encoding, boolean allOrNothing,
                  String schedule, Integer expectedMinutes, String datasetId, char delimiter, Instant lastSuccessAt, Instant silenceAlertedAt,
                  Long runningRun, Instant createdAt, RestEndpoint rest, Instant polledSince, DatabaseRead database, String changeMark,
                  KafkaTopic kafka, MqttTopic mqtt) {

        Charset charset() {
            return Charset.forName(encoding == null ? "UTF-8" : encoding);
        }
    }

    /** What the bureau declares about a source. */
    record SourceDefinition(String id, String name, String provider, String ownerUnit, Kind kind, Format format, String encoding,
                            Boolean allOrNothing, String schedule, Integer expectedMinutes, String datasetId, String delimiter, RestEndpoint rest,
                            DatabaseRead database, KafkaTopic kafka, MqttTopic mqtt) {
    }

    /**
     * An MQTT source: a topic filter ({@code topic}, wildcards allowed) on a department's broker ({@code url},
     * tcp:// or ssl://), as its devices publish to it — each message one JSON object. Subscribed with QoS 1 in a
     * persistent session, as a shared subscription ({@code $share/citybrain-hub-<source>/…}: each message to one node)
     * unless {@code shared} is false; {@code username} and the password by name ({@code credential}, as REST sources'
     * tokens) when the broker wants them. Each message is written to the database before it is acknowledged, and the
     * messages gathered are loaded as one run every {@code batchSeconds} (default 60).
     */
    record MqttTopic(String url, String topic, String username, String credential, Integer batchSeconds, Boolean shared) {
    }

    /**
     * A Kafka source: a department's topic ({@code topic} on the cluster at {@code bootstrapServers}), each message one
     * JSON object, read by this city's consumer group ({@code groupId}, by default {@code citybrain-hub-<source>}: the
     * topic's partitions are shared among the nodes) and loaded as a run every {@code batchSeconds} (default 60) or
     * every 10,000 messages; the offsets are committed once the run is written.
     */
    record KafkaTopic(String bootstrapServers, String topic, String groupId, Integer batchSeconds) {
    }

    /**
     * A JDBC source: a department's database ({@code url}, {@code user}, the password in the environment variable
     * {@code passwordVariable}, never stored), read with {@code query} — one SELECT with one {@code ?}, the last change
     * value read (as text: cast it, {@code where updated_at > cast(? as timestamp)}), ordered by {@code changeColumn} —
     * starting from {@code firstMark}.
     */
    record DatabaseRead(String url, String user, String passwordVariable, String query, String changeColumn, String firstMark) {
    }

    /**
     * A REST source's endpoint: {@code url} answers JSON, the records at {@code recordsAt} (a JSON Pointer, RFC 6901;
     * empty: the body is the array), a page at a time ({@code pageParam}, {@code sizeParam}, {@code pageSize},
     * {@code firstPage}); {@code sinceParam} asks only for what changed since the last successful poll began (ISO 8601).
     * {@code credential} names the bearer token the endpoint wants: its value is configuration
     * ({@code citybrain.datahub.credentials.<name>}, in production the environment variable
     * {@code CITYBRAIN_DATAHUB_CREDENTIALS_<NAME>}), never stored with the source.
     */
    record RestEndpoint(String url, String recordsAt, String pageParam, String sizeParam, Integer pageSize, Integer firstPage, String sinceParam,
                        String credential, String next, String cursorParam) {
    }

    private static final JsonMapper PAGING = JsonMapper.builder().build();

    record MappingVersion(String sourceId, int version, Mapping mapping, JsonNode document, String publishedBy, Instant publishedAt) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final List<RecordSink> sinks;

    Sources(JdbcClient jdbc, JsonMapper json, List<RecordSink> sinks) {
        this.jdbc = jdbc;
        this.json = json;
        this.sinks = sinks;
    }

    @Transactional
    Source define(CurrentUser user, SourceDefinition d) {
        Action.MANAGE_DATA_SOURCES.demand(user);
        if (d.id() == null || !ID.matcher(d.id()).matches()) {
            throw new InvalidStandardValue("id", "标识为2–64位小写字母、数字和连字符 / the id is 2–64 lower-case letters, digits and hyphens");
        }
        String name = required("name", d.name(), 200);
        String provider = required("provider", d.provider(), 200);
        String owner = required("ownerUnit", d.ownerUnit(), 200);
        if (d.kind() == null) {
            throw new InvalidStandardValue("kind", "请选择数据源类型 / choose the kind of source");
        }
        Format format = d.kind() == Kind.FILE ? d.format() : Format.JSONL;
        if (format == null) {
            throw new InvalidStandardValue("format", "请选择文件格式 / choose the file format");
        }
        String encoding = d.encoding() == null || d.encoding().isBlank() ? "UTF-8" : d.encoding().strip().toUpperCase();
        if (!List.of("UTF-8", "GBK", "GB18030").contains(encoding)) {
            throw new InvalidStandardValue("encoding", "编码应为 UTF-8、GBK 或 GB18030 / the encoding is UTF-8, GBK or GB18030");
        }
        if (d.kind() == Kind.FILE && format != Format.CSV && format != Format.SHAPEFILE && !encoding.equals("UTF-8")) {
            // RFC 7946 and JSON Lines are UTF-8 by definition; a Shapefile's attribute table may be in any (its .cpg says)
            throw new InvalidStandardValue("encoding", "只有CSV文件和Shapefile可声明其他编码（JSON、GeoJSON为UTF-8，Excel自带编码） / only a CSV file or a Shapefile "
                    + "declares another encoding (JSON and GeoJSON are UTF-8, Excel carries its own)");
        }
        String schedule = d.schedule() == null || d.schedule().isBlank() ? null : d.schedule().strip();
        if (schedule != null && !CronExpression.isValidExpression(schedule)) {
            throw new InvalidStandardValue("schedule", "不是有效的cron表达式（秒 分 时 日 月 周） / not a cron expression (second minute hour day month weekday)");
        }
        if (d.expectedMinutes() != null && (d.expectedMinutes() < 1 || d.expectedMinutes() > 525_600)) {
            throw new InvalidStandardValue("expectedMinutes", "预期更新间隔为1分钟至1年 / the expected interval is 1 minute to 1 year");
        }
        if (d.datasetId() == null || !ID.matcher(d.datasetId()).matches()) {
            throw new InvalidStandardValue("datasetId", "数据集标识为2–64位小写字母、数字和连字符 / the dataset id is 2–64 lower-case letters, digits and hyphens");
        }
        String delimiter = d.delimiter() == null || d.delimiter().isEmpty() ? "," : d.delimiter();
        if (!List.of(",", "\t", "|", ";").contains(delimiter)) {
            throw new InvalidStandardValue("delimiter", "分隔符为逗号、制表符、竖线或分号 / the delimiter is a comma, tab, bar or semicolon");
        }
        RestEndpoint rest = d.kind() == Kind.REST ? endpoint(d.rest(), schedule, d.expectedMinutes()) : null;
        DatabaseRead database = d.kind() == Kind.JDBC ? databaseRead(d.database(), schedule, d.expectedMinutes()) : null;
        String databaseRead = database == null ? null : PAGING.writeValueAsString(database);
        KafkaTopic kafka = d.kind() == Kind.KAFKA ? kafkaTopic(d.kafka(), d.id()) : null;
        MqttTopic mqtt = d.kind() == Kind.MQTT ? mqttTopic(d.mqtt()) : null;
        String stream = kafka != null ? PAGING.writeValueAsString(kafka) : mqtt != null ? PAGING.writeValueAsString(mqtt) : null;
        String endpointUrl = rest == null ? null : rest.url();
        String paging = rest == null ? null : PAGING.writeValueAsString(rest);
        java.sql.Timestamp now = java.sql.Timestamp.from(Instant.now());
        int updated = jdbc.sql("""
                        update hub_source set name = ?, provider = ?, owner_unit = ?, kind = ?, format = ?, encoding = ?, all_or_nothing = ?, schedule = ?,
                               expected_minutes = ?, dataset_id = ?, delimiter = ?, endpoint = ?, paging = ?, database_read = ?, stream = ?, modified_at = ?
                        where id = ?""")
                .params(name, provider, owner, d.kind().name(), format.name(), encoding, Boolean.TRUE.equals(d.allOrNothing()), schedule, d.expectedMinutes(), d.datasetId(),
                        delimiter, endpointUrl, paging, databaseRead, stream, now, d.id()).update();
        if (updated == 0) {
            jdbc.sql("""
                            insert into hub_source (id, name, provider, owner_unit, kind, format, encoding, all_or_nothing, schedule, expected_minutes,
                                                    dataset_id, delimiter, endpoint, paging, database_read, stream, created_at, modified_at)
                            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(d.id(), name, provider, owner, d.kind().name(), format.name(), encoding, Boolean.TRUE.equals(d.allOrNothing()), schedule, d.expectedMinutes(),
                            d.datasetId(), delimiter, endpointUrl, paging, databaseRead, stream, now, now).update();
        }
        return find(d.id()).orElseThrow();
    }

    /** A REST endpoint as declared, checked, with the defaults filled in; it is polled on a schedule or every expectedMinutes. */
    private static RestEndpoint endpoint(RestEndpoint r, String schedule, Integer expectedMinutes) {
        if (r == null || r.url() == null || r.url().isBlank()) {
            throw new InvalidStandardValue("rest.url", "请填写接口地址 / give the endpoint's URL");
        }
        java.net.URI uri;
        try {
            uri = java.net.URI.create(r.url().strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidStandardValue("rest.url", "不是有效的地址 / not a valid URL");
        }
        if (uri.getHost() == null || !List.of("http", "https").contains(String.valueOf(uri.getScheme()))) {
            throw new InvalidStandardValue("rest.url", "须为 http(s) 地址 / an http(s) URL");
        }
        if (schedule == null && expectedMinutes == null) {
            throw new InvalidStandardValue("schedule", "接口数据源须有计划（cron）或预期更新间隔 / a REST source needs a schedule or an expected interval");
        }
        String at = r.recordsAt() == null ? "" : r.recordsAt().strip();
        if (!at.isEmpty() && !at.startsWith("/")) {
            throw new InvalidStandardValue("rest.recordsAt", "JSON Pointer 以 / 开头（如 /data/records） / a JSON Pointer starts with / (such as /data/records)");
        }
        int size = r.pageSize() == null ? 100 : r.pageSize();
        if (size < 1 || size > 10_000) {
            throw new InvalidStandardValue("rest.pageSize", "每页1至10000条 / 1 to 10,000 records a page");
        }
        int first = r.firstPage() == null ? 0 : r.firstPage();
        if (first != 0 && first != 1) {
            throw new InvalidStandardValue("rest.firstPage", "首页为0或1 / the first page is 0 or 1");
        }
        String credential = r.credential() == null || r.credential().isBlank() ? null : r.credential().strip();
        if (credential != null && !credential.matches("[a-z0-9][a-z0-9-]{0,63}")) {
            throw new InvalidStandardValue("rest.credential", "凭据名为小写字母、数字和连字符（其值在配置中，不随数据源保存） / a credential's name is lower-case letters, digits "
                    + "and hyphens (its value is in the configuration, never stored with the source)");
        }
        String next = r.next() == null || r.next().isBlank() ? null : r.next().strip();
        if (next != null && !next.equals("Link") && !next.startsWith("/")) {
            throw new InvalidStandardValue("rest.next", "下一页为 Link（RFC 8288 响应头）或 JSON Pointer（如 /links/next） / the next page is \"Link\" (the RFC 8288 header) or "
                    + "a JSON Pointer (such as /links/next)");
        }
        String cursor = r.cursorParam() == null || r.cursorParam().isBlank() ? null : r.cursorParam().strip();
        if (cursor != null && (next == null || next.equals("Link") || !cursor.matches("[A-Za-z0-9_.\\-]{1,64}"))) {
            throw new InvalidStandardValue("rest.cursorParam", "游标参数须与指向游标的 next（JSON Pointer）同用，为字母、数字、_.- / a cursor parameter goes with next "
                    + "pointing at the cursor (a JSON Pointer), and is letters, digits, _ . -");
        }
        return new RestEndpoint(uri.toString(), at, blankOr(r.pageParam(), "page"), blankOr(r.sizeParam(), "size"), size, first,
                r.sinceParam() == null ? "since" : r.sinceParam().strip(), credential, next, cursor);
    }

    private static final java.util.regex.Pattern SERVERS = java.util.regex.Pattern.compile("[A-Za-z0-9.\\-]+:\\d{1,5}(,[A-Za-z0-9.\\-]+:\\d{1,5})*");
    // Kafka's own rule for topic names (and, for group ids, the same characters)
    private static final java.util.regex.Pattern TOPIC = java.util.regex.Pattern.compile("[A-Za-z0-9._\\-]{1,249}");

    /** A topic as declared, checked: brokers as host:port, a topic Kafka would accept, the group defaulted. */
    private static KafkaTopic kafkaTopic(KafkaTopic k, String sourceId) {
        if (k == null || k.bootstrapServers() == null || !SERVERS.matcher(k.bootstrapServers().strip()).matches()) {
            throw new InvalidStandardValue("kafka.bootstrapServers", "请填写 Kafka 集群地址（主机:端口，多个以逗号分隔） / give the Kafka cluster's brokers (host:port, comma-separated)");
        }
        if (k.topic() == null || !TOPIC.matcher(k.topic().strip()).matches()) {
            throw new InvalidStandardValue("kafka.topic", "主题名为字母、数字、点、下划线和连字符 / a topic is letters, digits, dots, underscores and hyphens");
        }
        String group = k.groupId() == null || k.groupId().isBlank() ? "citybrain-hub-" + sourceId : k.groupId().strip();
        if (!TOPIC.matcher(group).matches()) {
            throw new InvalidStandardValue("kafka.groupId", "消费组名为字母、数字、点、下划线和连字符 / a group id is letters, digits, dots, underscores and hyphens");
        }
        int seconds = k.batchSeconds() == null ? 60 : k.batchSeconds();
        if (seconds < 1 || seconds > 3600) {
            throw new InvalidStandardValue("kafka.batchSeconds", "批次间隔为1秒至1小时 / a batch is 1 second to 1 hour");
        }
        return new KafkaTopic(k.bootstrapServers().strip(), k.topic().strip(), group, seconds);
    }

    /** An MQTT topic as declared, checked: a broker URL, a topic filter MQTT allows, the batch defaulted. */
    private static MqttTopic mqttTopic(MqttTopic m) {
        if (m == null || m.url() == null || !m.url().strip().matches("(tcp|ssl)://[A-Za-z0-9.\\-]+(:\\d{1,5})?")) {
            throw new InvalidStandardValue("mqtt.url", "请填写 MQTT 服务器地址（tcp://主机:端口 或 ssl://…） / give the MQTT broker's URL (tcp://host:port or ssl://…)");
        }
        String topic = m.topic() == null ? "" : m.topic().strip();
        // MQTT 3.1.1 §4.7: '#' only last and alone in its level, '+' alone in its level; no $-topics of the broker's own
        boolean valid = !topic.isEmpty() && topic.length() <= 1000 && !topic.startsWith("$") && !topic.contains("\u0000");
        String[] levels = topic.split("/", -1);
        for (int i = 0; valid && i < levels.length; i++) {
            String level = levels[i];
            valid = (!level.contains("#") || level.equals("#") && i == levels.length - 1) && (!level.contains("+") || level.equals("+"));
        }
        if (!valid) {
            throw new InvalidStandardValue("mqtt.topic", "不是有效的主题过滤器（+ 与 # 各占一级，# 只在末级） / not a valid topic filter (+ and # each a whole level, # only last)");
        }
        String credential = m.credential() == null || m.credential().isBlank() ? null : m.credential().strip();
        if (credential != null && !credential.matches("[a-z0-9][a-z0-9-]{0,63}")) {
            throw new InvalidStandardValue("mqtt.credential", "凭据名为小写字母、数字和连字符（其值在配置中，不随数据源保存） / a credential's name is lower-case letters, digits "
                    + "and hyphens (its value is in the configuration, never stored with the source)");
        }
        int seconds = m.batchSeconds() == null ? 60 : m.batchSeconds();
        if (seconds < 1 || seconds > 3600) {
            throw new InvalidStandardValue("mqtt.batchSeconds", "批次间隔为1秒至1小时 / a batch is 1 second to 1 hour");
        }
        return new MqttTopic(m.url().strip(), topic, m.username() == null || m.username().isBlank() ? null : m.username().strip(), credential, seconds,
                m.shared() == null || m.shared());
    }

    /** A database read as declared, checked: a JDBC URL, one SELECT with one parameter, the change column named. */
    private static DatabaseRead databaseRead(DatabaseRead r, String schedule, Integer expectedMinutes) {
        if (r == null || r.url() == null || !r.url().strip().startsWith("jdbc:")) {
            throw new InvalidStandardValue("database.url", "请填写 JDBC 地址（jdbc:postgresql://…） / give the JDBC URL (jdbc:postgresql://…)");
        }
        if (r.url().toUpperCase(java.util.Locale.ROOT).contains("INIT=") || r.url().toUpperCase(java.util.Locale.ROOT).contains("SOCKETFACTORY")) {
            // an H2 INIT script or a driver's socket factory runs code of the URL's choosing in this process: never from a declaration
            throw new InvalidStandardValue("database.url", "JDBC 地址不得含 INIT 或 socketFactory / the JDBC URL may not carry INIT or socketFactory");
        }
        String query = r.query() == null ? "" : r.query().strip();
        if (!query.regionMatches(true, 0, "select ", 0, 7) || query.contains(";") || query.chars().filter(c -> c == '?').count() != 1) {
            throw new InvalidStandardValue("database.query", "须为一条 SELECT 语句，含一个参数 ?（上次读到的变更值） / one SELECT statement with one parameter ? (the last change value read)");
        }
        if (r.changeColumn() == null || r.changeColumn().isBlank()) {
            throw new InvalidStandardValue("database.changeColumn", "请指明变更列 / name the change column");
        }
        if (r.passwordVariable() != null && !r.passwordVariable().isBlank() && !r.passwordVariable().matches("[A-Z][A-Z0-9_]{0,63}")) {
            throw new InvalidStandardValue("database.passwordVariable", "密码所在环境变量名为大写字母、数字和下划线 / the password's environment variable is upper-case letters, digits and _");
        }
        if (schedule == null && expectedMinutes == null) {
            throw new InvalidStandardValue("schedule", "数据库数据源须有计划（cron）或预期更新间隔 / a database source needs a schedule or an expected interval");
        }
        return new DatabaseRead(r.url().strip(), r.user(), r.passwordVariable(), query, r.changeColumn().strip(), r.firstMark() == null ? "" : r.firstMark());
    }

    /** The last change value a successful read of a JDBC source saw: the next read starts after it. */
    void marked(String id, String mark) {
        jdbc.sql("update hub_source set change_mark = ? where id = ?").params(mark, id).update();
    }

    private static String blankOr(String v, String otherwise) {
        return v == null || v.isBlank() ? otherwise : v.strip();
    }

    /** A successful poll of a REST source began at this time: the next asks for what changed since. */
    void polled(String id, Instant since) {
        jdbc.sql("update hub_source set polled_since = ? where id = ? and (polled_since is null or polled_since < ?)")
                .params(java.sql.Timestamp.from(since), id, java.sql.Timestamp.from(since)).update();
    }

    /**
     * Claims a REST source's poll that is due: compare-and-set of {@code next_due} to the following one, so that of two
     * nodes one polls. A source never polled is due at once.
     */
    boolean claimPoll(Source s, Instant now, Instant following) {
        return jdbc.sql("update hub_source set next_due = ? where id = ? and (next_due is null or next_due <= ?)")
                .params(java.sql.Timestamp.from(following), s.id(), java.sql.Timestamp.from(now)).update() == 1;
    }

    /** Moves a REST source's next poll (sooner after a failure: the backoff). */
    void pollAgainAt(String id, Instant at) {
        jdbc.sql("update hub_source set next_due = ? where id = ?").params(java.sql.Timestamp.from(at), id).update();
    }

    Optional<Source> find(String id) {
        return jdbc.sql("select * from hub_source where id = ?").param(id).query((rs, n) -> source(rs)).optional();
    }

    private static Source source(java.sql.ResultSet rs) throws java.sql.SQLException {
        String delimiter = rs.getString("delimiter");
        return new Source(rs.getString("id"), rs.getString("name"), rs.getString("provider"), rs.getString("owner_unit"), Kind.valueOf(rs.getString("kind")),
                Format.valueOf(rs.getString("format")), rs.getString("encoding"), rs.getBoolean("all_or_nothing"), rs.getString("schedule"),
                (Integer) rs.getObject("expected_minutes"), rs.getString("dataset_id"), delimiter == null || delimiter.isEmpty() ? ',' : delimiter.charAt(0),
                instant(rs, "last_success_at"), instant(rs, "silence_alerted_at"), (Long) rs.getObject("running_run"), instant(rs, "created_at"),
                rs.getString("paging") == null ? null : PAGING.readValue(rs.getString("paging"), RestEndpoint.class), instant(rs, "polled_since"),
                rs.getString("database_read") == null ? null : PAGING.readValue(rs.getString("database_read"), DatabaseRead.class), rs.getString("change_mark"),
                rs.getString("stream") == null || !"KAFKA".equals(rs.getString("kind")) ? null : PAGING.readValue(rs.getString("stream"), KafkaTopic.class),
                rs.getString("stream") == null || !"MQTT".equals(rs.getString("kind")) ? null : PAGING.readValue(rs.getString("stream"), MqttTopic.class));
    }

    Source require(String id) {
        return find(id).orElseThrow(() -> new NotFound("source", "没有数据源 " + id + " / no source " + id));
    }

    /** The sources of a kind that have a published mapping (the ones a poller or a stream reader acts on), by id. */
    Map<String, Source> ready(Kind kind) {
        Map<String, Source> ready = new java.util.LinkedHashMap<>();
        for (Source s : all()) {
            if (s.kind() == kind && current(s.id()).isPresent()) {
                ready.put(s.id(), s);
            }
        }
        return ready;
    }

    List<Source> all() {
        return jdbc.sql("select * from hub_source order by id").query((rs, n) -> source(rs)).list();
    }

    /** Publishes a new version of a source's mapping; runs in flight finish on the version they started with. */
    @Transactional
    MappingVersion publish(CurrentUser user, String sourceId, JsonNode document) {
        Action.MANAGE_DATA_SOURCES.demand(user);
        Source source = require(sourceId);
        Mapping mapping = Mapping.parse(document);
        if (!mapping.dataset().equals(source.datasetId())) {
            throw new InvalidStandardValue("mapping.dataset", "映射的数据集应为 " + source.datasetId() + " / the mapping must load the source's dataset "
                    + source.datasetId());
        }
        for (String sink : mapping.sinks()) {
            RecordSink s = sinks.stream().filter(k -> k.name().equals(sink)).findFirst()
                    .orElseThrow(() -> new InvalidStandardValue("mapping.sinks", "没有接收方 " + sink + " / no sink " + sink));
            List<String> missing = s.requiredFields().stream().filter(f -> mapping.field(f) == null).sorted().toList();
            if (!missing.isEmpty()) {
                throw new InvalidStandardValue("mapping.sinks", sink + " 需要字段 " + String.join("、", missing) + " / " + sink + " needs the fields "
                        + String.join(", ", missing));
            }
        }
        int version = jdbc.sql("select coalesce(max(version), 0) + 1 from hub_mapping where source_id = ?").param(sourceId).query(Integer.class).single();
        jdbc.sql("insert into hub_mapping (source_id, version, document, published_by, published_at) values (?, ?, ?, ?, ?)")
                .params(sourceId, version, json.writeValueAsString(document), user.username(), java.sql.Timestamp.from(Instant.now())).update();
        return mapping(sourceId, version).orElseThrow();
    }

    Optional<MappingVersion> current(String sourceId) {
        return jdbc.sql("select max(version) from hub_mapping where source_id = ?").param(sourceId).query(Integer.class).optional()
                .flatMap(v -> mapping(sourceId, v));
    }

    Optional<MappingVersion> mapping(String sourceId, int version) {
        return jdbc.sql("select * from hub_mapping where source_id = ? and version = ?").params(sourceId, version).query((rs, n) -> {
            JsonNode doc = json.readTree(rs.getString("document"));
            return new MappingVersion(sourceId, version, Mapping.parse(doc), doc, rs.getString("published_by"), instant(rs, "published_at"));
        }).optional();
    }

    List<MappingVersion> versions(String sourceId) {
        return jdbc.sql("select version from hub_mapping where source_id = ? order by version desc").param(sourceId).query(Integer.class).list().stream()
                .map(v -> mapping(sourceId, v).orElseThrow()).toList();
    }

    static Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        java.sql.Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static String required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new InvalidStandardValue(field, "请填写 / this is required");
        }
        if (value.strip().length() > max) {
            throw new InvalidStandardValue(field, "不超过" + max + "个字符 / at most " + max + " characters");
        }
        return value.strip();
    }
}
