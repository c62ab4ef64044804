package org.citybrain.datahub.internal;

import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.citybrain.city.Divisions;
import org.citybrain.datahub.ChineseMapCoordinates;
import org.citybrain.standards.CreditCode;
import org.citybrain.standards.DivisionCode;
import org.citybrain.standards.IdNumber;
import org.citybrain.standards.InvalidStandardValue;
import org.citybrain.standards.MobileNumber;

/** A mapping applied to rows: each source row becomes a record, or the list of what is wrong with it, field by field. */
final class RowMapping {

    /** A refusal of one field of one row: what the quality report counts and the correction page shows. */
    record Problem(String field, String reason, Kind kind) {
        enum Kind { MISSING, INVALID, OUT_OF_RANGE, UNREADABLE }
    }

    /**
     * A row after mapping: its values (when it has no problem), its match key and division, and which target fields
     * it filled (for completeness).
     */
    record Mapped(long number, Map<String, Object> values, String key, String division, List<Problem> problems, List<String> filled) {

        boolean accepted() {
            return problems.isEmpty();
        }
    }

    static final List<String> DATE_FORMATS = List.of("uuuu-MM-dd", "uuuu/M/d", "uuuuMMdd", "uuuu年M月d日", "uuuu.M.d");
    static final List<String> DATETIME_FORMATS = List.of("uuuu-MM-dd HH:mm:ss", "uuuu-MM-dd HH:mm", "uuuu/M/d H:mm:ss", "uuuu/M/d H:mm",
            "uuuuMMddHHmmss", "uuuu年M月d日 H:mm", "uuuu-MM-dd'T'HH:mm:ss");

    private final Mapping mapping;
    private final Divisions divisions;
    private final ZoneId zone;
    private final Map<String, List<DateTimeFormatter>> formatters = new LinkedHashMap<>();

    RowMapping(Mapping mapping, Divisions divisions, ZoneId zone) {
        this.mapping = mapping;
        this.divisions = divisions;
        this.zone = zone;
        for (FieldRule f : mapping.fields()) {
            List<String> patterns = !f.formats().isEmpty() ? f.formats() : f.type() == FieldRule.FieldType.DATE ? DATE_FORMATS : DATETIME_FORMATS;
            formatters.put(f.name(), patterns.stream().map(p -> DateTimeFormatter.ofPattern(p.replace("yyyy", "uuuu"), Locale.ROOT)
                    .withResolverStyle(ResolverStyle.STRICT)).toList());
        }
    }

    Mapping mapping() {
        return mapping;
    }

    Mapped map(SourceRow row) {
        List<Problem> problems = new ArrayList<>();
        if (row.unreadable() != null) {
            problems.add(new Problem(row.unreadable().field(), row.unreadable().reason(), Problem.Kind.UNREADABLE));
            return new Mapped(row.number(), Map.of(), null, null, problems, List.of());
        }
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> filled = new ArrayList<>();
        for (FieldRule f : mapping.fields()) {
            try {
                Object v = value(f, row.fields());
                if (v == null) {
                    if (f.required()) {
                        problems.add(new Problem(f.name(), "必填字段为空 / a required field is empty", Problem.Kind.MISSING));
                    }
                    continue;
                }
                filled.add(f.name());
                String range = outOfRange(f, v);
                if (range != null) {
                    problems.add(new Problem(f.name(), range, Problem.Kind.OUT_OF_RANGE));
                    continue;
                }
                values.put(f.name(), v);
            } catch (InvalidStandardValue e) {
                filled.add(f.name());
                problems.add(new Problem(f.name(), e.getMessage(), Problem.Kind.INVALID));
            }
        }
        if (!problems.isEmpty()) {
            return new Mapped(row.number(), values, null, null, problems, filled);
        }
        StringBuilder key = new StringBuilder();
        for (String k : mapping.key()) {
            key.append(key.isEmpty() ? "" : "|").append(keyText(values.get(k)));
        }
        if (key.length() > 200) {
            problems.add(new Problem(mapping.key().getFirst(), "匹配键超过200个字符 / the match key is longer than 200 characters", Problem.Kind.INVALID));
        }
        String division = mapping.division() == null ? null : (String) values.get(mapping.division());
        return new Mapped(row.number(), values, key.toString(), division, problems, filled);
    }

