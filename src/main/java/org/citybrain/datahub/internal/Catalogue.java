package org.citybrain.datahub.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.platform.NotFound;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The catalogue of the city's government data (政务数据资源目录): every dataset the city holds — those the hub loads
 * from sources and those the modules keep (residents, places, health codes, scans, ...) — with its owner department,
 * description, fields (which are personal data), sharing class as 国发〔2016〕51号 (《政务信息资源共享管理暂行办法》)
 * defines them, with the legal basis of any restriction, update frequency, quality score and lineage. The modules'
 * datasets are declared in {@code datahub/catalogue.json} and written on start; the hub's are described by the bureau.
 */
@Component
class Catalogue {

    /** 国发〔2016〕51号 第九条: the three sharing classes of government information resources. */
    enum SharingClass {
        /** 无条件共享: may be provided to every government department. */
        UNCONDITIONAL,
        /** 有条件共享: provided to some departments, or in part; the owner decides each application. */
        CONDITIONAL,
        /** 不予共享: not provided to other departments; only with a basis in law or policy. */
        NOT_SHARED
    }

    enum Frequency { REALTIME, HOURLY, DAILY, WEEKLY, MONTHLY, QUARTERLY, ANNUAL, IRREGULAR }

    /** A field as the catalogue lists it. */
    record Field(String name, String label, String type, boolean personal, boolean key) {
    }

    /** A catalogue entry. {@code origin}: "hub" for datasets the hub loads, else the module that keeps it. */
    record Entry(String id, String titleZh, String titleEn, String descriptionZh, String descriptionEn, String ownerUnit, String origin,
                 SharingClass sharingClass, String sharingBasis, Frequency frequency, List<Field> fields, String keywords, Instant modifiedAt,
                 Long records, Double qualityScore, Instant lastLoadedAt, List<String> sources, boolean personalData) {

        Entry {
            personalData = fields.stream().anyMatch(Field::personal);
        }
    }

    /** What the bureau declares about a hub dataset. */
    record Description(String titleZh, String titleEn, String descriptionZh, String descriptionEn, String ownerUnit, SharingClass sharingClass,
                       String sharingBasis, Frequency frequency, String keywords) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Sources sources;
    private final Runs runs;
    private final HubRecords records;

    Catalogue(JdbcClient jdbc, JsonMapper json, Sources sources, Runs runs, HubRecords records) {
        this.jdbc = jdbc;
        this.json = json;
        this.sources = sources;
        this.runs = runs;
        this.records = records;
    }

