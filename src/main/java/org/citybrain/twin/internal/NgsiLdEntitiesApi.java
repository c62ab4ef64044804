package org.citybrain.twin.internal;

import org.citybrain.identity.Action;
import org.citybrain.identity.Performs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.citybrain.twin.NgsiLdError;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The NGSI-LD entities (GS CIM 009 5.6–5.7, 6.4–6.7, 6.14–6.23): create, retrieve, query (GET and POST), merge,
 * replace, delete and purge; their attributes; the batch operations. Residents are shown as Person entities from
 * the population module, never stored here.
 */
@RestController
@RequestMapping("/ngsi-ld/v1")
@Tag(name = "NGSI-LD", description = "The digital twin (ETSI GS CIM 009)")
class NgsiLdEntitiesApi {

    private final NgsiLdBroker broker;
    private final LdContexts contexts;
    private final JsonMapper json;
    private final PersonEntities persons;
    private final NgsiLdHttp http;
    private final NgsiLdSelection selection;
    private final ContextSources sources;
    private final Federation federation;
    private final LinkedEntities linked;

    NgsiLdEntitiesApi(NgsiLdBroker broker, LdContexts contexts, JsonMapper json, PersonEntities persons, NgsiLdHttp http,
                      NgsiLdSelection selection, ContextSources sources, Federation federation, LinkedEntities linked) {
        this.linked = linked;
        this.sources = sources;
        this.federation = federation;
        this.broker = broker;
        this.contexts = contexts;
        this.json = json;
        this.persons = persons;
        this.http = http;
        this.selection = selection;
    }

    @Performs(Action.WRITE_TWIN)
    @PostMapping("/entities")
    @Operation(summary = "Create an entity")
    ResponseEntity<Void> create(@RequestBody(required = false) String body, HttpServletRequest request) {
        NgsiLdHttp.Incoming in = http.incoming(body, request);
        if (!in.body().isObject()) {
            throw new NgsiLdError(NgsiLdError.Type.InvalidRequest, "an entity is a JSON object");
        }
        ObjectNode expanded = broker.documents().expandEntity(in.body(), in.ctx());
        broker.create(NgsiLdHttp.tenant(request), expanded);
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").buildAndExpand(expanded.get("id").asString()).toUri())
                .headers(NgsiLdHttp.tenantHeader(request)).build();
    }

    @Performs(Action.READ_TWIN)
    @GetMapping("/entities/{id}")
    @Operation(summary = "Retrieve an entity")
    ResponseEntity<JsonNode> retrieve(@PathVariable String id, @RequestParam(required = false) String attrs,
                                      @RequestParam(required = false) String options, @RequestParam(required = false) String geometryProperty,
                                      @RequestParam(required = false) String format, @RequestParam(required = false) String pick,
                                      @RequestParam(required = false) String omit, @RequestParam(required = false) String local,
                                      @RequestParam(required = false) String lang, @RequestParam(required = false) String join,
                                      @RequestParam(required = false) String joinLevel, HttpServletRequest request) {
        LdContext ctx = contexts.fromLinkHeader(request.getHeader("Link"));
        NgsiLdSelection.View view = NgsiLdSelection.view(options, format, pick, omit).inLanguage(lang);
        NgsiLdHttp.Output out = NgsiLdHttp.output(request);
        LinkedEntities.Join joined = joinFor(join, joinLevel, out);
        if (PersonEntities.isPerson(id)) {
            ObjectNode person = persons.retrieve(id, request.getHeader(PersonEntities.PURPOSE_HEADER));
            return http.respond("keyValues".equals(options) ? simplifiedPerson(person) : person, out == NgsiLdHttp.Output.GEO_JSON ? NgsiLdHttp.Output.JSON : out, request);
        }
        String tenant = NgsiLdHttp.tenant(request);
        List<String> attrList = selection.attrs(attrs, ctx);
        TwinStore.Stored stored = retrieveAnywhere(tenant, id, attrList, "true".equals(local), request, ctx);
        if (attrList != null && attrList.stream().noneMatch(stored.doc()::has)) {
            throw new NgsiLdError(NgsiLdError.Type.ResourceNotFound, "entity " + id + " has none of the attributes " + attrs);
        }
        ObjectNode entity = selection.present(stored, ctx, view, attrList);
        if (out == NgsiLdHttp.Output.GEO_JSON) {
            return http.respond(feature(entity, stored, ctx, geometryProperty), out, request);
        }
        if (joined != null) {
            List<ObjectNode> withLinked = linked.join(tenant, joined, List.of(stored), List.of(entity), ctx, view);
            // flat: the entity and those it links to, as a list (GS CIM 009 4.5.23)
            return http.respond(joined.mode() == LinkedEntities.Mode.FLAT ? json.valueToTree(withLinked) : entity, out, request);
        }
        return http.respond(entity, out, request);
    }

