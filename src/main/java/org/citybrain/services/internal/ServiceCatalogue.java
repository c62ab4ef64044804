package org.citybrain.services.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.citybrain.datahub.SharedData;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.platform.Forbidden;
import org.citybrain.platform.NotFound;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The services the city offers, each in the versions its department published. Publishing checks a definition
 * whole before anything is stored — its form is a JSON Schema with labels, its table reads only the form's fields,
 * its materials and what the system provides, each shared material is covered by a grant to the department, its
 * workflow parses, validates, ends and calls only CityBrain's steps — then deploys the workflow and stores the new
 * version, in one transaction. A published version never changes, so nodes may keep it in memory.
 */
@Service
class ServiceCatalogue {

    /** A published version: its definition, where its workflow runs, and its parsed form and table. */
    record Published(ServiceDefinition definition, String processDefinitionId, Instant publishedAt, String publishedBy, FormSchema form,
                     EligibilityTable table) {
    }

    /** What the system gives every table besides the form and the materials. */
    static final Set<String> PROVIDED = Set.of("applicant", "today", "limits");

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Workflows workflows;
    private final SharedData shared;
    private final TransactionTemplate tx;
    private final Map<String, Published> versions = new ConcurrentHashMap<>();

    ServiceCatalogue(JdbcClient jdbc, JsonMapper json, Workflows workflows, SharedData shared, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.json = json;
        this.workflows = workflows;
        this.shared = shared;
        this.tx = tx;
    }

    // ---- publishing ----

    /** An officer publishes a service of her department (or its next version). */
    Published publish(CurrentUser officer, JsonNode definition) {
        Action.PUBLISH_SERVICE.demand(officer);
        String department = definition.path("department").asString("");
        if (!department.equals(officer.unitName())) {
            throw new Forbidden("department", "只能发布本部门的事项 / you publish only your own department's services");
        }
        return publishAs(officer.username(), definition);
    }

    /** Publishes as the named publisher: the next version of the code, checked whole first. */
    Published publishAs(String by, JsonNode given) {
        if (!given.isObject()) {
            throw new InvalidStandardValue("definition", "事项定义应为 JSON 对象 / a definition is a JSON object");
        }
        ObjectNode d = (ObjectNode) given.deepCopy();
        List<InvalidStandardValue> problems = problems(d);
        if (!problems.isEmpty()) {
            throw problems.getFirst().withOthers(problems);
        }
        String code = d.path("code").asString();
        return tx.execute(s -> {
            int version = jdbc.sql("select coalesce(max(version), 0) from svc_definition where code = ?").param(code).query(Integer.class).single() + 1;
            d.put("version", version);
            ServiceDefinition def = ServiceDefinition.of(d);
            String processDefinition = workflows.deploy(def);
            Instant now = Instant.now();
            jdbc.sql("""
                    insert into svc_definition (code, version, department, name_zh, name_en, definition, process_definition_id, published_at, published_by)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?)""").params(code, version, def.department(), def.nameZh(), def.nameEn(), json.writeValueAsString(d),
                    processDefinition, Timestamp.from(now), by).update();
            return version(code, version);
        });
    }