    /** Writes the modules' datasets as {@code datahub/catalogue.json} declares them (every node, idempotently). */
    @EventListener(ApplicationReadyEvent.class)
    @Order(0)
    @Transactional
    public void declareModuleDatasets() {
        try (InputStream in = new ClassPathResource("datahub/catalogue.json").getInputStream()) {
            for (JsonNode d : json.readTree(in)) {
                List<Field> fields = new ArrayList<>();
                for (JsonNode f : d.get("fields")) {
                    fields.add(new Field(f.get("name").asString(), f.get("label").asString(), f.path("type").asString("text"), f.path("personal").asBoolean(false),
                            f.path("key").asBoolean(false)));
                }
                Description desc = new Description(d.get("titleZh").asString(), d.get("titleEn").asString(), d.get("descriptionZh").asString(),
                        d.get("descriptionEn").asString(), d.get("ownerUnit").asString(), SharingClass.valueOf(d.get("sharingClass").asString()),
                        d.path("sharingBasis").asString(null), Frequency.valueOf(d.get("frequency").asString()), d.path("keywords").asString(""));
                store(d.get("id").asString(), desc, d.get("origin").asString(), fields);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Describes a hub dataset (its fields come from the mapping of the source that loads it). */
    @Transactional
    Entry describe(CurrentUser user, String id, Description d) {
        Action.MANAGE_DATA_SOURCES.demand(user);
        if (id == null || !Sources.ID.matcher(id).matches()) {
            throw new InvalidStandardValue("id", "数据集标识为2–64位小写字母、数字和连字符 / the dataset id is 2–64 lower-case letters, digits and hyphens");
        }
        Optional<String> origin = jdbc.sql("select origin from hub_dataset where id = ?").param(id).query(String.class).optional();
        if (origin.isPresent() && !origin.get().equals("hub")) {
            throw new InvalidStandardValue("id", "该数据集由" + origin.get() + "模块维护 / the dataset is kept by the " + origin.get() + " module");
        }
        store(id, d, "hub", List.of());
        return entry(id).orElseThrow();
    }

    private void store(String id, Description d, String origin, List<Field> fields) {
        require("titleZh", d.titleZh(), 200);
        require("titleEn", d.titleEn(), 200);
        require("descriptionZh", d.descriptionZh(), 2000);
        require("descriptionEn", d.descriptionEn(), 2000);
        require("ownerUnit", d.ownerUnit(), 200);
        if (d.sharingClass() == null) {
            throw new InvalidStandardValue("sharingClass", "请选择共享类型 / choose the sharing class");
        }
        if (d.sharingClass() != SharingClass.UNCONDITIONAL && (d.sharingBasis() == null || d.sharingBasis().isBlank())) {
            throw new InvalidStandardValue("sharingBasis", "有条件共享和不予共享须注明法律法规或政策依据 / conditional and non-shared datasets must cite their legal basis");
        }
        if (d.frequency() == null) {
            throw new InvalidStandardValue("frequency", "请选择更新频率 / choose the update frequency");
        }
        String fieldsJson = json.writeValueAsString(fields);
        java.sql.Timestamp now = java.sql.Timestamp.from(Instant.now());
        int n = jdbc.sql("""
                        update hub_dataset set title_zh = ?, title_en = ?, description_zh = ?, description_en = ?, owner_unit = ?, origin = ?, sharing_class = ?,
                               sharing_basis = ?, update_frequency = ?, fields = ?, keywords = ?, modified_at = ? where id = ?""")
                .params(d.titleZh().strip(), d.titleEn().strip(), d.descriptionZh().strip(), d.descriptionEn().strip(), d.ownerUnit().strip(), origin,
                        d.sharingClass().name(), blankToNull(d.sharingBasis()), d.frequency().name(), fieldsJson, blankToNull(d.keywords()), now, id).update();
        if (n == 0) {
            try {
                jdbc.sql("""
                                insert into hub_dataset (id, title_zh, title_en, description_zh, description_en, owner_unit, origin, sharing_class, sharing_basis,
                                                         update_frequency, fields, keywords, modified_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(id, d.titleZh().strip(), d.titleEn().strip(), d.descriptionZh().strip(), d.descriptionEn().strip(), d.ownerUnit().strip(),
                                origin, d.sharingClass().name(), blankToNull(d.sharingBasis()), d.frequency().name(), fieldsJson, blankToNull(d.keywords()), now)
                        .update();
            } catch (org.springframework.dao.DuplicateKeyException e) {
                // another node declared it at the same moment: the same declaration
            }
        }
    }

    /** Entries whose title, description, owner, keywords or field labels contain the text (all when blank). */
    List<Entry> search(CurrentUser user, String text) {
        Action.READ_CATALOGUE.demand(user);
        String q = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        List<Sources.Source> all = sources.all();
        return jdbc.sql("select * from hub_dataset order by origin, id").query((rs, n) -> row(rs)).list().stream().map(e -> withHubFacts(e, all))
                .filter(e -> q.isEmpty() || matches(e, q)).toList();
    }

    Entry require(CurrentUser user, String id) {
        Action.READ_CATALOGUE.demand(user);
        return entry(id).orElseThrow(() -> new NotFound("dataset", "目录中没有数据集 " + id + " / no dataset " + id + " in the catalogue"));
    }

    private static boolean matches(Entry e, String q) {
        return java.util.stream.Stream.of(e.titleZh(), e.titleEn(), e.descriptionZh(), e.descriptionEn(), e.ownerUnit(), e.keywords(), e.id())
                .anyMatch(s -> s != null && s.toLowerCase(Locale.ROOT).contains(q)) || e.fields().stream().anyMatch(f -> f.label().contains(q)
                || f.name().toLowerCase(Locale.ROOT).contains(q));
    }

    /** Every dataset's id, in id order. */
    List<String> ids() {
        return jdbc.sql("select id from hub_dataset order by id").query(String.class).list();
    }

    Optional<Entry> entry(String id) {
        return jdbc.sql("select * from hub_dataset where id = ?").param(id).query((rs, n) -> row(rs)).optional().map(e -> withHubFacts(e, sources.all()));
    }

    private Entry row(java.sql.ResultSet rs) throws java.sql.SQLException {
        List<Field> fields = new ArrayList<>();
        for (JsonNode f : json.readTree(rs.getString("fields"))) {
            fields.add(new Field(f.get("name").asString(), f.get("label").asString(), f.get("type").asString(), f.get("personal").asBoolean(),
                    f.get("key").asBoolean()));
        }
        return new Entry(rs.getString("id"), rs.getString("title_zh"), rs.getString("title_en"), rs.getString("description_zh"), rs.getString("description_en"),
                rs.getString("owner_unit"), rs.getString("origin"), SharingClass.valueOf(rs.getString("sharing_class")), rs.getString("sharing_basis"),
                Frequency.valueOf(rs.getString("update_frequency")), fields, rs.getString("keywords"), Sources.instant(rs, "modified_at"), null, null, null,
                List.of(), false);
    }

    /** A hub dataset's fields (from its current mapping), size, quality and sources. */
    private Entry withHubFacts(Entry e, List<Sources.Source> all) {
        if (!e.origin().equals("hub")) {
            return e;
        }
        List<String> feeding = all.stream().filter(s -> s.datasetId().equals(e.id())).map(Sources.Source::id).toList();
        List<Field> fields = e.fields();
        Sources.MappingVersion mapping = feeding.stream().map(sources::current).flatMap(Optional::stream).findFirst().orElse(null);
        if (mapping != null) {
            fields = mapping.mapping().catalogueFields();
        }
        Optional<Runs.Run> latest = runs.latestFinished(e.id());
        return new Entry(e.id(), e.titleZh(), e.titleEn(), e.descriptionZh(), e.descriptionEn(), e.ownerUnit(), e.origin(), e.sharingClass(),
                e.sharingBasis(), e.frequency(), fields, e.keywords(), e.modifiedAt(), records.count(e.id()),
                latest.map(r -> r.report() == null ? null : Math.round(r.report().score() * 10) / 10.0).orElse(null),
                latest.map(Runs.Run::finishedAt).orElse(null), feeding, false);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static void require(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new InvalidStandardValue(field, "请填写 / this is required");
        }
        if (value.strip().length() > max) {
            throw new InvalidStandardValue(field, "不超过" + max + "个字符 / at most " + max + " characters");
        }
    }

    /** Sharing class as DCAT's dct:accessRights, in the EU access-right vocabulary the DCAT-AP profiles use. */
    static String accessRight(SharingClass c) {
        return "http://publications.europa.eu/resource/authority/access-right/" + switch (c) {
            case UNCONDITIONAL -> "PUBLIC";
            case CONDITIONAL -> "RESTRICTED";
            case NOT_SHARED -> "NON_PUBLIC";
        };
    }

    /** Frequency as dct:accrualPeriodicity in the EU frequency vocabulary. */
    static String frequency(Frequency f) {
        return "http://publications.europa.eu/resource/authority/frequency/" + switch (f) {
            case REALTIME -> "UPDATE_CONT";
            case HOURLY -> "HOURLY";
            case DAILY -> "DAILY";
            case WEEKLY -> "WEEKLY";
            case MONTHLY -> "MONTHLY";
            case QUARTERLY -> "QUARTERLY";
            case ANNUAL -> "ANNUAL";
            case IRREGULAR -> "IRREG";
        };
    }
}
