package org.citybrain.datahub.internal;

import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import static org.citybrain.datahub.internal.Mapping.bad;

/**
 * One target field of a mapping: which source field(s) it reads, the transformations applied in order, its type, and
 * the checks a value must pass.
 *
 * <ul>
 *   <li>{@code transforms}: {@code trim}, {@code upper}, {@code lower}, {@code halfwidth} (full-width letters and
 *   digits, as typed on Chinese keyboards, to ASCII), {@code nospaces}, {@code division} (a place's name to its
 *   GB/T 2260 code: "郑州市" → 410100), {@code codes} (the code list in {@code codes}: a department's "男"/"女" → "1"/"2").</li>
 *   <li>{@code type}: text, integer, number (with {@code factor}: 分 → 元 is 0.01), date and datetime (with the
 *   {@code formats} departments write: "yyyy/M/d", "yyyy年M月d日", "yyyyMMddHHmmss"; times in the city's zone),
 *   boolean (是/否, 1/0, Y/N, true/false), point (two source fields, longitude then latitude, in {@code crs}
 *   WGS-84, GCJ-02 or BD-09, stored in WGS 84), geometry (a GeoJSON geometry, one source field — a GeoJSON file's
 *   {@code geometry} —, checked valid by the OGC simple-features rules, in {@code crs}, stored in WGS 84).</li>
 *   <li>{@code check}: GB11643 (ID number), GB2260 (a division that exists), GB32100 (credit code), MOBILE;
 *   {@code min} / {@code max} for numbers and dates (years), {@code maxLength} for text.</li>
 * </ul>
 */
record FieldRule(String name, String label, List<String> from, FieldType type, boolean required, List<String> transforms,
                 List<String> formats, Map<String, String> codes, String check, Double min, Double max, Double factor, String crs,
                 boolean personal, int maxLength) {

    enum FieldType { TEXT, INTEGER, NUMBER, DATE, DATETIME, BOOLEAN, POINT, GEOMETRY }

    static final Set<String> TRANSFORMS = Set.of("trim", "upper", "lower", "halfwidth", "nospaces", "division", "codes");
    static final Set<String> CHECKS = Set.of("GB11643", "GB2260", "GB32100", "MOBILE");
    static final Set<String> CRS = Set.of("WGS-84", "GCJ-02", "BD-09");

    static FieldRule parse(JsonNode f, String at) {
        if (f == null || !f.isObject()) {
            throw bad(at, "字段映射应为JSON对象 / a field mapping is a JSON object");
        }
        String name = Mapping.text(f, "name", true);
        String label = f.has("label") ? f.get("label").asString() : name;
        List<String> from = Mapping.strings(f, "from");
        if (from.isEmpty()) {
            from = List.of(name);
        }
        FieldType type;
        try {
            type = f.has("type") ? FieldType.valueOf(f.get("type").asString().toUpperCase()) : FieldType.TEXT;
        } catch (IllegalArgumentException e) {
            throw bad(at + ".type", "类型应为 text、integer、number、date、datetime、boolean、point、geometry / type must be text, integer, number, date, "
                    + "datetime, boolean, point or geometry");
        }
        if (type == FieldType.POINT && from.size() != 2) {
            throw bad(at + ".from", "坐标取两个字段：经度、纬度 / a point reads two fields: longitude, latitude");
        }
        if (type != FieldType.POINT && from.size() != 1) {
            throw bad(at + ".from", "只有坐标字段读取两个源字段 / only a point reads two source fields");
        }
        List<String> transforms = Mapping.strings(f, "transforms");
        for (String t : transforms) {
            if (!TRANSFORMS.contains(t)) {
                throw bad(at + ".transforms", "未知转换：" + t + " / unknown transformation " + t);
            }
        }
        Map<String, String> codes = new LinkedHashMap<>();
        if (f.has("codes")) {
            if (!f.get("codes").isObject()) {
                throw bad(at + ".codes", "代码表应为对象：原值→代码 / a code list is an object: value → code");
            }
            f.get("codes").properties().forEach(e -> codes.put(e.getKey(), e.getValue().asString()));
        }
        if (transforms.contains("codes") && codes.isEmpty()) {
            throw bad(at + ".codes", "转换 codes 需要代码表 / the codes transformation needs a code list");
        }
        List<String> formats = Mapping.strings(f, "formats");
        for (String pattern : formats) {
            try {
                DateTimeFormatter.ofPattern(pattern);
            } catch (IllegalArgumentException e) {
                throw bad(at + ".formats", "日期格式无效：" + pattern + " / not a date pattern: " + pattern);
            }
        }
        String check = f.has("check") ? f.get("check").asString().toUpperCase() : null;
        if (check != null && !CHECKS.contains(check)) {
            throw bad(at + ".check", "校验应为 GB11643、GB2260、GB32100、MOBILE / check must be GB11643, GB2260, GB32100 or MOBILE");
        }
        String crs = f.has("crs") ? f.get("crs").asString().toUpperCase() : "WGS-84";
        if (!CRS.contains(crs)) {
            throw bad(at + ".crs", "坐标系应为 WGS-84、GCJ-02、BD-09 / crs must be WGS-84, GCJ-02 or BD-09");
        }
        return new FieldRule(name, label, from, type, f.path("required").asBoolean(false), transforms, formats, codes, check, number(f, "min"),
                number(f, "max"), number(f, "factor"), crs, f.path("personal").asBoolean(false), f.path("maxLength").asInt(2000));
    }

    private static Double number(JsonNode f, String member) {
        JsonNode v = f.get(member);
        return v == null || v.isNull() ? null : v.asDouble();
    }

    FieldRule {
        from = List.copyOf(from);
        transforms = List.copyOf(transforms);
        formats = List.copyOf(formats);
        codes = Map.copyOf(codes);
    }
}