    /** The problems of a definition, each naming its part (form, materials[1].dataset, eligibility, workflow). */
    List<InvalidStandardValue> problems(JsonNode d) {
        List<InvalidStandardValue> problems = new ArrayList<>();
        String code = d.path("code").asString("");
        if (!code.matches("[a-z0-9][a-z0-9-]{2,63}")) {
            problems.add(new InvalidStandardValue("code", "事项编码为3至64位小写字母、数字和连字符 / the code is 3 to 64 lower-case letters, digits and hyphens"));
        }
        for (String f : List.of("department", "nameZh", "nameEn", "legalBasis")) {
            if (d.path(f).asString("").isBlank()) {
                problems.add(new InvalidStandardValue(f, "请填写 / this is required"));
            }
        }
        try {
            ServiceDefinition.Category.valueOf(d.path("category").asString("PERSONAL"));
        } catch (IllegalArgumentException e) {
            problems.add(new InvalidStandardValue("category", "服务对象应为 PERSONAL（个人）或 LEGAL_PERSON（法人） / category is PERSONAL or LEGAL_PERSON"));
        }
        for (JsonNode e : d.path("lifeEvents")) {
            if (!ServiceDefinition.LIFE_EVENTS.contains(e.asString())) {
                problems.add(new InvalidStandardValue("lifeEvents", "没有这个主题：" + e.asString() + " / no such life event: " + e.asString()));
            }
        }
        int promised = d.path("promisedDays").asInt(-1);
        int legal = d.path("legalDays").asInt(-1);
        if (promised < 0 || legal < 0 || promised > 365 || legal > 365) {
            problems.add(new InvalidStandardValue("promisedDays", "承诺时限和法定时限为0至365个工作日 / the time limits are 0 to 365 working days"));
        } else if (promised > legal) {
            problems.add(new InvalidStandardValue("promisedDays", "承诺时限不能长于法定时限 / the promised time limit cannot be longer than the legal one"));
        }
        FormSchema.problems(d.path("form")).forEach(p -> problems.add(new InvalidStandardValue("form", p)));
        Set<String> known = new HashSet<>(PROVIDED);
        d.path("form").path("properties").propertyNames().forEach(known::add);
        int i = 0;
        Set<String> materialNames = new HashSet<>();
        for (JsonNode m : d.path("materials")) {
            String at = "materials[" + i++ + "]";
            String name = m.path("name").asString("");
            if (!name.matches("[A-Za-z][A-Za-z0-9_]{0,63}") || !materialNames.add(name)) {
                problems.add(new InvalidStandardValue(at + ".name", "材料名应为不重复的标识符 / a material's name is an identifier, once"));
            }
            known.add(name);
            known.add(name + "List");
            known.add(name + "Count");
            if (m.path("labelZh").asString("").isBlank() || m.path("labelEn").asString("").isBlank()) {
                problems.add(new InvalidStandardValue(at + ".labelZh", "材料须有中英文名称 / a material needs its names in both languages"));
            }
            String origin = m.path("origin").asString("SUPPLIED");
            if (origin.equals("SHARED")) {
                String dataset = m.path("dataset").asString("");
                if (dataset.isBlank()) {
                    problems.add(new InvalidStandardValue(at + ".dataset", "共享材料须注明数据集 / a shared material names its dataset"));
                } else if (shared.grantOf(d.path("department").asString(""), dataset).isEmpty()) {
                    problems.add(new InvalidStandardValue(at + ".dataset", d.path("department").asString("") + "没有数据集 " + dataset
                            + " 的有效共享授权，请先申请 / the department holds no grant in force for dataset " + dataset + ": apply for it first"));
                }
            } else if (!origin.equals("SUPPLIED")) {
                problems.add(new InvalidStandardValue(at + ".origin", "材料来源为 SUPPLIED（申请人提交）或 SHARED（共享获取） / origin is SUPPLIED or SHARED"));
            }
        }
        String dmn = d.path("eligibility").asString("");
        if (dmn.isBlank()) {
            problems.add(new InvalidStandardValue("eligibility", "请给出办理条件的 DMN 决策表 / give the eligibility as a DMN decision table"));
        } else {
            try {
                EligibilityTable table = EligibilityTable.parse(dmn);
                List<String> unknown = table.names().stream().filter(n -> !known.contains(n)).sorted().toList();
                if (!unknown.isEmpty()) {
                    problems.add(new InvalidStandardValue("eligibility", "决策表读取了表单和材料中没有的字段：" + String.join("、", unknown)
                            + " / the table reads fields the form and materials lack: " + String.join(", ", unknown)));
                }
            } catch (IllegalArgumentException e) {
                problems.add(new InvalidStandardValue("eligibility", e.getMessage()));
            }
        }
        Set<String> formFields = new HashSet<>();
        d.path("form").path("properties").propertyNames().forEach(formFields::add);
        problems.addAll(CertificateOutput.problems(d.path("output"), formFields, materialNames));
        if (problems.stream().noneMatch(p -> p.field().equals("code") || p.field().startsWith("output."))) {
            workflows.problems(ServiceDefinition.of(d)).forEach(p -> problems.add(new InvalidStandardValue("workflow", p)));
        }
        return problems;
    }

    // ---- reading ----

    Published version(String code, int version) {
        return versions.computeIfAbsent(code + "@" + version, k -> load(code, version)
                .orElseThrow(() -> new NotFound("service", "没有这个事项 / no such service: " + code)));
    }

    /** The newest version of a service. */
    Published current(String code) {
        Integer v = jdbc.sql("select max(version) from svc_definition where code = ?").param(code).query(Integer.class).optional().orElse(null);
        if (v == null) {
            throw new NotFound("service", "没有这个事项 / no such service: " + code);
        }
        return version(code, v);
    }

    Optional<Published> find(String code) {
        try {
            return Optional.of(current(code));
        } catch (NotFound e) {
            return Optional.empty();
        }
    }

    /** The newest version of every service, by department and name. */
    List<Published> all() {
        return jdbc.sql("select code, max(version) from svc_definition group by code").query((rs, n) -> version(rs.getString(1), rs.getInt(2))).list()
                .stream().sorted(java.util.Comparator.comparing((Published p) -> p.definition().department()).thenComparing(p -> p.definition().nameZh()))
                .toList();
    }

    /** Services whose names, department or summary contain the words (either language), or all when there are none. */
    List<Published> search(String words) {
        if (words == null || words.isBlank()) {
            return all();
        }
        String w = words.strip().toLowerCase(Locale.ROOT);
        return all().stream().filter(p -> (p.definition().nameZh() + " " + p.definition().nameEn() + " " + p.definition().department() + " "
                + p.definition().summaryZh() + " " + p.definition().summaryEn()).toLowerCase(Locale.ROOT).contains(w)).toList();
    }

    List<Integer> versionsOf(String code) {
        return jdbc.sql("select version from svc_definition where code = ? order by version").param(code).query(Integer.class).list();
    }

    private Optional<Published> load(String code, int version) {
        return jdbc.sql("select definition, process_definition_id, published_at, published_by from svc_definition where code = ? and version = ?")
                .params(code, version).query((rs, n) -> {
                    JsonNode d = json.readTree(rs.getString(1));
                    ServiceDefinition def = ServiceDefinition.of(d);
                    return new Published(def, rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4), FormSchema.of(def.form()),
                            EligibilityTable.parse(def.eligibilityDmn()));
                }).optional();
    }

    // ---- the catalogue shipped with CityBrain ----

    /**
     * Publishes the services shipped in {@code services/} that are not published yet (a first start; a city's own
     * later versions are left alone). Two nodes starting at once: the primary key lets one version in, the other's
     * transaction — deployment included — rolls back.
     */
    void seed(List<JsonNode> definitions) {
        for (JsonNode d : definitions) {
            if (find(d.path("code").asString()).isEmpty()) {
                try {
                    publishAs("system", d);
                } catch (DuplicateKeyException raced) {
                    // the other node published it
                }
            }
        }
    }

    static String resource(String path) {
        try (var in = ServiceCatalogue.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
