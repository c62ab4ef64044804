package org.citybrain.twin.internal;

import org.citybrain.identity.Action;
import org.citybrain.identity.Performs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.citybrain.twin.NgsiLdError;
import org.citybrain.twin.TwinEntities;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The NGSI-LD API (ETSI GS CIM 009) at {@code /ngsi-ld/v1}: context information management (entities, attributes,
 * batch operations), consumption (retrieve, query, types, attributes) and the temporal API. Bodies are read as
 * text and parsed here, because NGSI-LD's media types and context rules are its own.
 */
@RestController
@RequestMapping("/ngsi-ld/v1")
@Tag(name = "NGSI-LD", description = "The digital twin (ETSI GS CIM 009)")
class NgsiLdController {

    static final String TENANT = "NGSILD-Tenant";
    private static final int MAX_LIMIT = 1000;

    private final NgsiLdBroker broker;
    private final LdContexts contexts;
    private final JsonMapper json;
    private final PersonEntities persons;

    NgsiLdController(NgsiLdBroker broker, LdContexts contexts, JsonMapper json, PersonEntities persons) {
        this.broker = broker;
        this.contexts = contexts;
        this.json = json;
        this.persons = persons;
    }

    // ---------------- entities ----------------

    @Performs(Action.WRITE_TWIN)
    @PostMapping("/entities")
    @Operation(summary = "Create an entity")
    ResponseEntity<Void> create(@RequestBody(required = false) String body, HttpServletRequest request) {
        Incoming in = incoming(body, request);
        if (!in.body().isObject()) {
            throw new NgsiLdError(NgsiLdError.Type.InvalidRequest, "an entity is a JSON object");
        }
        ObjectNode expanded = broker.documents().expandEntity(in.body(), in.ctx());
        broker.create(tenant(request), expanded);
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").buildAndExpand(expanded.get("id").asString()).toUri())
                .headers(tenantHeader(request)).build();
    }

    @Performs(Action.READ_TWIN)
    @GetMapping("/entities/{id}")
    @Operation(summary = "Retrieve an entity")
    ResponseEntity<JsonNode> retrieve(@PathVariable String id, @RequestParam(required = false) String attrs,
                                      @RequestParam(required = false) String options, @RequestParam(required = false) String geometryProperty,
                                      @RequestParam(required = false) String format, @RequestParam(required = false) String pick,
                                      @RequestParam(required = false) String omit, HttpServletRequest request) {
        LdContext ctx = contexts.fromLinkHeader(request.getHeader("Link"));
        View view = view(options, format, pick, omit);
        Output out = output(request);
        if (PersonEntities.isPerson(id)) {
            ObjectNode person = persons.retrieve(id, request.getHeader(PersonEntities.PURPOSE_HEADER));
            return respond("keyValues".equals(options) ? simplifiedPerson(person) : person, out == Output.GEO_JSON ? Output.JSON : out, request);
        }
        TwinStore.Stored stored = broker.retrieve(tenant(request), id);
        List<String> attrList = attrs(attrs, ctx);
        if (attrList != null && attrList.stream().noneMatch(stored.doc()::has)) {
            throw new NgsiLdError(NgsiLdError.Type.ResourceNotFound, "entity " + id + " has none of the attributes " + attrs);
        }
        ObjectNode entity = present(stored, ctx, view, attrList);
        if (out == Output.GEO_JSON) {
            return respond(feature(entity, stored, ctx, geometryProperty), out, request);
        }
        return respond(entity, out, request);
    }

    @Performs(Action.READ_TWIN)
    @GetMapping("/entities")
    @Operation(summary = "Query entities: type, id, idPattern, attrs, q, geo-query, limit/offset/count, options=keyValues")
    ResponseEntity<JsonNode> query(@RequestParam(required = false) String type, @RequestParam(required = false) String id,
                                   @RequestParam(required = false) String idPattern, @RequestParam(required = false) String attrs,
                                   @RequestParam(required = false) String q, @RequestParam(required = false) String georel,
                                   @RequestParam(required = false) String geometry, @RequestParam(required = false) String coordinates,
                                   @RequestParam(required = false) String geoproperty, @RequestParam(required = false) String options,
                                   @RequestParam(required = false) String limit, @RequestParam(required = false) String offset,
                                   @RequestParam(required = false) String count, @RequestParam(required = false) String geometryProperty,
                                   @RequestParam(required = false) String format, @RequestParam(required = false) String pick,
                                   @RequestParam(required = false) String omit, HttpServletRequest request) {
        LdContext ctx = contexts.fromLinkHeader(request.getHeader("Link"));
        View view = view(options, format, pick, omit);
        Output out = output(request);
        requireSelection("a query", type, id, idPattern, attrs, q, georel);
        int lim = pageLimit(limit);
        int off = number("offset", offset, 0);
        if (asksForPersons(type, ctx)) {
            return persons(type, id, idPattern, q, georel, options, lim, off, count, request);
        }
        TwinStore.Query query = entityQuery(type, id, idPattern, attrs, q, georel, geometry, coordinates, geoproperty, off, lim, count, ctx);
        List<String> attrList = query.attrs();
        TwinStore.Page page = broker.query(tenant(request), query);
        ArrayNode entities = json.createArrayNode();
        List<TwinStore.Stored> found = page.entities();
        for (TwinStore.Stored s : found) {
            ObjectNode e = present(s, ctx, view, attrList);
            entities.add(out == Output.GEO_JSON ? feature(e, s, ctx, geometryProperty) : e);
        }
        JsonNode body = entities;
        if (out == Output.GEO_JSON) {
            ObjectNode fc = json.createObjectNode();
            fc.put("type", "FeatureCollection");
            fc.set("features", entities);
            body = fc;
        }
        ResponseEntity<JsonNode> response = respond(body, out, request);
        if ("true".equals(count)) {
            response = withCount(response, page.total());
        }
        return paged(response, page.more(), off, lim);
    }

