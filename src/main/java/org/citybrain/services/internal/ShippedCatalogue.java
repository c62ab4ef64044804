package org.citybrain.services.internal;

import java.util.ArrayList;
import java.util.List;

import org.citybrain.standards.InvalidStandardValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The services CityBrain ships: the full definitions under {@code services/definitions/} (the provident fund
 * withdrawal, with its DMN table) and the city's catalogue ({@code services/catalogue.json}: names, departments, time
 * limits and legal bases of the service list), each catalogue entry defined as reviewed by its department with a
 * form for the request and a contact phone until the department publishes its own version. Published once, when
 * CityBrain is ready (after the demo city has recorded its sharing agreements); one that cannot be published yet —
 * the department holds no grant for a material — is logged and left for the department.
 */
@Component
class ShippedCatalogue {

    private static final Logger log = LoggerFactory.getLogger(ShippedCatalogue.class);
    static final List<String> FULL = List.of("gjj-withdrawal", "elderly-allowance", "residence-permit", "individual-business", "birth-bundle");

    private final ServiceCatalogue catalogue;
    private final JsonMapper json;

    ShippedCatalogue(ServiceCatalogue catalogue, JsonMapper json) {
        this.catalogue = catalogue;
        this.json = json;
    }

    @EventListener(ApplicationReadyEvent.class)
    void publishShipped() {
        for (JsonNode d : definitions()) {
            try {
                catalogue.seed(List.of(d));
            } catch (InvalidStandardValue refused) {
                log.warn("service {} not published: {}", d.path("code").asString(), refused.all().stream().map(p -> p.field() + ": " + p.getMessage()).toList());
            }
        }
    }

    List<JsonNode> definitions() {
        List<JsonNode> out = new ArrayList<>();
        for (String code : FULL) {
            ObjectNode d = (ObjectNode) json.readTree(ServiceCatalogue.resource("/services/definitions/" + code + ".json"));
            d.put("eligibility", ServiceCatalogue.resource("/services/definitions/" + d.path("eligibility").asString()));
            out.add(d);
        }
        String review = ServiceCatalogue.resource("/services/definitions/review-by-department.dmn");
        for (JsonNode entry : json.readTree(ServiceCatalogue.resource("/services/catalogue.json")).path("services")) {
            ObjectNode d = (ObjectNode) entry.deepCopy();
            d.put("summaryZh", "向" + entry.path("department").asString() + "提出申请，由部门审核材料后决定。");
            d.put("summaryEn", "Apply to the department, which reviews the materials and decides.");
            d.set("form", genericForm());
            d.set("materials", json.createArrayNode());
            d.put("eligibility", review);
            d.set("workflow", json.createObjectNode().put("template", "REVIEW"));
            d.set("output", json.createObjectNode().put("pays", false));
            out.add(d);
        }
        return out;
    }

    /** What a department reviewing by hand asks until it publishes its own form: the request, and a phone to reach the applicant. */
    private ObjectNode genericForm() {
        ObjectNode form = json.createObjectNode();
        form.put("type", "object");
        form.put("additionalProperties", false);
        ObjectNode props = form.putObject("properties");
        props.putObject("request").put("type", "string").put("minLength", 2).put("maxLength", 500).put("x-labelZh", "申请事项说明").put("x-labelEn", "Your request")
                .put("x-helpZh", "说明需要办理的具体事项").put("x-helpEn", "Say what you ask the department to do");
        props.putObject("phone").put("type", "string").put("pattern", "^1[3-9][0-9]{9}$").put("x-labelZh", "联系电话").put("x-labelEn", "Phone")
                .put("x-patternZh", "请填写11位手机号码").put("x-patternEn", "enter an 11-digit mobile number");
        ArrayNode required = form.putArray("required");
        required.add("request");
        required.add("phone");
        return form;
    }
}
