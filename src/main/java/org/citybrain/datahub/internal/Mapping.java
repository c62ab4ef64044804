package org.citybrain.datahub.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.citybrain.standards.InvalidStandardValue;
import tools.jackson.databind.JsonNode;

/**
 * How a source's rows become records, declared as data and versioned: which fields to take (each a {@link FieldRule}),
 * the match key that finds a record again (so loading twice updates instead of duplicating), the dataset it lands in,
 * and optionally the twin entity type and the modules' sinks that also take it.
 *
 * <pre>{@code
 * {"dataset": "railway-arrivals", "key": ["idNumber", "train", "arrivedAt"], "division": "origin",
 *  "sinks": ["health.arrivals"],
 *  "twin": {"type": "Pharmacy"},
 *  "fields": [{"name": "idNumber", "from": "证件号码", "required": true, "transforms": ["trim", "upper"], "check": "GB11643", "personal": true}, ...]}
 * }</pre>
 *
 * @param division the field holding a division code, by which sharing grants filter rows (a district's own records)
 */
record Mapping(String dataset, List<String> key, String division, List<String> sinks, TwinTarget twin, List<FieldRule> fields) {

    /** The fields holding people's ID numbers (checked as GB 11643): the hub indexes the people a record names by them. */
    List<String> personIdFields() {
        return fields.stream().filter(f -> "GB11643".equals(f.check())).map(FieldRule::name).toList();
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    private static final Pattern TYPE = Pattern.compile("[A-Z][A-Za-z0-9]{0,63}");

    /**
     * The twin entity type the records also become, {@code urn:ngsi-ld:<type>:<key>} — or, with {@code matchPlace},
     * the entity of that type already in the twin that is the same place: within {@code within} metres of the record's
     * point, with the same name and (where both have one) the same address, compared as people write them (full-width
     * or half-width, with or without spaces and brackets). So a second department's list of the same pharmacies
     * enriches them instead of doubling them.
     */
    record TwinTarget(String type, MatchPlace matchPlace) {
    }

    /** Fields of the record that name the place and its address, and how near is the same place. */
    record MatchPlace(String name, String address, String point, double within) {
    }

    Mapping {
        key = List.copyOf(key);
        sinks = List.copyOf(sinks);
        fields = List.copyOf(fields);
    }

    FieldRule field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
    }

    /** The source fields the mapping reads: a CSV's header must have them all. */
    Set<String> sourceFields() {
        Set<String> names = new LinkedHashSet<>();
        fields.forEach(f -> names.addAll(f.from()));
        return names;
    }

    /**
     * Reads and checks a mapping document; a refusal names the member at fault ({@code mapping.fields[2].type}).
     */
    static Mapping parse(JsonNode doc) {
        if (doc == null || !doc.isObject()) {
            throw bad("mapping", "映射应为JSON对象 / a mapping is a JSON object");
        }
        String dataset = text(doc, "dataset", true);
        if (!Sources.ID.matcher(dataset).matches()) {
            throw bad("mapping.dataset", "数据集标识为小写字母、数字和连字符 / a dataset id is lower-case letters, digits and hyphens");
        }
        List<FieldRule> fields = new ArrayList<>();
        JsonNode fs = doc.get("fields");
        if (fs == null || !fs.isArray() || fs.isEmpty()) {
            throw bad("mapping.fields", "至少映射一个字段 / map at least one field");
        }
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < fs.size(); i++) {
            FieldRule f = FieldRule.parse(fs.get(i), "mapping.fields[" + i + "]");
            if (!NAME.matcher(f.name()).matches()) {
                throw bad("mapping.fields[" + i + "].name", "字段名为字母开头的字母、数字 / a field name is letters and digits, starting with a letter");
            }
            if (!names.add(f.name())) {
                throw bad("mapping.fields[" + i + "].name", "字段名重复：" + f.name() + " / the field " + f.name() + " is mapped twice");
            }
            fields.add(f);
        }
        List<String> key = strings(doc, "key");
        if (key.isEmpty()) {
            throw bad("mapping.key", "请指定匹配键字段 / name the match key's fields");
        }
        for (String k : key) {
            if (!names.contains(k)) {
                throw bad("mapping.key", "匹配键字段未映射：" + k + " / the key field " + k + " is not mapped");
            }
        }
        String division = text(doc, "division", false);
        if (division != null && !names.contains(division)) {
            throw bad("mapping.division", "区划字段未映射：" + division + " / the division field " + division + " is not mapped");
        }
        TwinTarget twin = null;
        if (doc.has("twin")) {
            String type = text(doc.get("twin"), "type", true);
            if (!TYPE.matcher(type).matches()) {
                throw bad("mapping.twin.type", "实体类型为大写字母开头的字母、数字 / an entity type is letters and digits, starting with a capital");
            }
            MatchPlace match = null;
            JsonNode m = doc.get("twin").get("matchPlace");
            if (m != null && !m.isNull()) {
                String nameField = text(m, "name", true);
                String addressField = text(m, "address", false);
                String pointField = fields.stream().filter(f -> f.type() == FieldRule.FieldType.POINT).map(FieldRule::name).findFirst()
                        .orElseThrow(() -> bad("mapping.twin.matchPlace", "按地点匹配须有坐标字段 / matching a place needs a point field"));
                for (String f : java.util.Arrays.asList(nameField, addressField)) {
                    if (f != null && fields.stream().noneMatch(x -> x.name().equals(f))) {
                        throw bad("mapping.twin.matchPlace", "没有字段 " + f + " / no field " + f);
                    }
                }
                double within = m.path("within").asDouble(50);
                if (within <= 0 || within > 5_000) {
                    throw bad("mapping.twin.matchPlace.within", "距离为1至5000米 / 1 to 5,000 metres");
                }
                match = new MatchPlace(nameField, addressField, pointField, within);
            }
            twin = new TwinTarget(type, match);
        }
        return new Mapping(dataset, key, division, strings(doc, "sinks"), twin, fields);
    }

    /** The mapping's fields as the catalogue lists them. */
    List<Catalogue.Field> catalogueFields() {
        return fields.stream().map(f -> new Catalogue.Field(f.name(), f.label(), f.type().name().toLowerCase(), f.personal(), key.contains(f.name()))).toList();
    }

    static String text(JsonNode node, String member, boolean required) {
        JsonNode v = node == null ? null : node.get(member);
        if (v == null || v.isNull() || v.asString().isBlank()) {
            if (required) {
                throw bad("mapping." + member, "缺少 " + member + " / " + member + " is required");
            }
            return null;
        }
        if (!v.isString()) {
            throw bad("mapping." + member, member + " 应为文本 / " + member + " must be a string");
        }
        return v.asString().strip();
    }

    static List<String> strings(JsonNode node, String member) {
        JsonNode v = node.get(member);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (v.isString()) {
            return List.of(v.asString());
        }
        if (!v.isArray()) {
            throw bad("mapping." + member, member + " 应为文本数组 / " + member + " must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        v.forEach(e -> out.add(e.asString()));
        return out;
    }

    static InvalidStandardValue bad(String field, String reason) {
        return new InvalidStandardValue(field, reason);
    }
}