    /** The join asked for; not offered with GeoJSON, whose features have no place for a linked entity. */
    private static LinkedEntities.Join joinFor(String join, String joinLevel, NgsiLdHttp.Output out) {
        LinkedEntities.Join joined = LinkedEntities.parse(join, joinLevel);
        if (joined != null && out == NgsiLdHttp.Output.GEO_JSON) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "join: not offered with application/geo+json; ask for application/json");
        }
        return joined;
    }

    /**
     * The entity as we hold it, merged with what registered sources hold of it (unless {@code local=true}); not found
     * when nobody holds it.
     */
    private TwinStore.Stored retrieveAnywhere(String tenant, String id, List<String> attrList, boolean local, HttpServletRequest request, LdContext ctx) {
        if (local) {
            return broker.retrieve(tenant, id);
        }
        TwinStore.Stored ours = null;
        try {
            ours = broker.retrieve(tenant, id);
        } catch (NgsiLdError e) {
            if (e.type() != NgsiLdError.Type.ResourceNotFound) {
                throw e;
            }
        }
        List<String> types = ours == null ? null : java.util.stream.StreamSupport.stream(ours.doc().get("type").spliterator(), false)
                .map(JsonNode::asString).toList();
        List<ContextSources.Source> asked = sources.matching(tenant, types, List.of(id), attrList, "retrieveEntity");
        if (asked.isEmpty()) {
            if (ours == null) {
                throw new NgsiLdError(NgsiLdError.Type.ResourceNotFound, "no entity " + id);
            }
            return ours;
        }
        Federation.Answers answers = federation.ask(asked, "/entities/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8),
                request.getParameterMap(), 0, request.getHeader("Link"), ctx);
        List<TwinStore.Stored> merged = federation.merge(ours == null ? List.of() : List.of(ours), answers.entities());
        if (!answers.failed().isEmpty()) {
            request.setAttribute(Federation.WARNING, answers.failed());
        }
        if (merged.isEmpty()) {
            throw new NgsiLdError(NgsiLdError.Type.ResourceNotFound, "no entity " + id + " here or at the registered sources");
        }
        return merged.getFirst();
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
                                   @RequestParam(required = false) String omit, @RequestParam(required = false) String local,
                                   @RequestParam(required = false) String lang, @RequestParam(required = false) String scopeQ,
                                   @RequestParam(required = false) String orderBy, @RequestParam(required = false) String expandValues,
                                   @RequestParam(required = false) String join, @RequestParam(required = false) String joinLevel,
                                   HttpServletRequest request) {
        LdContext ctx = contexts.fromLinkHeader(request.getHeader("Link"));
        NgsiLdSelection.View view = NgsiLdSelection.view(options, format, pick, omit).inLanguage(lang);
        NgsiLdHttp.Output out = NgsiLdHttp.output(request);
        LinkedEntities.Join joined = joinFor(join, joinLevel, out);
        NgsiLdHttp.requireSelection("a query", type, id, idPattern, attrs, q != null ? q : scopeQ, georel);
        int lim = NgsiLdHttp.pageLimit(limit);
        int off = NgsiLdHttp.number("offset", offset, 0);
        if (selection.asksForPersons(type, ctx)) {
            return persons(type, id, idPattern, q, georel, options, lim, off, count, request);
        }
        TwinStore.Query query = selection.refined(selection.entityQuery(type, id, idPattern, attrs, q, georel, geometry, coordinates, geoproperty,
                off, lim, count, ctx), scopeQ, expandValues, orderBy, lang, ctx);
        List<String> attrList = query.attrs();
        String tenant = NgsiLdHttp.tenant(request);
        List<ContextSources.Source> asked = "true".equals(local) ? List.of() : sources.matching(tenant, query.types(), query.ids(), attrList, "queryEntity");
        TwinStore.Page page = asked.isEmpty() ? broker.query(tenant, query) : federated(tenant, query, asked, off, lim, request, ctx);
        ArrayNode entities = json.createArrayNode();
        List<TwinStore.Stored> found = page.entities();
        List<ObjectNode> shown = new ArrayList<>();
        for (TwinStore.Stored s : found) {
            ObjectNode e = selection.present(s, ctx, view, attrList);
            shown.add(out == NgsiLdHttp.Output.GEO_JSON ? feature(e, s, ctx, geometryProperty) : e);
        }
        (joined == null ? shown : linked.join(tenant, joined, found, shown, ctx, view)).forEach(entities::add);
        JsonNode body = entities;
        if (out == NgsiLdHttp.Output.GEO_JSON) {
            ObjectNode fc = json.createObjectNode();
            fc.put("type", "FeatureCollection");
            fc.set("features", entities);
            body = fc;
        }
        ResponseEntity<JsonNode> response = http.respond(body, out, request);
        if ("true".equals(count)) {
            response = NgsiLdHttp.withCount(response, page.total());
        }
        return NgsiLdHttp.paged(response, page.more(), off, lim);
    }

    /**
     * A page of the query over our store and the registered sources together: each is asked for its first
     * offset + limit entities, the lists are merged by id (in id order) and the page cut from the merged list. The
     * count, when asked for, is of the merged entities read, a lower bound when some source held more.
     */
    private TwinStore.Page federated(String tenant, TwinStore.Query query, List<ContextSources.Source> asked, int off, int lim,
                                     HttpServletRequest request, LdContext ctx) {
        int wanted = Math.min(off + lim, NgsiLdHttp.MAX_LIMIT * 10);
        TwinStore.Page ours = broker.query(tenant, query.firstPage(wanted));
        Federation.Answers answers = federation.ask(asked, "/entities", request.getParameterMap(), wanted, request.getHeader("Link"), ctx);
        if (!answers.failed().isEmpty()) {
            request.setAttribute(Federation.WARNING, answers.failed());
        }
        List<TwinStore.Stored> merged = new ArrayList<>(federation.merge(ours.entities(), answers.entities()));
        if (query.order() != null) {
            query.order().sort(merged); // each source ordered its part; the merged list is ordered again
        }
        List<TwinStore.Stored> page = merged.subList(Math.min(off, merged.size()), Math.min(off + lim, merged.size()));
        return new TwinStore.Page(List.copyOf(page), merged.size(), merged.size() > off + lim || ours.more() || answers.entities().size() >= wanted);
    }

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
                                         @RequestParam(required = false) String lang, @RequestParam(required = false) String orderBy,
                                         @RequestParam(required = false) String expandValues, @RequestParam(required = false) String join,
                                         @RequestParam(required = false) String joinLevel, HttpServletRequest request) {
        NgsiLdHttp.Incoming in = http.incoming(body, request);
        NgsiLdSelection.QueryBody b = NgsiLdSelection.QueryBody.of(in.body());
        String type = b.type();
        if (b.scopeQ() != null && b.q() == null && type == null && b.id() == null && b.attrs() == null && b.georel() == null) {
            type = "*"; // a scope alone selects, across types
        }
        String id = b.id();
        String idPattern = b.idPattern();
        String attrs = b.attrs();
        String q = b.q();
        String georel = b.georel();
        String geometry = b.geometry();
        String coordinates = b.coordinates();
        String geoproperty = b.geoproperty();
        NgsiLdHttp.requireSelection("a query", type, id, idPattern, attrs, q, georel);
        if (selection.asksForPersons(type, in.ctx())) {
            throw new NgsiLdError(NgsiLdError.Type.OperationNotSupported, "Person entities are queried with GET /entities?type=Person");
        }
        NgsiLdSelection.View view = NgsiLdSelection.view(options, format, pick, omit).inLanguage(lang);
        int lim = NgsiLdHttp.pageLimit(limit);
        int off = NgsiLdHttp.number("offset", offset, 0);
        TwinStore.Query chosen = selection.refined(selection.entityQuery(type, id, idPattern, attrs, q, georel, geometry, coordinates, geoproperty,
                off, lim, count, in.ctx()), b.scopeQ(), expandValues, orderBy, lang, in.ctx());
        NgsiLdHttp.Output out = NgsiLdHttp.output(request);
        LinkedEntities.Join joined = LinkedEntities.parse(join, joinLevel);
        TwinStore.Page page = broker.query(NgsiLdHttp.tenant(request), chosen);
        ArrayNode entities = json.createArrayNode();
        List<ObjectNode> shown = page.entities().stream().map(s -> selection.present(s, in.ctx(), view, chosen.attrs())).toList();
        (joined == null ? shown : linked.join(NgsiLdHttp.tenant(request), joined, page.entities(), shown, in.ctx(), view)).forEach(entities::add);
        ResponseEntity<JsonNode> response = http.respond(entities, out == NgsiLdHttp.Output.GEO_JSON ? NgsiLdHttp.Output.JSON : out, request);
        return NgsiLdHttp.paged("true".equals(count) ? NgsiLdHttp.withCount(response, page.total()) : response, page.more(), off, lim);
    }

    @Performs(Action.WRITE_TWIN)
    @PatchMapping("/entities/{id}")
    @Operation(summary = "Merge an entity: attributes merged member by member, new ones added, urn:ngsi-ld:null deletes")
    ResponseEntity<Void> merge(@PathVariable String id, @RequestBody(required = false) String body, HttpServletRequest request) {
        NgsiLdHttp.Incoming in = http.incoming(body, request);
        broker.merge(NgsiLdHttp.tenant(request), id, in.body(), in.ctx());
        return ResponseEntity.noContent().build();
    }

    @Performs(Action.WRITE_TWIN)
    @org.springframework.web.bind.annotation.PutMapping("/entities/{id}")
    @Operation(summary = "Replace an entity: it becomes the one given (its id kept)")
    ResponseEntity<Void> replace(@PathVariable String id, @RequestBody(required = false) String body, HttpServletRequest request) {
        NgsiLdHttp.Incoming in = http.incoming(body, request);
        if (!in.body().isObject()) {
            throw new NgsiLdError(NgsiLdError.Type.InvalidRequest, "an entity is a JSON object");
        }
        ObjectNode given = ((ObjectNode) in.body()).deepCopy();
        if (given.has("id") && !id.equals(given.get("id").asString())) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "id: the body names " + given.get("id").asString() + ", the path " + id);
        }
        given.put("id", id);
        broker.replace(NgsiLdHttp.tenant(request), id, broker.documents().expandEntity(given, in.ctx()));
        return ResponseEntity.noContent().build();
    }

    @Performs(Action.WRITE_TWIN)
    @org.springframework.web.bind.annotation.PutMapping("/entities/{id}/attrs/{attr}")
    @Operation(summary = "Replace one attribute of an entity")
    ResponseEntity<Void> replaceAttribute(@PathVariable String id, @PathVariable String attr, @RequestBody(required = false) String body,
                                          HttpServletRequest request) {
        NgsiLdHttp.Incoming in = http.incoming(body, request);
        ObjectNode one = json.createObjectNode();
        one.set(attr, in.body());
        ObjectNode expanded = broker.documents().expandAttributes(one, in.ctx());
        String name = expanded.propertyNames().iterator().next();
        broker.replaceAttribute(NgsiLdHttp.tenant(request), id, name, (ObjectNode) expanded.get(name), in.ctx());
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
        if (selection.asksForPersons(type, ctx)) {
            throw new NgsiLdError(NgsiLdError.Type.OperationNotSupported, "Person entities are residents: they are not deleted through the twin");
        }
        broker.purge(NgsiLdHttp.tenant(request), selection.entityQuery(type, null, idPattern, null, q, null, null, null, null, 0, 500, null, ctx));
        return ResponseEntity.noContent().build();
    }

    @Performs(Action.WRITE_TWIN)
    @DeleteMapping("/entities/{id}")
    @Operation(summary = "Delete an entity")
    ResponseEntity<Void> delete(@PathVariable String id, HttpServletRequest request) {
        broker.delete(NgsiLdHttp.tenant(request), id);
        return ResponseEntity.noContent().build();
    }

    @Performs(Action.WRITE_TWIN)
    @PostMapping("/entities/{id}/attrs")
    @Operation(summary = "Append attributes (options=noOverwrite keeps existing ones)")
    ResponseEntity<JsonNode> append(@PathVariable String id, @RequestBody(required = false) String body,
                                    @RequestParam(required = false) String options, HttpServletRequest request) {
        NgsiLdHttp.Incoming in = http.incoming(body, request);
        NgsiLdBroker.UpdateResult r = broker.append(NgsiLdHttp.tenant(request), id, broker.documents().expandAttributes(in.body(), in.ctx()),
                options != null && NgsiLdHttp.split(options).contains("noOverwrite"));
        return updateResponse(r, in.ctx());
    }

    @Performs(Action.WRITE_TWIN)
    @PatchMapping("/entities/{id}/attrs")
    @Operation(summary = "Update existing attributes")
    ResponseEntity<JsonNode> update(@PathVariable String id, @RequestBody(required = false) String body, HttpServletRequest request) {
        NgsiLdHttp.Incoming in = http.incoming(body, request);
        return updateResponse(broker.update(NgsiLdHttp.tenant(request), id, broker.documents().expandAttributes(in.body(), in.ctx())), in.ctx());
    }

    @Performs(Action.WRITE_TWIN)
    @PatchMapping("/entities/{id}/attrs/{attr}")
    @Operation(summary = "Partially update one attribute (e.g. only its value)")
    ResponseEntity<Void> partialUpdate(@PathVariable String id, @PathVariable String attr, @RequestBody(required = false) String body,
                                       HttpServletRequest request) {
        NgsiLdHttp.Incoming in = http.incoming(body, request);
        broker.partialUpdate(NgsiLdHttp.tenant(request), id, in.ctx().expand(attr), in.body(), in.ctx());
        return ResponseEntity.noContent().build();
    }

    @Performs(Action.WRITE_TWIN)
    @DeleteMapping("/entities/{id}/attrs/{attr}")
    @Operation(summary = "Delete an attribute: its default instance, the instance of datasetId, or with deleteAll=true every instance")
    ResponseEntity<Void> deleteAttribute(@PathVariable String id, @PathVariable String attr, @RequestParam(required = false) String datasetId,
                                         @RequestParam(required = false) String deleteAll, HttpServletRequest request) {
        LdContext ctx = contexts.fromLinkHeader(request.getHeader("Link"));
        if (deleteAll != null && !deleteAll.equals("true") && !deleteAll.equals("false")) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "deleteAll: true or false");
        }
        if (datasetId != null && !LdContext.isAbsolute(datasetId)) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "datasetId: a URI");
        }
        broker.deleteAttribute(NgsiLdHttp.tenant(request), id, ctx.expand(attr), ctx, datasetId, "true".equals(deleteAll));
        return ResponseEntity.noContent().build();
    }

    @Performs(Action.WRITE_TWIN)
    @PostMapping("/entityOperations/{operation}")
    @Operation(summary = "Batch create, upsert (options=update|replace), update (options=noOverwrite), merge or delete")
    ResponseEntity<JsonNode> batch(@PathVariable String operation, @RequestBody(required = false) String body,
                                   @RequestParam(required = false) String options, HttpServletRequest request) {
        if (!List.of("create", "upsert", "update", "delete", "merge").contains(operation)) {
            throw new NgsiLdError(NgsiLdError.Type.ResourceNotFound, "no batch operation " + operation);
        }
        String mediaType = NgsiLdHttp.mediaType(request);
        JsonNode parsed = http.parse(body);
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
            r = broker.batchDelete(NgsiLdHttp.tenant(request), items);
        } else if (operation.equals("merge")) {
            r = broker.batchMerge(NgsiLdHttp.tenant(request), items, mediaType.equals("application/ld+json") ? null : contexts.fromLinkHeader(request.getHeader("Link")));
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
            List<String> opts = options == null ? List.of() : NgsiLdHttp.split(options);
            r = broker.batch(NgsiLdHttp.tenant(request), operation, items, ctx, !opts.contains("update"), opts.contains("noOverwrite"));
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

    /** Residents: from the population module, within the reader's jurisdiction, audited; paging only. */
    private ResponseEntity<JsonNode> persons(String type, String id, String idPattern, String q, String georel, String options, int lim, int off,
                                             String count, HttpServletRequest request) {
        if (NgsiLdHttp.split(type).size() > 1 || id != null || idPattern != null || q != null || georel != null) {
            throw new NgsiLdError(NgsiLdError.Type.OperationNotSupported, "Person entities are queried on their own, with paging only");
        }
        long[] total = {0};
        ArrayNode body = json.createArrayNode();
        persons.query(request.getHeader(PersonEntities.PURPOSE_HEADER), off, lim, total)
                .forEach(p -> body.add("keyValues".equals(options) ? simplifiedPerson(p) : p));
        NgsiLdHttp.Output out = NgsiLdHttp.output(request);
        ResponseEntity<JsonNode> response = http.respond(body, out == NgsiLdHttp.Output.GEO_JSON ? NgsiLdHttp.Output.JSON : out, request);
        return "true".equals(count) ? NgsiLdHttp.withCount(response, total[0]) : response;
    }

    private ObjectNode simplifiedPerson(ObjectNode person) {
        ObjectNode out = json.createObjectNode();
        person.properties().forEach(e -> out.set(e.getKey(), e.getValue().isObject() ? EntityDocuments.simplified(e.getValue()) : e.getValue()));
        return out;
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
}
