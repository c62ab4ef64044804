package org.citybrain.twin.internal;

import org.citybrain.identity.Action;
import org.citybrain.identity.Performs;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.citybrain.twin.NgsiLdError;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** NGSI-LD discovery (GS CIM 009 5.7.5–5.7.10, 6.25–6.28): which entity types and attributes the twin holds. */
@RestController
@RequestMapping("/ngsi-ld/v1")
@Tag(name = "NGSI-LD", description = "The digital twin (ETSI GS CIM 009)")
class NgsiLdDiscoveryApi {

    private final NgsiLdBroker broker;
    private final LdContexts contexts;
    private final JsonMapper json;
    private final NgsiLdHttp http;

    NgsiLdDiscoveryApi(NgsiLdBroker broker, LdContexts contexts, JsonMapper json, NgsiLdHttp http) {
        this.broker = broker;
        this.contexts = contexts;
        this.json = json;
        this.http = http;
    }

    /** The two discovery resources differ only in names; this says which is which. */
    private enum Discovery {
        TYPES("EntityTypeList", "typeList", "no entities of type "),
        ATTRIBUTES("AttributeList", "attributeList", "no entity has attribute ");

        final String listType;
        final String member;
        final String missing;

        Discovery(String listType, String member, String missing) {
            this.listType = listType;
            this.member = member;
            this.missing = missing;
        }
    }

    @Performs(Action.READ_TWIN)
    @GetMapping("/types")
    @Operation(summary = "The entity types present, with details=true their attributes and counts")
    ResponseEntity<JsonNode> types(@RequestParam(required = false) String details, HttpServletRequest request) {
        return list(Discovery.TYPES, details, request);
    }

    @Performs(Action.READ_TWIN)
    @GetMapping("/types/{type}")
    @Operation(summary = "One entity type: how many entities and which attributes")
    ResponseEntity<JsonNode> type(@PathVariable String type, HttpServletRequest request) {
        return one(Discovery.TYPES, type, request);
    }

    @Performs(Action.READ_TWIN)
    @GetMapping("/attributes")
    @Operation(summary = "The attributes present, with details=true their types and counts")
    ResponseEntity<JsonNode> attributes(@RequestParam(required = false) String details, HttpServletRequest request) {
        return list(Discovery.ATTRIBUTES, details, request);
    }

    @Performs(Action.READ_TWIN)
    @GetMapping("/attributes/{attr}")
    @Operation(summary = "One attribute: how many entities carry it, of which types")
    ResponseEntity<JsonNode> attribute(@PathVariable String attr, HttpServletRequest request) {
        return one(Discovery.ATTRIBUTES, attr, request);
    }

    private Map<String, Map<String, Object>> discover(Discovery what, HttpServletRequest request) {
        return what == Discovery.TYPES ? broker.types(NgsiLdHttp.tenant(request)) : broker.attributes(NgsiLdHttp.tenant(request));
    }

    private ResponseEntity<JsonNode> list(Discovery what, String details, HttpServletRequest request) {
        LdContext ctx = contexts.fromLinkHeader(request.getHeader("Link"));
        Map<String, Map<String, Object>> found = discover(what, request);
        JsonNode body;
        if ("true".equals(details)) {
            ArrayNode list = json.createArrayNode();
            found.forEach((name, info) -> list.add(info(what, name, info, ctx)));
            body = list;
        } else {
            ObjectNode summary = json.createObjectNode();
            summary.put("id", "urn:ngsi-ld:" + what.listType + ":" + Integer.toHexString(found.keySet().hashCode()));
            summary.put("type", what.listType);
            ArrayNode names = summary.putArray(what.member);
            found.keySet().forEach(n -> names.add(ctx.compact(n)));
            body = summary;
        }
        return http.respond(body, NgsiLdHttp.output(request), request);
    }

    private ResponseEntity<JsonNode> one(Discovery what, String name, HttpServletRequest request) {
        LdContext ctx = contexts.fromLinkHeader(request.getHeader("Link"));
        String expanded = ctx.expand(name);
        Map<String, Object> info = discover(what, request).get(expanded);
        if (info == null) {
            throw new NgsiLdError(NgsiLdError.Type.ResourceNotFound, what.missing + name);
        }
        ObjectNode body = info(what, expanded, info, ctx);
        if (what == Discovery.TYPES) {
            // EntityTypeInfo (GS CIM 009 5.2.26): each attribute with the kinds it has on entities of the type
            body.put("type", "EntityTypeInfo");
            body.remove("attributeNames");
            ArrayNode details = body.putArray("attributeDetails");
            broker.attributeKinds(NgsiLdHttp.tenant(request), expanded).forEach((attr, kinds) -> {
                ObjectNode a = details.addObject();
                a.put("id", attr);
                a.put("type", "Attribute");
                a.put("attributeName", ctx.compact(attr));
                ArrayNode k = a.putArray("attributeTypes");
                kinds.forEach(k::add);
            });
        }
        return http.respond(body, NgsiLdHttp.output(request), request);
    }

    /** An EntityType (with its attribute names) or an Attribute (with the type names that carry it). */
    private ObjectNode info(Discovery what, String name, Map<String, Object> info, LdContext ctx) {
        boolean type = what == Discovery.TYPES;
        ObjectNode o = json.createObjectNode();
        o.put("id", name);
        o.put("type", type ? "EntityType" : "Attribute");
        o.put(type ? "typeName" : "attributeName", ctx.compact(name));
        o.put(type ? "entityCount" : "attributeCount", (Long) info.get("count"));
        ArrayNode names = o.putArray(type ? "attributeNames" : "typeNames");
        @SuppressWarnings("unchecked")
        List<String> related = (List<String>) info.get(type ? "attributes" : "types");
        related.forEach(n -> names.add(ctx.compact(n)));
        return o;
    }
}
