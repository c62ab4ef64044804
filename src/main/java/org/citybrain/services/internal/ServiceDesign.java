package org.citybrain.services.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A service's definition as the designer page edits it, and back: the guide's facts as fields, the form's fields and
 * the materials as rows, the rule table and the workflow chosen from templates. What the page does not edit — a
 * field's range, pattern and conditions, the city's limits, the output — is kept from the version it starts from, so
 * that a new version changes only what the officer changed.
 */
final class ServiceDesign {

    /** The types a designer's field may have, and how each becomes JSON Schema. */
    static final List<String> TYPES = List.of("text", "number", "integer", "date", "choice");
    static final int EMPTY_ROWS = 2;

    private ServiceDesign() {
    }

    /** The page's values for a definition (the current version's, or a new service's starting point). */
    static Map<String, String> valuesOf(JsonNode d) {
        Map<String, String> v = new LinkedHashMap<>();
        for (String f : List.of("code", "nameZh", "nameEn", "summaryZh", "summaryEn", "legalBasis", "category")) {
            v.put(f, d.path(f).asString(""));
        }
        for (String f : List.of("promisedDays", "legalDays", "fee")) {
            v.put(f, d.has(f) ? d.path(f).asString() : "");
        }
        if (d.path("designerRules").isArray()) {
            v.put("rules", "ROWS");
            DesignedRules.ofDefinition(d.path("designerRules")).toPage(v, EMPTY_ROWS);
        } else {
            v.put("rules", "KEEP");
            v.put("ruleRows", String.valueOf(EMPTY_ROWS));
        }
        v.put("workflow", d.path("workflow").path("template").asString("REVIEW"));
        int i = 0;
        JsonNode required = d.path("form").path("required");
        for (String name : d.path("form").path("properties").propertyNames()) {
            JsonNode p = d.path("form").path("properties").path(name);
            String type = typeOf(p);
            v.put("f" + i + ".name", name);
            v.put("f" + i + ".type", type);
            v.put("f" + i + ".labelZh", p.path("x-labelZh").asString(""));
            v.put("f" + i + ".labelEn", p.path("x-labelEn").asString(""));
            v.put("f" + i + ".helpZh", p.path("x-helpZh").asString(""));
            v.put("f" + i + ".helpEn", p.path("x-helpEn").asString(""));
            boolean isRequired = false;
            for (JsonNode r : required) {
                isRequired |= r.asString().equals(name);
            }
            v.put("f" + i + ".required", isRequired ? "true" : "");
            if (type.equals("choice")) {
                List<String> lines = new ArrayList<>();
                for (JsonNode c : p.path("enum")) {
                    lines.add(c.asString() + "=" + p.path("x-choicesZh").path(c.asString()).asString(c.asString()) + "="
                            + p.path("x-choicesEn").path(c.asString()).asString(c.asString()));
                }
                v.put("f" + i + ".choices", String.join("; ", lines));
            }
            i++;
        }
        v.put("fieldRows", String.valueOf(i + EMPTY_ROWS));
        int m = 0;
        for (JsonNode mat : d.path("materials")) {
            v.put("m" + m + ".name", mat.path("name").asString(""));
            v.put("m" + m + ".labelZh", mat.path("labelZh").asString(""));
            v.put("m" + m + ".labelEn", mat.path("labelEn").asString(""));
            v.put("m" + m + ".origin", mat.path("origin").asString("SUPPLIED"));
            v.put("m" + m + ".dataset", mat.path("dataset").asString(""));
            v.put("m" + m + ".required", mat.path("required").asBoolean(true) ? "true" : "");
            m++;
        }
        v.put("materialRows", String.valueOf(m + EMPTY_ROWS));
        return v;
    }