    private static String keyText(Object v) {
        return v instanceof double[] p ? p[0] + "," + p[1] : String.valueOf(v);
    }

    /** The field's typed value, null when the source left it empty; refuses with the reason when it cannot be one. */
    private Object value(FieldRule f, Map<String, String> fields) {
        if (f.type() == FieldRule.FieldType.POINT) {
            String lon = transformed(f, fields.get(f.from().get(0)));
            String lat = transformed(f, fields.get(f.from().get(1)));
            if (lon == null && lat == null) {
                return null;
            }
            return point(f, lon, lat);
        }
        String text = transformed(f, fields.get(f.from().getFirst()));
        if (text == null) {
            return null;
        }
        Object typed = switch (f.type()) {
            case TEXT -> {
                if (text.length() > f.maxLength()) {
                    throw invalid("长度超过" + f.maxLength() + " / longer than " + f.maxLength() + " characters");
                }
                yield text;
            }
            case INTEGER -> {
                double d = number(text) * (f.factor() == null ? 1 : f.factor());
                if (d != Math.rint(d) || Math.abs(d) > 9.0e15) {
                    throw invalid("不是整数：" + text + " / not a whole number: " + text);
                }
                yield (long) d;
            }
            case NUMBER -> number(text) * (f.factor() == null ? 1 : f.factor());
            case DATE -> date(f, text);
            case DATETIME -> dateTime(f, text);
            case BOOLEAN -> switch (text.toLowerCase(Locale.ROOT)) {
                case "是", "1", "y", "yes", "true", "t" -> true;
                case "否", "0", "n", "no", "false", "f" -> false;
                default -> throw invalid("不是是/否：" + text + " / not yes or no: " + text);
            };
            case POINT -> throw new IllegalStateException();
            case GEOMETRY -> GeoJsonGeometry.checked(text, f.crs());
        };
        if (typed instanceof GeoJsonGeometry g && g.problem() != null) {
            throw invalid(g.problem());
        }
        if (f.check() != null && typed instanceof String s) {
            return checked(f.check(), s);
        }
        return typed;
    }

    private String transformed(FieldRule f, String raw) {
        if (raw == null) {
            return null;
        }
        String v = raw;
        for (String t : f.transforms()) {
            v = switch (t) {
                case "trim" -> v.strip();
                case "upper" -> v.toUpperCase(Locale.ROOT);
                case "lower" -> v.toLowerCase(Locale.ROOT);
                // NFKC folds full-width Latin letters, digits and punctuation (ＡＢＣ１２３，) to ASCII and leaves Chinese alone
                case "halfwidth" -> Normalizer.normalize(v, Normalizer.Form.NFKC);
                case "nospaces" -> v.replaceAll("[\\s\\u3000]+", "");
                case "codes" -> {
                    if (v.isBlank()) {
                        yield v;
                    }
                    String code = f.codes().get(v.strip());
                    if (code == null) {
                        throw invalid("不在代码表中：" + v + " / not in the code list: " + v);
                    }
                    yield code;
                }
                case "division" -> v.isBlank() ? v : division(v.strip());
                default -> v;
            };
        }
        // an all-space value is empty whatever the mapping says
        return v.isBlank() ? null : v;
    }

    private final Map<String, String> divisionsByName = new java.util.HashMap<>();
    private static final java.util.regex.Pattern DIVISION_PARTS = java.util.regex.Pattern.compile("(?<=省|自治区|特别行政区|市|自治州|地区|盟|区|县|旗)");

    /**
     * A place's name as departments write it — "鹤山区", "鹤山区 · 鹤壁市 · 河南省" or "河南省鹤壁市鹤山区" — as its code.
     * Names repeat in a feed, so each is resolved once per run (at most 10,000 kept).
     */
    private String division(String name) {
        if (name.chars().allMatch(Character::isDigit)) {
            return name;
        }
        String known = divisionsByName.get(name);
        if (known != null) {
            return known;
        }
        String code = resolveDivision(name);
        if (code == null) {
            throw invalid("无法确定行政区划：" + name + " / no single division is called " + name);
        }
        if (divisionsByName.size() < 10_000) {
            divisionsByName.put(name, code);
        }
        return code;
    }

