package org.citybrain.services.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.citybrain.standards.InvalidStandardValue;
import tools.jackson.databind.JsonNode;

/**
 * A rule table as an official writes it on the designer page, row by row — "when 申请人年龄 < 18, refuse, because …",
 * the first row that holds decides, a row with no field holds always — and the DMN decision table it is published as
 * (hit policy FIRST, one input per field the rows test), so the engine that runs every other service runs it too.
 * The rows are kept in the definition ({@code designerRules}) so the page shows them again for the next version.
 */
record DesignedRules(List<Row> rows, List<Integer> pageRows) {

    /** One row: the field it tests (empty: always), how, against what; the outcome and the reason the citizen reads. */
    record Row(String field, String op, String value, String outcome, String reasonZh, String reasonEn) {
    }

    static final List<String> OPS = List.of("=", "!=", "<", "<=", ">", ">=");
    static final List<String> OUTCOMES = List.of("GRANT", "REFUSE", "REVIEW");
    /** What a row may test besides the form's fields. */
    static final String AGE = "applicant.age";

    static DesignedRules ofPage(Map<String, String> v, int count) {
        List<Row> rows = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String p = "r" + i + ".";
            String outcome = v.getOrDefault(p + "outcome", "").strip();
            if (outcome.isEmpty()) {
                continue;
            }
            at.add(i);
            rows.add(new Row(v.getOrDefault(p + "field", "").strip(), v.getOrDefault(p + "op", "=").strip(), v.getOrDefault(p + "value", "").strip(), outcome,
                    v.getOrDefault(p + "reasonZh", "").strip(), v.getOrDefault(p + "reasonEn", "").strip()));
        }
        return new DesignedRules(List.copyOf(rows), List.copyOf(at));
    }

    static DesignedRules ofDefinition(JsonNode stored) {
        List<Row> rows = new ArrayList<>();
        for (JsonNode r : stored) {
            rows.add(new Row(r.path("field").asString(""), r.path("op").asString("="), r.path("value").asString(""), r.path("outcome").asString(""),
                    r.path("reasonZh").asString(""), r.path("reasonEn").asString("")));
        }
        return new DesignedRules(List.copyOf(rows), java.util.stream.IntStream.range(0, rows.size()).boxed().toList());
    }

    /** Each row's problems, named by the page's field of the row (r2.value), against the form's fields and their types. */
    List<InvalidStandardValue> problems(JsonNode form) {
        List<InvalidStandardValue> problems = new ArrayList<>();
        if (rows.isEmpty()) {
            problems.add(new InvalidStandardValue("r0.outcome", "请至少写一条规则 / write at least one rule"));
        }
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            String p = "r" + pageRows.get(i) + ".";
            if (!OUTCOMES.contains(r.outcome())) {
                problems.add(new InvalidStandardValue(p + "outcome", "结果为准予、不予或转人工审核 / the outcome is grant, refuse or review"));
            }
            if (r.reasonZh().isBlank() || r.reasonEn().isBlank() || r.reasonZh().length() > 300 || r.reasonEn().length() > 300) {
                problems.add(new InvalidStandardValue(p + "reasonZh", "请用中英文写明理由（300字以内），申请人会看到 / give the reason in both languages (up to 300 characters): the applicant reads it"));
            }
            if (r.field().isEmpty()) {
                continue;
            }
            String type = typeOf(r.field(), form);
            if (type == null) {
                problems.add(new InvalidStandardValue(p + "field", "表单中没有字段 " + r.field() + " / the form has no field " + r.field()));
                continue;
            }
            if (!OPS.contains(r.op()) || type.equals("string") && !r.op().equals("=") && !r.op().equals("!=")) {
                problems.add(new InvalidStandardValue(p + "op", "文字和选项只能比较等于或不等于 / text and choices compare by = or != only"));
            }
            boolean fits = switch (type) {
                case "number" -> r.value().matches("-?\\d+(\\.\\d+)?");
                case "date" -> r.value().matches("\\d{4}-\\d{2}-\\d{2}");
                default -> !r.value().isEmpty() && r.value().length() <= 100;
            };
            if (!fits) {
                problems.add(new InvalidStandardValue(p + "value", type.equals("number") ? "请填写数字 / enter a number"
                        : type.equals("date") ? "请按 2027-01-31 的格式填写日期 / enter a date as 2027-01-31" : "请填写比较的值（100字以内） / enter the value (up to 100 characters)"));
            }
        }
        return problems;
    }

    /** The rows as the definition keeps them. */
    tools.jackson.databind.node.ArrayNode json(tools.jackson.databind.json.JsonMapper json) {
        tools.jackson.databind.node.ArrayNode out = json.createArrayNode();
        for (Row r : rows) {
            out.addObject().put("field", r.field()).put("op", r.op()).put("value", r.value()).put("outcome", r.outcome()).put("reasonZh", r.reasonZh())
                    .put("reasonEn", r.reasonEn());
        }
        return out;
    }

    /** The page's values of the rows, after {@code empty} blank rows to add more. */
    void toPage(Map<String, String> v, int empty) {
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            v.put("r" + i + ".field", r.field());
            v.put("r" + i + ".op", r.op());
            v.put("r" + i + ".value", r.value());
            v.put("r" + i + ".outcome", r.outcome());
            v.put("r" + i + ".reasonZh", r.reasonZh());
            v.put("r" + i + ".reasonEn", r.reasonEn());
        }
        v.put("ruleRows", String.valueOf(rows.size() + empty));
    }

    /** The DMN 1.3 table of the rows: one input per field tested, a FEEL unary test per row, FIRST hit. */
    String dmn(JsonNode form) {
        Set<String> fields = new LinkedHashSet<>();
        rows.stream().map(Row::field).filter(f -> !f.isEmpty()).forEach(fields::add);
        if (fields.isEmpty()) {
            fields.add("today"); // a table needs an input: one no row tests
        }
        List<String> inputs = List.copyOf(fields);
        StringBuilder x = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="designed_rules" name="办理条件" namespace="https://citybrain.org/services">
                  <decision id="eligibility" name="办理条件（事项设计）">
                    <decisionTable id="table" hitPolicy="FIRST">
                """);
        for (int i = 0; i < inputs.size(); i++) {
            String f = inputs.get(i);
            String type = f.equals("today") ? "date" : typeOf(f, form);
            String expression = type.equals("date") ? "if " + f + " = null then null else date(" + f + ")" : f;
            x.append("      <input id=\"in").append(i).append("\" label=\"").append(xml(f)).append("\"><inputExpression id=\"ie").append(i).append("\"><text>")
                    .append(xml(expression)).append("</text></inputExpression></input>\n");
        }
        for (String o : List.of("outcome", "rule", "reasonZh", "reasonEn")) {
            x.append("      <output id=\"out_").append(o).append("\" name=\"").append(o).append("\" typeRef=\"string\"/>\n");
        }
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            x.append("      <rule id=\"r").append(r).append("\">\n");
            for (int i = 0; i < inputs.size(); i++) {
                String test = inputs.get(i).equals(row.field()) ? unaryTest(row, typeOf(row.field(), form)) : "-";
                x.append("        <inputEntry id=\"r").append(r).append("i").append(i).append("\"><text>").append(xml(test)).append("</text></inputEntry>\n");
            }
            List<String> outs = List.of(row.outcome(), "RULE_" + (r + 1), row.reasonZh(), row.reasonEn());
            for (int o = 0; o < outs.size(); o++) {
                x.append("        <outputEntry id=\"r").append(r).append("o").append(o).append("\"><text>").append(xml(feelString(outs.get(o))))
                        .append("</text></outputEntry>\n");
            }
            x.append("      </rule>\n");
        }
        return x.append("    </decisionTable>\n  </decision>\n</definitions>\n").toString();
    }

    /** The row's test in FEEL: numbers as numbers, dates as dates, text and choices as strings (= or != only). */
    private static String unaryTest(Row r, String type) {
        String value = switch (type) {
            case "number" -> r.value();
            case "date" -> "date(" + feelString(r.value()) + ")";
            default -> feelString(r.value());
        };
        return switch (r.op()) {
            case "=" -> value;
            case "!=" -> "not(" + value + ")";
            default -> r.op() + " " + value;
        };
    }

    /** The FEEL type of what a row tests: number, date or string; null when the form has no such field. */
    static String typeOf(String field, JsonNode form) {
        if (field.equals(AGE)) {
            return "number";
        }
        JsonNode p = form.path("properties").path(field);
        if (!p.isObject()) {
            return null;
        }
        String t = p.path("type").asString("string");
        return t.equals("number") || t.equals("integer") ? "number" : "date".equals(p.path("format").asString("")) ? "date" : "string";
    }

    private static String feelString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
