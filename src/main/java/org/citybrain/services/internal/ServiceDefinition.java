package org.citybrain.services.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * A service (办事事项) as its department publishes it: who runs it and on what legal basis, whom it is for and in
 * which life events a citizen finds it, the form (JSON Schema), the materials (supplied, or fetched from a shared
 * dataset), the eligibility table (DMN), the workflow (a BPMN template or the department's own BPMN), the promised and
 * legal time limits in working days (0: done at once, 即办), the fee, the outputs and the city's limits the table reads.
 */
record ServiceDefinition(String code, int version, String department, String nameZh, String nameEn, String legalBasis, Category category,
                         List<String> lifeEvents, JsonNode form, List<Material> materials, String eligibilityDmn, Workflow workflow, int promisedDays,
                         int legalDays, BigDecimal fee, Output output, JsonNode limits, String summaryZh, String summaryEn, JsonNode source) {

    /** 个人 or 法人 (natural persons, legal persons) as the national catalogue divides services. */
    enum Category { PERSONAL, LEGAL_PERSON }

    /** Where a material comes from: the applicant, or a department's shared dataset (Myinfo's "retrieved from"). */
    enum Origin { SUPPLIED, SHARED }

    record Material(String name, String labelZh, String labelEn, Origin origin, String datasetId, boolean required) {
    }

    /** A BPMN template (AUTOMATIC: decided and paid by the system; REVIEW: the department reviews) or the department's own BPMN. */
    record Workflow(String template, String bpmn) {

        boolean own() {
            return bpmn != null && !bpmn.isBlank();
        }
    }

    /** What the service issues: a decision letter always; certificates (电子证照) when it grants; a payment when it pays. */
    record Output(List<CertificateOutput> certificates, boolean pays) {
    }

    /** The life events (主题) the phone's grid groups services by, in the order 郑好办 shows them. */
    static final List<String> LIFE_EVENTS = List.of("BIRTH", "SCHOOL", "EMPLOYMENT", "HOUSING", "MARRIAGE", "HEALTH", "TRANSPORT", "BUSINESS",
            "SOCIAL_SECURITY", "ELDERLY", "RETIREMENT", "CIVIL", "TAX");

    static ServiceDefinition of(JsonNode d) {
        List<Material> materials = new ArrayList<>();
        for (JsonNode m : d.path("materials")) {
            materials.add(new Material(m.path("name").asString(""), m.path("labelZh").asString(""), m.path("labelEn").asString(""),
                    Origin.valueOf(m.path("origin").asString("SUPPLIED")), m.path("dataset").asString(null), m.path("required").asBoolean(true)));
        }
        List<String> events = new ArrayList<>();
        d.path("lifeEvents").forEach(e -> events.add(e.asString()));
        JsonNode w = d.path("workflow");
        JsonNode o = d.path("output");
        return new ServiceDefinition(d.path("code").asString(""), d.path("version").asInt(1), d.path("department").asString(""),
                d.path("nameZh").asString(""), d.path("nameEn").asString(""), d.path("legalBasis").asString(""),
                Category.valueOf(d.path("category").asString("PERSONAL")), List.copyOf(events), d.path("form"), List.copyOf(materials),
                d.path("eligibility").asString(""), new Workflow(w.path("template").asString(null), w.path("bpmn").asString(null)),
                d.path("promisedDays").asInt(0), d.path("legalDays").asInt(0), d.path("fee").isNumber() ? d.path("fee").decimalValue() : BigDecimal.ZERO,
                new Output(CertificateOutput.of(o), o.path("pays").asBoolean(false)),
                d.path("limits"), d.path("summaryZh").asString(""), d.path("summaryEn").asString(""), d);
    }

    /** The form's fields in the order the schema lists them, with their labels: what the pages render. */
    List<FormField> fields() {
        List<FormField> out = new ArrayList<>();
        JsonNode props = form.path("properties");
        List<String> required = new ArrayList<>();
        form.path("required").forEach(r -> required.add(r.asString()));
        for (Map.Entry<String, JsonNode> e : props.properties()) {
            JsonNode p = e.getValue();
            List<String> choices = new ArrayList<>();
            p.path("enum").forEach(c -> choices.add(c.asString()));
            out.add(new FormField(e.getKey(), p.path("type").asString("string"), p.path("format").asString(null), p.path("x-labelZh").asString(e.getKey()),
                    p.path("x-labelEn").asString(e.getKey()), p.path("x-helpZh").asString(null), p.path("x-helpEn").asString(null),
                    required.contains(e.getKey()), choices, p.path("x-choicesZh"), p.path("x-choicesEn")));
        }
        return out;
    }

    /** A form field as a page renders it. */
    record FormField(String name, String type, String format, String labelZh, String labelEn, String helpZh, String helpEn, boolean required,
                     List<String> choices, JsonNode choicesZh, JsonNode choicesEn) {

        String label(boolean english) {
            return english ? labelEn : labelZh;
        }

        String help(boolean english) {
            return english ? helpEn : helpZh;
        }

        String choice(String value, boolean english) {
            JsonNode names = english ? choicesEn : choicesZh;
            return names != null && names.has(value) ? names.get(value).asString() : value;
        }
    }

    String name(boolean english) {
        return english ? nameEn : nameZh;
    }

    /** The process definition key its workflow is deployed under: one per service, versions as Flowable's versions. */
    String processKey() {
        return "svc_" + code.replaceAll("[^A-Za-z0-9]", "_");
    }
}
