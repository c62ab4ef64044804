package org.citybrain.services.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.citybrain.standards.InvalidStandardValue;
import tools.jackson.databind.JsonNode;

/**
 * A service's form as a JSON Schema (2020-12), checked by networknt's validator: on publishing against the
 * meta-schema, on each submission against the form, with conditions between fields ({@code if}/{@code then}: the
 * monthly rent is asked only when the ground is rent). Each problem names the form's own field, in both languages,
 * with the field's label, so the page's error summary can link to it.
 */
final class FormSchema {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Schema META = REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

    private final Schema schema;
    private final JsonNode form;

    private FormSchema(Schema schema, JsonNode form) {
        this.schema = schema;
        this.form = form;
    }

    /** The problems of a form as a schema: not one, not an object, fields without labels in both languages. */
    static List<String> problems(JsonNode form) {
        List<String> problems = new ArrayList<>();
        if (form == null || !form.isObject()) {
            problems.add("表单应为 JSON Schema 对象 / the form must be a JSON Schema object");
            return problems;
        }
        for (Error e : META.validate(form)) {
            problems.add("表单不是有效的 JSON Schema：" + e.getMessage() + " / the form is not a valid JSON Schema: " + e.getMessage());
        }
        if (!"object".equals(form.path("type").asString(""))) {
            problems.add("表单的 type 应为 object / the form's type must be object");
        }
        if (!form.path("properties").isObject() || form.path("properties").isEmpty()) {
            problems.add("表单至少要有一个字段 / the form needs at least one field");
        }
        for (var p : form.path("properties").properties()) {
            if (!p.getKey().matches("[A-Za-z][A-Za-z0-9_]{0,63}")) {
                problems.add("字段名应为字母开头的标识符：" + p.getKey() + " / a field's name must be an identifier: " + p.getKey());
            }
            if (p.getValue().path("x-labelZh").asString("").isBlank() || p.getValue().path("x-labelEn").asString("").isBlank()) {
                problems.add("字段 " + p.getKey() + " 缺少中英文标签（x-labelZh、x-labelEn） / field " + p.getKey() + " lacks its labels (x-labelZh, x-labelEn)");
            }
        }
        for (JsonNode r : form.path("required")) {
            if (!form.path("properties").has(r.asString())) {
                problems.add("必填字段 " + r.asString() + " 不在表单中 / the required field " + r.asString() + " is not in the form");
            }
        }
        return problems;
    }

    static FormSchema of(JsonNode form) {
        return new FormSchema(REGISTRY.getSchema(form.toString()), form);
    }

    /** Every problem of a submission, each naming its field (the form's name for it). */
    List<InvalidStandardValue> check(JsonNode data) {
        Map<String, InvalidStandardValue> byField = new LinkedHashMap<>();
        for (Error e : schema.validate(data)) {
            String field = fieldOf(e);
            byField.putIfAbsent(field, new InvalidStandardValue(field, message(e, field)));
        }
        return List.copyOf(byField.values());
    }

    private static String fieldOf(Error e) {
        if ("required".equals(e.getKeyword()) && e.getProperty() != null) {
            return e.getProperty();
        }
        String at = e.getInstanceLocation() == null ? "" : e.getInstanceLocation().toString();
        // "$.monthlyRent" or "/monthlyRent": the first step is the form's field
        String path = at.replaceFirst("^\\$\\.?", "").replaceFirst("^/", "");
        int cut = path.indexOf('.') >= 0 ? path.indexOf('.') : path.indexOf('/') >= 0 ? path.indexOf('/') : path.indexOf('[');
        String field = cut >= 0 ? path.substring(0, cut) : path;
        return field.isEmpty() ? "form" : field;
    }

    private String message(Error e, String field) {
        JsonNode p = form.path("properties").path(field);
        String zh = p.path("x-labelZh").asString(field);
        String en = p.path("x-labelEn").asString(field);
        return switch (e.getKeyword()) {
            case "required" -> "请填写" + zh + " / enter " + en;
            case "type" -> zh + "的格式不对 / " + en + " is not of the right kind";
            case "minimum", "exclusiveMinimum" -> zh + "不能小于" + p.path("minimum").asString(p.path("exclusiveMinimum").asString("")) + " / " + en
                    + " cannot be less than " + p.path("minimum").asString(p.path("exclusiveMinimum").asString(""));
            case "maximum", "exclusiveMaximum" -> zh + "不能大于" + p.path("maximum").asString(p.path("exclusiveMaximum").asString("")) + " / " + en
                    + " cannot be more than " + p.path("maximum").asString(p.path("exclusiveMaximum").asString(""));
            case "minLength" -> zh + "至少" + p.path("minLength").asString() + "个字符 / " + en + " needs at least " + p.path("minLength").asString() + " characters";
            case "maxLength" -> zh + "不超过" + p.path("maxLength").asString() + "个字符 / " + en + " takes at most " + p.path("maxLength").asString() + " characters";
            case "pattern", "format" -> p.path("x-patternZh").asString(zh + "的格式不对") + " / " + p.path("x-patternEn").asString(en + " is not in the right form");
            case "enum", "const" -> "请从列表中选择" + zh + " / choose " + en + " from the list";
            case "additionalProperties", "unevaluatedProperties" -> "表单没有这个字段 / the form has no such field";
            default -> zh + "填写有误 / " + en + " is not valid";
        };
    }
}