    private String resolveDivision(String name) {
        try {
            return divisions.resolve("division", name, Divisions.Scope.ANY).code();
        } catch (RuntimeException e) {
            String[] parts = DIVISION_PARTS.split(name);
            if (parts.length < 2) {
                return null;
            }
            String last = parts[parts.length - 1];
            List<Divisions.Division> candidates = divisions.search(last, Divisions.Scope.ANY, 50).stream().filter(d -> d.name().equals(last))
                    .filter(d -> java.util.Arrays.stream(parts).allMatch(p -> d.label().contains(p))).toList();
            return candidates.size() == 1 ? candidates.getFirst().code() : null;
        }
    }

    private static double number(String text) {
        try {
            double d = Double.parseDouble(text.replace(",", "").replace("，", ""));
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw invalid("不是数字：" + text + " / not a number: " + text);
        }
    }

    private LocalDate date(FieldRule f, String text) {
        for (DateTimeFormatter format : formatters.get(f.name())) {
            try {
                return LocalDate.parse(text, format);
            } catch (DateTimeParseException e) {
                // the next format the department may use
            }
        }
        try {
            // a spreadsheet's own dates arrive as ISO dates, whatever the department types elsewhere
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid("日期格式不符：" + text + " / not a date in the declared formats: " + text);
        }
    }

    private Instant dateTime(FieldRule f, String text) {
        for (DateTimeFormatter format : formatters.get(f.name())) {
            try {
                return LocalDateTime.parse(text, format).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                // the next format
            }
        }
        try {
            return LocalDateTime.parse(text).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            // with an offset, below
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid("时间格式不符：" + text + " / not a time in the declared formats: " + text);
        }
    }

    private static double[] point(FieldRule f, String lonText, String latText) {
        if (lonText == null || latText == null) {
            throw invalid("经度和纬度都应填写 / both longitude and latitude are needed");
        }
        double lon = number(lonText);
        double lat = number(latText);
        if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
            throw invalid("坐标超出范围：" + lonText + "," + latText + " / coordinates out of range: " + lonText + "," + latText);
        }
        return switch (f.crs()) {
            case "GCJ-02" -> ChineseMapCoordinates.gcj02ToWgs84(lon, lat);
            case "BD-09" -> ChineseMapCoordinates.bd09ToWgs84(lon, lat);
            default -> new double[]{lon, lat};
        };
    }

    private String checked(String check, String s) {
        return switch (check) {
            case "GB11643" -> IdNumber.parse(s).value();
            case "GB32100" -> new CreditCode(s.toUpperCase(Locale.ROOT)).value();
            case "MOBILE" -> new MobileNumber(s).value();
            case "GB2260" -> {
                DivisionCode code = new DivisionCode(s);
                if (divisions.byCode(code.value()).isEmpty()) {
                    throw invalid("区划代码不存在：" + s + " / no division has the code " + s);
                }
                yield code.value();
            }
            default -> s;
        };
    }

    private static String outOfRange(FieldRule f, Object v) {
        Double n = switch (v) {
            case Long l -> l.doubleValue();
            case Double d -> d;
            case LocalDate d -> (double) d.getYear();
            case Instant i -> (double) i.atZone(ZoneId.of("UTC")).getYear();
            default -> null;
        };
        if (n == null) {
            return null;
        }
        if (f.min() != null && n < f.min() || f.max() != null && n > f.max()) {
            return "超出范围 [" + fmt(f.min()) + ", " + fmt(f.max()) + "]：" + (v instanceof Double d ? fmt(d) : v) + " / out of range [" + fmt(f.min())
                    + ", " + fmt(f.max()) + "]";
        }
        return null;
    }

    private static String fmt(Double d) {
        return d == null ? "" : d == Math.rint(d) ? String.valueOf(d.longValue()) : String.valueOf(d);
    }

    private static InvalidStandardValue invalid(String reason) {
        return new InvalidStandardValue("value", reason);
    }
}