    /** The definition the page's values say, on the base version (or a new service's defaults); rows left empty are no rows. */
    static ObjectNode definitionOf(Map<String, String> v, List<String> lifeEvents, JsonNode base, String department, String reviewTable, JsonMapper json) {
        ObjectNode d = base == null || base.isMissingNode() ? json.createObjectNode() : (ObjectNode) base.deepCopy();
        d.remove("version");
        d.put("department", department);
        for (String f : List.of("code", "nameZh", "nameEn", "summaryZh", "summaryEn", "legalBasis", "category")) {
            d.put(f, v.getOrDefault(f, "").strip());
        }
        for (String f : List.of("promisedDays", "legalDays", "fee")) {
            String n = v.getOrDefault(f, "").strip();
            try {
                d.put(f, Integer.parseInt(n.isEmpty() ? "-1" : n));
            } catch (NumberFormatException e) {
                d.put(f, -1); // the definition's check names the field
            }
        }
        ArrayNode events = d.putArray("lifeEvents");
        lifeEvents.forEach(events::add);
        if ("REVIEW".equals(v.get("rules")) || !d.has("eligibility")) {
            d.put("eligibility", reviewTable);
        }
        if (!"KEEP".equals(v.get("rules"))) {
            d.remove("designerRules");
        }
        d.set("workflow", json.createObjectNode().put("template", "AUTOMATIC".equals(v.get("workflow")) ? "AUTOMATIC" : "REVIEW"));
        if (!d.has("output")) {
            d.set("output", json.createObjectNode().put("pays", false));
        }
        ObjectNode oldForm = d.path("form").isObject() ? (ObjectNode) d.path("form") : json.createObjectNode();
        ObjectNode form = oldForm.deepCopy();
        form.put("type", "object");
        form.put("additionalProperties", false);
        ObjectNode props = form.putObject("properties");
        ArrayNode required = form.putArray("required");
        for (int i = 0; i < rows(v, "fieldRows"); i++) {
            String name = v.getOrDefault("f" + i + ".name", "").strip();
            if (name.isEmpty()) {
                continue;
            }
            String type = v.getOrDefault("f" + i + ".type", "text");
            JsonNode before = oldForm.path("properties").path(name);
            boolean sameType = before.isObject() && type.equals(typeOf(before));
            ObjectNode p = sameType ? (ObjectNode) before.deepCopy() : json.createObjectNode();
            switch (type) {
                case "number", "integer" -> p.put("type", type);
                case "date" -> p.put("type", "string").put("format", "date");
                case "choice" -> {
                    p.put("type", "string");
                    ArrayNode en = p.putArray("enum");
                    ObjectNode zhNames = p.putObject("x-choicesZh");
                    ObjectNode enNames = p.putObject("x-choicesEn");
                    for (String line : v.getOrDefault("f" + i + ".choices", "").split("[;\n]")) {
                        String[] parts = line.strip().split("=");
                        if (parts[0].isBlank()) {
                            continue;
                        }
                        en.add(parts[0].strip());
                        zhNames.put(parts[0].strip(), parts.length > 1 ? parts[1].strip() : parts[0].strip());
                        enNames.put(parts[0].strip(), parts.length > 2 ? parts[2].strip() : parts[0].strip());
                    }
                }
                default -> {
                    p.put("type", "string");
                    if (!p.has("maxLength")) {
                        p.put("maxLength", 500);
                    }
                }
            }
            p.put("x-labelZh", v.getOrDefault("f" + i + ".labelZh", "").strip());
            p.put("x-labelEn", v.getOrDefault("f" + i + ".labelEn", "").strip());
            for (String h : List.of("helpZh", "helpEn")) {
                String text = v.getOrDefault("f" + i + "." + h, "").strip();
                if (text.isEmpty()) {
                    p.remove("x-" + h);
                } else {
                    p.put("x-" + h, text);
                }
            }
            props.set(name, p);
            if ("true".equals(v.get("f" + i + ".required"))) {
                required.add(name);
            }
        }
        d.set("form", form);
        if ("ROWS".equals(v.get("rules"))) {
            DesignedRules rules = DesignedRules.ofPage(v, rows(v, "ruleRows"));
            d.set("designerRules", rules.json(json));
            d.put("eligibility", rules.dmn(form));
        }
        ArrayNode materials = d.putArray("materials");
        for (int i = 0; i < rows(v, "materialRows"); i++) {
            String name = v.getOrDefault("m" + i + ".name", "").strip();
            if (name.isEmpty()) {
                continue;
            }
            ObjectNode m = materials.addObject();
            m.put("name", name);
            m.put("labelZh", v.getOrDefault("m" + i + ".labelZh", "").strip());
            m.put("labelEn", v.getOrDefault("m" + i + ".labelEn", "").strip());
            boolean shared = "SHARED".equals(v.get("m" + i + ".origin"));
            m.put("origin", shared ? "SHARED" : "SUPPLIED");
            if (shared) {
                m.put("dataset", v.getOrDefault("m" + i + ".dataset", "").strip());
            }
            if (!"true".equals(v.get("m" + i + ".required"))) {
                m.put("required", false);
            }
        }
        return d;
    }

    /** How many rows of a kind the page shows (what it sent, at most 40). */
    static int rows(Map<String, String> v, String kind) {
        try {
            return Math.clamp(Integer.parseInt(v.getOrDefault(kind, "0").strip()), 0, 40);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The definition's check names a part ("form", "materials[1].dataset"): the page's field it concerns. */
    static String fieldOf(String problemField) {
        if (problemField.startsWith("materials[")) {
            return "m" + problemField.substring("materials[".length(), problemField.indexOf(']')) + ".name";
        }
        return switch (problemField) {
            case "form" -> "f0.name";
            case "eligibility" -> "rules";
            case "department", "definition" -> "nameZh";
            default -> problemField;
        };
    }

    /** The designer's type of a JSON Schema property. */
    private static String typeOf(JsonNode property) {
        return property.has("enum") ? "choice" : "date".equals(property.path("format").asString("")) ? "date"
                : property.path("type").asString("string").equals("string") ? "text" : property.path("type").asString();
    }
}