    /** A page with the Link headers to the next and the previous page (GS CIM 009 6.3.13), where there is one. */
    private static ResponseEntity<JsonNode> paged(ResponseEntity<JsonNode> response, boolean more, int off, int lim) {
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(response.getHeaders());
        if (more && lim > 0) {
            headers.add("Link", "<" + ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("offset", off + lim).toUriString()
                    + ">; rel=\"next\"");
        }
        if (off > 0 && lim > 0) {
            headers.add("Link", "<" + ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("offset", Math.max(0, off - lim)).toUriString()
                    + ">; rel=\"prev\"");
        }
        return new ResponseEntity<>(response.getBody(), headers, HttpStatus.OK);
    }

    /** The selection shared by the entity query and the temporal query, validated field by field. */
    private TwinStore.Query entityQuery(String type, String id, String idPattern, String attrs, String q, String georel, String geometry,
                                        String coordinates, String geoproperty, int off, int lim, String count, LdContext ctx) {
        Pattern pattern = null;
        if (idPattern != null) {
            if (idPattern.length() > 1000) {
                throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "idPattern is longer than 1000 characters");
            }
            try {
                pattern = Pattern.compile(idPattern);
            } catch (PatternSyntaxException e) {
                throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "idPattern is not a valid regular expression");
            }
        }
        List<String> ids = id == null ? null : split(id);
        if (ids != null) {
            ids.forEach(i -> {
                if (!LdContext.isId(i)) {
                    throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "id: " + i + " is not a URI");
                }
            });
        }
        List<String> attrList = attrs(attrs, ctx);
        return new TwinStore.Query(type == null ? null : broker.documents().expandAll(split(type), ctx), ids, pattern, attrList,
                q == null ? null : QueryLanguage.parse(q), ctx::expand, GeoQuery.parse(georel, geometry, coordinates, geoproperty), off, lim,
                "true".equals(count));
    }

    @Performs(Action.WRITE_TWIN)
    @PatchMapping("/entities/{id}")
    @Operation(summary = "Merge an entity: attributes merged member by member, new ones added, urn:ngsi-ld:null deletes")
    ResponseEntity<Void> merge(@PathVariable String id, @RequestBody(required = false) String body, HttpServletRequest request) {
        Incoming in = incoming(body, request);
        broker.merge(tenant(request), id, in.body(), in.ctx());
        return ResponseEntity.noContent().build();
    }

    @Performs(Action.WRITE_TWIN)
    @org.springframework.web.bind.annotation.PutMapping("/entities/{id}")
    @Operation(summary = "Replace an entity: it becomes the one given (its id kept)")
    ResponseEntity<Void> replace(@PathVariable String id, @RequestBody(required = false) String body, HttpServletRequest request) {
        Incoming in = incoming(body, request);
        if (!in.body().isObject()) {
            throw new NgsiLdError(NgsiLdError.Type.InvalidRequest, "an entity is a JSON object");
        }
        ObjectNode given = ((ObjectNode) in.body()).deepCopy();
        if (given.has("id") && !id.equals(given.get("id").asString())) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "id: the body names " + given.get("id").asString() + ", the path " + id);
        }
        given.put("id", id);
        broker.replace(tenant(request), id, broker.documents().expandEntity(given, in.ctx()));
        return ResponseEntity.noContent().build();
    }

    @Performs(Action.WRITE_TWIN)
    @org.springframework.web.bind.annotation.PutMapping("/entities/{id}/attrs/{attr}")
    @Operation(summary = "Replace one attribute of an entity")
    ResponseEntity<Void> replaceAttribute(@PathVariable String id, @PathVariable String attr, @RequestBody(required = false) String body,
                                          HttpServletRequest request) {
        Incoming in = incoming(body, request);
        ObjectNode one = json.createObjectNode();
        one.set(attr, in.body());
        ObjectNode expanded = broker.documents().expandAttributes(one, in.ctx());
        String name = expanded.propertyNames().iterator().next();
        broker.replaceAttribute(tenant(request), id, name, (ObjectNode) expanded.get(name), in.ctx());
        return ResponseEntity.noContent().build();
    }

    @Performs(Action.WRITE_TWIN)
    @DeleteMapping("/entities")
    @Operation(summary = "Purge: delete every entity of a type, an idPattern or a query (a selection is required)")
    ResponseEntity<Void> purge(@RequestParam(required = false) String type, @RequestParam(required = false) String idPattern,
                               @RequestParam(required = false) String q, HttpServletRequest request) {
        LdContext ctx = contexts.fromLinkHeader(request.getHeader("Link"));
        if (type == null && idPattern == null && q == null) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "a purge needs type, idPattern or q: a whole tenant is not deleted by accident");
        }
        if (asksForPersons(type, ctx)) {
            throw new NgsiLdError(NgsiLdError.Type.OperationNotSupported, "Person entities are residents: they are not deleted through the twin");
        }
        broker.purge(tenant(request), entityQuery(type, null, idPattern, null, q, null, null, null, null, 0, 500, null, ctx));
        return ResponseEntity.noContent().build();
    }

    @Performs(Action.WRITE_TWIN)
    @DeleteMapping("/entities/{id}")
    @Operation(summary = "Delete an entity")
    ResponseEntity<Void> delete(@PathVariable String id, HttpServletRequest request) {
        broker.delete(tenant(request), id);
        return ResponseEntity.noContent().build();
    }

    // ---------------- attributes ----------------

    @Performs(Action.WRITE_TWIN)
    @PostMapping("/entities/{id}/attrs")
    @Operation(summary = "Append attributes (options=noOverwrite keeps existing ones)")
    ResponseEntity<JsonNode> append(@PathVariable String id, @RequestBody(required = false) String body,
                                    @RequestParam(required = false) String options, HttpServletRequest request) {
        Incoming in = incoming(body, request);
        NgsiLdBroker.UpdateResult r = broker.append(tenant(request), id, broker.documents().expandAttributes(in.body(), in.ctx()),
                options != null && split(options).contains("noOverwrite"));
        return updateResponse(r, in.ctx());
    }

    @Performs(Action.WRITE_TWIN)
    @PatchMapping("/entities/{id}/attrs")
    @Operation(summary = "Update existing attributes")
    ResponseEntity<JsonNode> update(@PathVariable String id, @RequestBody(required = false) String body, HttpServletRequest request) {
        Incoming in = incoming(body, request);
        return updateResponse(broker.update(tenant(request), id, broker.documents().expandAttributes(in.body(), in.ctx())), in.ctx());
    }

    @Performs(Action.WRITE_TWIN)
    @PatchMapping("/entities/{id}/attrs/{attr}")
    @Operation(summary = "Partially update one attribute (e.g. only its value)")
    ResponseEntity<Void> partialUpdate(@PathVariable String id, @PathVariable String attr, @RequestBody(required = false) String body,
                                       HttpServletRequest request) {
        Incoming in = incoming(body, request);
        broker.partialUpdate(tenant(request), id, in.ctx().expand(attr), in.body(), in.ctx());
        return ResponseEntity.noContent().build();
    }

    @Performs(Action.WRITE_TWIN)
    @DeleteMapping("/entities/{id}/attrs/{attr}")
    @Operation(summary = "Delete one attribute")
    ResponseEntity<Void> deleteAttribute(@PathVariable String id, @PathVariable String attr, HttpServletRequest request) {
        LdContext ctx = contexts.fromLinkHeader(request.getHeader("Link"));
        broker.deleteAttribute(tenant(request), id, ctx.expand(attr), ctx);
        return ResponseEntity.noContent().build();
    }

    // ---------------- batch ----------------

    /**
     * Query by POST (GS CIM 009 5.7.2 over 6.23): the same selection as {@code GET /entities}, in a Query body —
     * {@code entities} (type, id, idPattern), {@code attrs}, {@code q}, {@code geoQ} — for selections too long for a
     * URL. Several entity selectors combine when each names only types or only ids.
     */
    @Performs(Action.READ_TWIN)
    @PostMapping("/entityOperations/query")
    @Operation(summary = "Query entities with a Query body (entities, attrs, q, geoQ); limit/offset/count and formats as GET /entities")
    ResponseEntity<JsonNode> queryByPost(@RequestBody(required = false) String body, @RequestParam(required = false) String limit,
                                         @RequestParam(required = false) String offset, @RequestParam(required = false) String count,
                                         @RequestParam(required = false) String options, @RequestParam(required = false) String format,
                                         @RequestParam(required = false) String pick, @RequestParam(required = false) String omit,
                                         HttpServletRequest request) {
        Incoming in = incoming(body, request);
        JsonNode query = in.body();
        if (!query.isObject() || !"Query".equals(query.path("type").asString(""))) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "the body is a Query: {\"type\": \"Query\", \"entities\": [...], \"q\": ...}");
        }
        List<String> types = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        String idPattern = null;
        JsonNode selectors = query.path("entities");
        if (!selectors.isMissingNode() && !selectors.isArray()) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "entities: an array of {type, id, idPattern}");
        }
        for (JsonNode s : selectors) {
            boolean hasType = s.hasNonNull("type");
            boolean hasId = s.hasNonNull("id");
            boolean hasPattern = s.hasNonNull("idPattern");
            if (selectors.size() > 1 && (hasPattern || hasType && hasId)) {
                throw new NgsiLdError(NgsiLdError.Type.OperationNotSupported,
                        "several entity selectors combine only when each names just types or just ids; send one selector, or several queries");
            }
            if (hasType) {
                types.add(s.get("type").asString());
            }
            if (hasId) {
                ids.add(s.get("id").asString());
            }
            if (hasPattern) {
                idPattern = s.get("idPattern").asString();
            }
        }
        String attrs = query.has("attrs") ? String.join(",", stringList("attrs", query.get("attrs"))) : null;
        String q = query.hasNonNull("q") ? query.get("q").asString() : null;
        JsonNode geoQ = query.path("geoQ");
        String georel = geoQ.hasNonNull("georel") ? geoQ.get("georel").asString() : null;
        String geometry = geoQ.hasNonNull("geometry") ? geoQ.get("geometry").asString() : null;
        String coordinates = geoQ.has("coordinates") ? geoQ.get("coordinates").toString() : null;
        String geoproperty = geoQ.hasNonNull("geoproperty") ? geoQ.get("geoproperty").asString() : null;
        String type = types.isEmpty() ? null : String.join(",", types);
        String id = ids.isEmpty() ? null : String.join(",", ids);
        requireSelection("a query", type, id, idPattern, attrs, q, georel);
        if (asksForPersons(type, in.ctx())) {
            throw new NgsiLdError(NgsiLdError.Type.OperationNotSupported, "Person entities are queried with GET /entities?type=Person");
        }
        View view = view(options, format, pick, omit);
        int lim = pageLimit(limit);
        int off = number("offset", offset, 0);
        TwinStore.Query selection = entityQuery(type, id, idPattern, attrs, q, georel, geometry, coordinates, geoproperty, off, lim, count, in.ctx());
        TwinStore.Page page = broker.query(tenant(request), selection);
        ArrayNode entities = json.createArrayNode();
        page.entities().forEach(s -> entities.add(present(s, in.ctx(), view, selection.attrs())));
        Output out = output(request);
        ResponseEntity<JsonNode> response = respond(entities, out == Output.GEO_JSON ? Output.JSON : out, request);
        return paged("true".equals(count) ? withCount(response, page.total()) : response, page.more(), off, lim);
    }

    private static List<String> stringList(String field, JsonNode node) {
        if (!node.isArray()) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, field + ": an array of names");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode n : node) {
            if (!n.isString()) {
                throw new NgsiLdError(NgsiLdError.Type.BadRequestData, field + ": an array of names");
            }
            names.add(n.asString());
        }
        return names;
    }

    @Performs(Action.WRITE_TWIN)
    @PostMapping("/entityOperations/{operation}")
    @Operation(summary = "Batch create, upsert (options=update|replace), update (options=noOverwrite), merge or delete")
    ResponseEntity<JsonNode> batch(@PathVariable String operation, @RequestBody(required = false) String body,
                                   @RequestParam(required = false) String options, HttpServletRequest request) {
        if (!List.of("create", "upsert", "update", "delete", "merge").contains(operation)) {
            throw new NgsiLdError(NgsiLdError.Type.ResourceNotFound, "no batch operation " + operation);
        }
        String mediaType = mediaType(request);
        JsonNode parsed = parse(body);
        if (!parsed.isArray()) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "a batch operation takes a JSON array");
        }
        if (parsed.isEmpty()) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "a batch operation needs at least one entity");
        }
        List<JsonNode> items = new ArrayList<>();
        parsed.forEach(items::add);
        NgsiLdBroker.BatchResult r;
        if (operation.equals("delete")) {
            r = broker.batchDelete(tenant(request), items);
        } else if (operation.equals("merge")) {
            r = broker.batchMerge(tenant(request), items, mediaType.equals("application/ld+json") ? null : contexts.fromLinkHeader(request.getHeader("Link")));
        } else {
            LdContext ctx = mediaType.equals("application/ld+json") ? LdContext.CORE_ONLY : contexts.fromLinkHeader(request.getHeader("Link"));
            for (JsonNode item : items) {
                if (mediaType.equals("application/ld+json") && (item == null || !item.has("@context"))) {
                    throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "with application/ld+json every entity needs an @context");
                }
                if (mediaType.equals("application/json") && item != null && item.has("@context")) {
                    throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "with application/json the context goes in the Link header, not in the body");
                }
            }
            List<String> opts = options == null ? List.of() : split(options);
            r = broker.batch(tenant(request), operation, items, ctx, !opts.contains("update"), opts.contains("noOverwrite"));
        }
        if (r.errors().isEmpty()) {
            if (operation.equals("create") || (operation.equals("upsert") && !r.created().isEmpty())) {
                // upsert: the ids of the entities it created; those it updated are not listed (GS CIM 009 6.15.3.1)
                return ResponseEntity.status(HttpStatus.CREATED).body(json.valueToTree(operation.equals("create") ? r.success() : r.created()));
            }
            return ResponseEntity.noContent().build();
        }
        ObjectNode result = json.createObjectNode();
        result.set("success", json.valueToTree(r.success()));
        result.set("errors", json.valueToTree(r.errors()));
        return ResponseEntity.status(207).body(result);
    }

    // ---------------- subscriptions ----------------

    @Performs(Action.MANAGE_SUBSCRIPTIONS)
    @PostMapping("/subscriptions")
    @Operation(summary = "Subscribe to changes: entities, watchedAttributes, q, geoQ, throttling; HTTP notifications")
    ResponseEntity<Void> subscribe(@RequestBody(required = false) String body, HttpServletRequest request) {
        Incoming in = incoming(body, request);
        if (!in.body().isObject()) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "a subscription must be a JSON object");
        }
        ObjectNode sub = ((ObjectNode) in.body()).deepCopy();
        JsonNode context = sub.remove("@context");
        if (context == null && request.getHeader("Link") != null) {
            context = json.getNodeFactory().stringNode(contextUrl(request.getHeader("Link")));
        }
        String id = broker.subscribe(tenant(request), sub, context);
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").buildAndExpand(id).toUri())
                .headers(tenantHeader(request)).build();
    }

    @Performs(Action.MANAGE_SUBSCRIPTIONS)
    @GetMapping("/subscriptions")
    @Operation(summary = "The subscriptions, with their notification status")
    ResponseEntity<JsonNode> subscriptions(@RequestParam(required = false) String limit, @RequestParam(required = false) String offset,
                                           HttpServletRequest request) {
        int lim = pageLimit(limit);
        int off = number("offset", offset, 0);
        List<ObjectNode> found = broker.subscriptionList(tenant(request), off, lim + 1);
        boolean more = found.size() > lim;
        return paged(respond(json.valueToTree(more ? found.subList(0, lim) : found), output(request), request), more, off, lim);
    }

    @Performs(Action.MANAGE_SUBSCRIPTIONS)
    @GetMapping("/subscriptions/{id}")
    @Operation(summary = "One subscription: what it selects, timesSent, lastSuccess, lastFailure, status")
    ResponseEntity<JsonNode> subscription(@PathVariable String id, HttpServletRequest request) {
        return respond(broker.subscription(tenant(request), id), output(request), request);
    }

    @Performs(Action.MANAGE_SUBSCRIPTIONS)
    @PatchMapping("/subscriptions/{id}")
    @Operation(summary = "Change a subscription (e.g. isActive, q, throttling)")
    ResponseEntity<Void> updateSubscription(@PathVariable String id, @RequestBody(required = false) String body, HttpServletRequest request) {
        Incoming in = incoming(body, request);
        if (!in.body().isObject()) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "the changes must be a JSON object");
        }
        broker.updateSubscription(tenant(request), id, (ObjectNode) in.body());
        return ResponseEntity.noContent().build();
    }

    @Performs(Action.MANAGE_SUBSCRIPTIONS)
    @DeleteMapping("/subscriptions/{id}")
    @Operation(summary = "Delete a subscription")
    ResponseEntity<Void> unsubscribe(@PathVariable String id, HttpServletRequest request) {
        broker.unsubscribe(tenant(request), id);
        return ResponseEntity.noContent().build();
    }

    // ---------------- discovery ----------------

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
        return what == Discovery.TYPES ? broker.types(tenant(request)) : broker.attributes(tenant(request));
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
        return respond(body, output(request), request);
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
            broker.attributeKinds(tenant(request), expanded).forEach((attr, kinds) -> {
                ObjectNode a = details.addObject();
                a.put("id", attr);
                a.put("type", "Attribute");
                a.put("attributeName", ctx.compact(attr));
                ArrayNode k = a.putArray("attributeTypes");
                kinds.forEach(k::add);
            });
        }
        return respond(body, output(request), request);
    }

    // ---------------- temporal ----------------

    @Performs(Action.READ_TWIN)
    @GetMapping("/temporal/entities/{id}")
    @Operation(summary = "Attribute history of an entity: timerel=before|after|between, timeAt, endTimeAt, attrs, lastN, options=temporalValues")
    ResponseEntity<JsonNode> temporal(@PathVariable String id, @RequestParam(required = false) String attrs,
                                      @RequestParam(required = false) String timerel, @RequestParam(required = false) String timeAt,
                                      @RequestParam(required = false) String endTimeAt, @RequestParam(required = false) String lastN,
                                      @RequestParam(required = false) String options, HttpServletRequest request) {
        LdContext ctx = contexts.fromLinkHeader(request.getHeader("Link"));
        Instant[] window = window(timerel, timeAt, endTimeAt);
        List<String> attrList = attrs(attrs, ctx);
        String tenant = tenant(request);
        TwinStore.Stored stored = broker.retrieve(tenant, id);
        return respond(temporalBody(tenant, stored, attrList, window, lastN, options, ctx), output(request), request);
    }

    /**
     * The temporal evolution of many entities: the entities are chosen like a query of their current state (type, id,
     * idPattern, q, geo-query, paging with count), and each comes with the history of its attributes in the time range.
     */
    @Performs(Action.READ_TWIN)
    @GetMapping("/temporal/entities")
    @Operation(summary = "Query the temporal evolution of entities: type, id, idPattern, q, geo-query select them (current state); "
            + "attrs, timerel, timeAt, endTimeAt, lastN, options=temporalValues shape the history; limit/offset/count page them")
    ResponseEntity<JsonNode> temporalQuery(@RequestParam(required = false) String type, @RequestParam(required = false) String id,
                                           @RequestParam(required = false) String idPattern, @RequestParam(required = false) String attrs,
                                           @RequestParam(required = false) String q, @RequestParam(required = false) String georel,
                                           @RequestParam(required = false) String geometry, @RequestParam(required = false) String coordinates,
                                           @RequestParam(required = false) String geoproperty, @RequestParam(required = false) String timerel,
                                           @RequestParam(required = false) String timeAt, @RequestParam(required = false) String endTimeAt,
                                           @RequestParam(required = false) String lastN, @RequestParam(required = false) String options,
                                           @RequestParam(required = false) String limit, @RequestParam(required = false) String offset,
                                           @RequestParam(required = false) String count, HttpServletRequest request) {
        LdContext ctx = contexts.fromLinkHeader(request.getHeader("Link"));
        requireSelection("a temporal query", type, id, idPattern, attrs, q, georel);
        if (asksForPersons(type, ctx)) {
            throw new NgsiLdError(NgsiLdError.Type.OperationNotSupported, "Person entities have no temporal evolution here");
        }
        Instant[] window = window(timerel, timeAt, endTimeAt);
        int lim = pageLimit(limit);
        int off = number("offset", offset, 0);
        TwinStore.Query query = entityQuery(type, id, idPattern, attrs, q, georel, geometry, coordinates, geoproperty, off, lim, count, ctx);
        String tenant = tenant(request);
        TwinStore.Page page = broker.query(tenant, query);
        ArrayNode body = json.createArrayNode();
        for (TwinStore.Stored s : page.entities()) {
            body.add(temporalBody(tenant, s, query.attrs(), window, lastN, options, ctx));
        }
        ResponseEntity<JsonNode> response = respond(body, output(request) == Output.GEO_JSON ? Output.JSON : output(request), request);
        return "true".equals(count) ? withCount(response, page.total()) : response;
    }

    /**
     * Adds instances to the history of an entity's attributes (a gauge uploading the readings it kept during an outage):
     * {@code {"rainfall": [{"type":"Property","value":12,"observedAt":"…"}, …]}}. The current state is not changed
     * and no notification is sent: it is history being completed, not a change happening now.
     */
    @Performs(Action.WRITE_TWIN)
    @PostMapping("/temporal/entities/{id}/attrs")
    @Operation(summary = "Add attribute instances to an entity's history (each with observedAt); the current state is unchanged")
    ResponseEntity<Void> appendHistory(@PathVariable String id, @RequestBody(required = false) String body, HttpServletRequest request) {
        Incoming in = incoming(body, request);
        List<TwinStore.Instance> instances = new ArrayList<>();
        for (var e : in.body().properties()) {
            if (e.getKey().equals("@context") || e.getKey().equals("id") || e.getKey().equals("type")) {
                continue; // the entity is named by the path; only attributes have instances
            }
            List<JsonNode> given = new ArrayList<>();
            if (e.getValue().isArray()) {
                e.getValue().forEach(given::add);
            } else {
                given.add(e.getValue());
            }
            for (JsonNode instance : given) {
                ObjectNode one = json.createObjectNode();
                one.set(e.getKey(), instance);
                ObjectNode expanded = broker.documents().expandAttributes(one, in.ctx());
                if (expanded.isEmpty() || !(expanded.get(expanded.propertyNames().iterator().next()) instanceof ObjectNode)) {
                    throw new NgsiLdError(NgsiLdError.Type.BadRequestData, e.getKey() + ": an attribute instance is an object with a type and a value");
                }
                String name = expanded.propertyNames().iterator().next();
                JsonNode attr = expanded.get(name);
                if (!attr.has("observedAt")) {
                    throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "every instance of " + e.getKey() + " needs observedAt");
                }
                instances.add(new TwinStore.Instance(name, EntityDocuments.instant(name, attr.get("observedAt").asString()).toInstant(), (ObjectNode) attr));
            }
        }
        if (instances.isEmpty()) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "no attribute instances given");
        }
        broker.appendHistory(tenant(request), id, instances);
        return ResponseEntity.noContent().build();
    }

    private ObjectNode temporalBody(String tenant, TwinStore.Stored stored, List<String> attrList, Instant[] window, String lastN, String options,
                                    LdContext ctx) {
        String id = stored.doc().get("id").asString();
        List<TwinStore.Instance> instances = broker.history(tenant, id, attrList, window[0], window[1]);
        int last = lastN == null ? Integer.MAX_VALUE : number("lastN", lastN, 0);
        boolean temporalValues = options != null && split(options).contains("temporalValues");
        ObjectNode body = json.createObjectNode();
        body.put("id", id);
        ArrayNode types = (ArrayNode) stored.doc().get("type");
        body.put("type", ctx.compact(types.get(0).asString()));
        Map<String, List<TwinStore.Instance>> byName = new LinkedHashMap<>();
        instances.forEach(i -> byName.computeIfAbsent(i.name(), k -> new ArrayList<>()).add(i));
        byName.forEach((name, list) -> {
            List<TwinStore.Instance> kept = list.subList(Math.max(0, list.size() - last), list.size());
            if (temporalValues) {
                ObjectNode attr = body.putObject(ctx.compact(name));
                attr.put("type", kept.getFirst().instance().path("type").asString());
                ArrayNode values = attr.putArray("values");
                for (TwinStore.Instance i : kept) {
                    ArrayNode pair = values.addArray();
                    pair.add(EntityDocuments.simplified(i.instance()));
                    pair.add(i.observedAt().toString());
                }
            } else {
                ArrayNode attr = body.putArray(ctx.compact(name));
                for (TwinStore.Instance i : kept) {
                    ObjectNode instance = i.instance().deepCopy();
                    instance.put("observedAt", i.observedAt().toString());
                    attr.add(instance);
                }
            }
        });
        return body;
    }

    /** Residents: from the population module, within the reader's jurisdiction, audited; paging only. */
    private ResponseEntity<JsonNode> persons(String type, String id, String idPattern, String q, String georel, String options, int lim, int off,
                                             String count, HttpServletRequest request) {
        if (split(type).size() > 1 || id != null || idPattern != null || q != null || georel != null) {
            throw new NgsiLdError(NgsiLdError.Type.OperationNotSupported, "Person entities are queried on their own, with paging only");
        }
        long[] total = {0};
        ArrayNode body = json.createArrayNode();
        persons.query(request.getHeader(PersonEntities.PURPOSE_HEADER), off, lim, total)
                .forEach(p -> body.add("keyValues".equals(options) ? simplifiedPerson(p) : p));
        Output out = output(request);
        ResponseEntity<JsonNode> response = respond(body, out == Output.GEO_JSON ? Output.JSON : out, request);
        return "true".equals(count) ? withCount(response, total[0]) : response;
    }

    private static ResponseEntity<JsonNode> withCount(ResponseEntity<JsonNode> response, long total) {
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(response.getHeaders());
        headers.set("NGSILD-Results-Count", Long.toString(total));
        return new ResponseEntity<>(response.getBody(), headers, HttpStatus.OK);
    }

    private ObjectNode simplifiedPerson(ObjectNode person) {
        ObjectNode out = json.createObjectNode();
        person.properties().forEach(e -> out.set(e.getKey(), e.getValue().isObject() ? EntityDocuments.simplified(e.getValue()) : e.getValue()));
        return out;
    }

    // ---------------- helpers ----------------

    private record Incoming(JsonNode body, LdContext ctx) {
    }

    enum Output { JSON, LD_JSON, GEO_JSON }

    private Incoming incoming(String body, HttpServletRequest request) {
        String mediaType = mediaType(request);
        JsonNode parsed = parse(body);
        if (mediaType.equals("application/ld+json")) {
            if (!parsed.has("@context")) {
                throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "a body sent as application/ld+json must carry an @context");
            }
            if (request.getHeader("Link") != null) {
                // Two contexts for one body: which one a term means would be a guess (GS CIM 009 6.3.5).
                throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "with application/ld+json the context goes in the body, not also in a Link header");
            }
            return new Incoming(parsed, contexts.fromBody(parsed.get("@context")));
        }
        if (parsed.has("@context")) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "with application/json the context goes in the Link header, not in the body");
        }
        return new Incoming(parsed, contexts.fromLinkHeader(request.getHeader("Link")));
    }

    private static String mediaType(HttpServletRequest request) {
        String contentType = request.getContentType();
        String mediaType = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase();
        if (!mediaType.equals("application/json") && !mediaType.equals("application/ld+json") && !mediaType.equals("application/merge-patch+json")) {
            throw new NgsiLdError(NgsiLdError.Type.UnsupportedMediaType, "send application/json or application/ld+json, not '" + contentType + "'");
        }
        return mediaType.equals("application/merge-patch+json") ? "application/json" : mediaType;
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw new NgsiLdError(NgsiLdError.Type.InvalidRequest, "the request has no body");
        }
        try {
            return json.readTree(body);
        } catch (RuntimeException e) {
            throw new NgsiLdError(NgsiLdError.Type.InvalidRequest, "the body is not valid JSON");
        }
    }

    private static Output output(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        if (accept == null || accept.isBlank()) {
            return Output.JSON;
        }
        for (String part : accept.split(",")) {
            String type = part.split(";")[0].trim().toLowerCase();
            switch (type) {
                case "application/json", "*/*", "application/*" -> {
                    return Output.JSON;
                }
                case "application/ld+json" -> {
                    return Output.LD_JSON;
                }
                case "application/geo+json" -> {
                    return Output.GEO_JSON;
                }
                default -> {
                }
            }
        }
        throw new NgsiLdError(NgsiLdError.Type.NotAcceptable, "this API answers application/json, application/ld+json or application/geo+json");
    }

    private ResponseEntity<JsonNode> respond(JsonNode body, Output out, HttpServletRequest request) {
        String link = request.getHeader("Link");
        String contextUrl = contextUrl(link);
        HttpHeaders headers = tenantHeader(request);
        switch (out) {
            case LD_JSON -> {
                headers.set(HttpHeaders.CONTENT_TYPE, "application/ld+json");
                withContext(body, contextUrl);
            }
            case GEO_JSON -> {
                headers.set(HttpHeaders.CONTENT_TYPE, "application/geo+json");
                headers.add("Link", "<" + contextUrl + ">; rel=\"" + LdContexts.LINK_REL + "\"; type=\"application/ld+json\"");
            }
            default -> {
                headers.set(HttpHeaders.CONTENT_TYPE, "application/json");
                headers.add("Link", "<" + contextUrl + ">; rel=\"" + LdContexts.LINK_REL + "\"; type=\"application/ld+json\"");
            }
        }
        return new ResponseEntity<>(body, headers, HttpStatus.OK);
    }

    private static void withContext(JsonNode body, String contextUrl) {
        if (body instanceof ObjectNode o) {
            o.put("@context", contextUrl);
        } else if (body instanceof ArrayNode a) {
            a.forEach(e -> withContext(e, contextUrl));
        }
    }

    private static String contextUrl(String link) {
        if (link != null && !link.isBlank()) {
            int start = link.indexOf('<');
            int end = link.indexOf('>');
            if (start >= 0 && end > start) {
                return link.substring(start + 1, end);
            }
        }
        return "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld";
    }

    /** How a reader asked to see entities: the format, system attributes, and the members picked or omitted. */
    private record View(EntityDocuments.Format format, boolean sysAttrs, List<String> pick, List<String> omit) {
    }

    private static View view(String options, String format, String pick, String omit) {
        List<String> opts = options == null ? List.of() : split(options);
        for (String o : opts) {
            if (!List.of("keyValues", "simplified", "concise", "normalized", "sysAttrs").contains(o)) {
                throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "options: keyValues, simplified, concise, normalized or sysAttrs, not " + o);
            }
        }
        EntityDocuments.Format f = format != null ? EntityDocuments.Format.named(format)
                : opts.contains("keyValues") || opts.contains("simplified") ? EntityDocuments.Format.SIMPLIFIED
                : opts.contains("concise") ? EntityDocuments.Format.CONCISE : EntityDocuments.Format.NORMALIZED;
        if (pick != null && omit != null) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "pick and omit cannot be used together");
        }
        return new View(f, opts.contains("sysAttrs"), pick == null ? null : nonEmpty("pick", pick), omit == null ? null : nonEmpty("omit", omit));
    }

    private static List<String> nonEmpty(String name, String csv) {
        List<String> names = split(csv);
        if (names.isEmpty()) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, name + ": a list of member names, such as id,type,name");
        }
        return names;
    }

    private ObjectNode present(TwinStore.Stored s, LdContext ctx, View view, List<String> attrs) {
        return EntityDocuments.project(broker.documents().present(s.doc(), ctx, view.format(), attrs, view.sysAttrs(), s.createdAt().toString(),
                s.modifiedAt().toString()), view.pick(), view.omit());
    }

    private ObjectNode feature(ObjectNode entity, TwinStore.Stored stored, LdContext ctx, String geometryProperty) {
        String geoName = geometryProperty == null ? "location" : geometryProperty;
        ObjectNode feature = json.createObjectNode();
        feature.put("id", entity.get("id").asString());
        feature.put("type", "Feature");
        JsonNode geo = stored.doc().get(ctx.expand(geoName));
        feature.set("geometry", geo != null && "GeoProperty".equals(geo.path("type").asString()) ? geo.get("value") : json.nullNode());
        ObjectNode properties = feature.putObject("properties");
        entity.properties().forEach(e -> {
            if (!e.getKey().equals("id")) {
                properties.set(e.getKey(), e.getValue());
            }
        });
        return feature;
    }

    private ResponseEntity<JsonNode> updateResponse(NgsiLdBroker.UpdateResult r, LdContext ctx) {
        if (r.notUpdated().isEmpty()) {
            return ResponseEntity.noContent().build();
        }
        ObjectNode body = json.createObjectNode();
        body.set("updated", json.valueToTree(r.updated().stream().map(ctx::compact).toList()));
        body.set("notUpdated", json.valueToTree(r.notUpdated().stream()
                .map(m -> Map.of("attributeName", ctx.compact(m.get("attributeName")), "reason", m.get("reason"))).toList()));
        return ResponseEntity.status(207).body(body);
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

    private static Instant[] window(String timerel, String timeAt, String endTimeAt) {
        if (timerel == null) {
            return new Instant[] {null, null};
        }
        if (timeAt == null) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "timerel needs timeAt");
        }
        Instant at = EntityDocuments.instant("timeAt", timeAt).toInstant();
        return switch (timerel) {
            case "before" -> new Instant[] {null, at};
            case "after" -> new Instant[] {at, null};
            case "between" -> {
                if (endTimeAt == null) {
                    throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "timerel=between needs endTimeAt");
                }
                Instant end = EntityDocuments.instant("endTimeAt", endTimeAt).toInstant();
                if (!end.isAfter(at)) {
                    throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "endTimeAt must be after timeAt");
                }
                yield new Instant[] {at, end};
            }
            default -> throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "timerel must be before, after or between");
        };
    }

    static String tenant(HttpServletRequest request) {
        String t = request.getHeader(TENANT);
        if (t == null || t.isBlank()) {
            return TwinEntities.DEFAULT_TENANT;
        }
        if (!t.matches("[A-Za-z0-9_:.-]{1,64}")) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "NGSILD-Tenant must be 1–64 letters, digits or _:.-");
        }
        return t;
    }

    private static HttpHeaders tenantHeader(HttpServletRequest request) {
        HttpHeaders h = new HttpHeaders();
        String t = request.getHeader(TENANT);
        if (t != null && !t.isBlank()) {
            h.set(TENANT, t);
        }
        return h;
    }

    /** An entity query must select by something: a whole tenant is not listed by accident. */
    private static void requireSelection(String what, String type, String id, String idPattern, String attrs, String q, String georel) {
        if (type == null && id == null && idPattern == null && attrs == null && q == null && georel == null) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, what + " needs at least one of type, id, idPattern, attrs, q or a geo-query");
        }
    }

    /** The page size asked for (20 by default), refused above {@value #MAX_LIMIT}. */
    private static int pageLimit(String limit) {
        int lim = number("limit", limit, 20);
        if (lim > MAX_LIMIT) {
            throw new NgsiLdError(NgsiLdError.Type.TooManyResults, "limit must not exceed " + MAX_LIMIT);
        }
        return lim;
    }

    /** Whether the types asked for include Person (residents: read through the population module, not the store). */
    private boolean asksForPersons(String type, LdContext ctx) {
        return type != null && split(type).stream().map(ctx::expand).anyMatch(PersonEntities::isPersonType);
    }

    private static int number(String name, String value, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, name + " must be a whole number, 0 or more");
        }
    }

    /** The attributes a reader asks for, expanded; {@code id} and {@code type} are not attributes (GS CIM 009 4.5.1). */
    private List<String> attrs(String attrs, LdContext ctx) {
        if (attrs == null) {
            return null;
        }
        List<String> names = split(attrs);
        if (names.isEmpty() || names.contains("id") || names.contains("type")) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "attrs: a list of attribute names; id and type are always given and are not attributes");
        }
        names.forEach(n -> broker.documents().expandName(n, ctx));
        return broker.documents().expandAll(names, ctx);
    }

    private static List<String> split(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
