package org.citybrain.twin.internal;

import org.citybrain.identity.Action;
import org.citybrain.identity.Performs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.citybrain.twin.NgsiLdError;
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
 * The NGSI-LD temporal API (GS CIM 009 5.6.11, 5.7.3–5.7.4, 6.18–6.22): the history of an entity's attributes, of
 * the entities a query selects, and instances added to a history after the fact.
 */
@RestController
@RequestMapping("/ngsi-ld/v1")
@Tag(name = "NGSI-LD", description = "The digital twin (ETSI GS CIM 009)")
class NgsiLdTemporalApi {

    private final NgsiLdBroker broker;
    private final LdContexts contexts;
    private final JsonMapper json;
    private final NgsiLdHttp http;
    private final NgsiLdSelection selection;

    NgsiLdTemporalApi(NgsiLdBroker broker, LdContexts contexts, JsonMapper json, NgsiLdHttp http, NgsiLdSelection selection) {
        this.broker = broker;
        this.contexts = contexts;
        this.json = json;
        this.http = http;
        this.selection = selection;
    }

    @Performs(Action.READ_TWIN)
    @GetMapping("/temporal/entities/{id}")
    @Operation(summary = "Attribute history of an entity: timerel=before|after|between, timeAt, endTimeAt, attrs, lastN, options=temporalValues")
    ResponseEntity<JsonNode> temporal(@PathVariable String id, @RequestParam(required = false) String attrs,
                                      @RequestParam(required = false) String timerel, @RequestParam(required = false) String timeAt,
                                      @RequestParam(required = false) String endTimeAt, @RequestParam(required = false) String lastN,
                                      @RequestParam(required = false) String options, @RequestParam(required = false) String aggrMethods,
                                      @RequestParam(required = false) String aggrPeriodDuration, HttpServletRequest request) {
        LdContext ctx = contexts.fromLinkHeader(request.getHeader("Link"));
        Instant[] window = window(timerel, timeAt, endTimeAt);
        TemporalAggregation aggregation = TemporalAggregation.parse(options == null ? List.of() : NgsiLdHttp.split(options), aggrMethods, aggrPeriodDuration);
        List<String> attrList = selection.attrs(attrs, ctx);
        String tenant = NgsiLdHttp.tenant(request);
        TwinStore.Stored stored = broker.retrieve(tenant, id);
        return http.respond(temporalBody(tenant, stored, attrList, window, lastN, options, aggregation, ctx), NgsiLdHttp.output(request), request);
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
                                           @RequestParam(required = false) String count, @RequestParam(required = false) String aggrMethods,
                                           @RequestParam(required = false) String aggrPeriodDuration, @RequestParam(required = false) String scopeQ,
                                           HttpServletRequest request) {
        return temporalQuery(type, id, idPattern, attrs, q, georel, geometry, coordinates, geoproperty, timerel, timeAt, endTimeAt, lastN, options,
                limit, offset, count, aggrMethods, aggrPeriodDuration, scopeQ, contexts.fromLinkHeader(request.getHeader("Link")), request);
    }

    /** The temporal query by POST (GS CIM 009 6.24): a Query body with temporalQ, as {@code GET /temporal/entities} takes it. */
    @Performs(Action.READ_TWIN)
    @PostMapping("/temporal/entityOperations/query")
    @Operation(summary = "Query the temporal evolution of entities with a Query body (entities, attrs, q, geoQ, temporalQ)")
    ResponseEntity<JsonNode> temporalQueryByPost(@RequestBody(required = false) String body, @RequestParam(required = false) String lastN,
                                                 @RequestParam(required = false) String options, @RequestParam(required = false) String limit,
                                                 @RequestParam(required = false) String offset, @RequestParam(required = false) String count,
                                                 @RequestParam(required = false) String aggrMethods,
                                                 @RequestParam(required = false) String aggrPeriodDuration, HttpServletRequest request) {
        NgsiLdHttp.Incoming in = http.incoming(body, request);
        NgsiLdSelection.QueryBody b = NgsiLdSelection.QueryBody.of(in.body());
        return temporalQuery(b.type(), b.id(), b.idPattern(), b.attrs(), b.q(), b.georel(), b.geometry(), b.coordinates(), b.geoproperty(),
                b.timerel(), b.timeAt(), b.endTimeAt(), lastN, options, limit, offset, count, aggrMethods, aggrPeriodDuration, b.scopeQ(), in.ctx(),
                request);
    }

    private ResponseEntity<JsonNode> temporalQuery(String type, String id, String idPattern, String attrs, String q, String georel, String geometry,
                                                   String coordinates, String geoproperty, String timerel, String timeAt, String endTimeAt,
                                                   String lastN, String options, String limit, String offset, String count, String aggrMethods,
                                                   String aggrPeriodDuration, String scopeQ, LdContext ctx, HttpServletRequest request) {
        NgsiLdHttp.requireSelection("a temporal query", type, id, idPattern, attrs, q, georel);
        if (selection.asksForPersons(type, ctx)) {
            throw new NgsiLdError(NgsiLdError.Type.OperationNotSupported, "Person entities have no temporal evolution here");
        }
        Instant[] window = window(timerel, timeAt, endTimeAt);
        TemporalAggregation aggregation = TemporalAggregation.parse(options == null ? List.of() : NgsiLdHttp.split(options), aggrMethods, aggrPeriodDuration);
        int lim = NgsiLdHttp.pageLimit(limit);
        int off = NgsiLdHttp.number("offset", offset, 0);
        TwinStore.Query query = selection.entityQuery(type, id, idPattern, attrs, q, georel, geometry, coordinates, geoproperty, off, lim, count, ctx)
                .withScope(scopeQ);
        String tenant = NgsiLdHttp.tenant(request);
        // q (not scopeQ, which is the entity's current scope) is tested against the history
        TwinStore.Page page = q == null ? broker.query(tenant, query) : heldInWindow(tenant, query, window, ctx);
        ArrayNode body = json.createArrayNode();
        for (TwinStore.Stored s : page.entities()) {
            body.add(temporalBody(tenant, s, query.attrs(), window, lastN, options, aggregation, ctx));
        }
        ResponseEntity<JsonNode> response = http.respond(body, NgsiLdHttp.output(request) == NgsiLdHttp.Output.GEO_JSON ? NgsiLdHttp.Output.JSON : NgsiLdHttp.output(request), request);
        return "true".equals(count) ? NgsiLdHttp.withCount(response, page.total()) : response;
    }

    /** How many entities a temporal q reads the history of, at most, before it asks to be narrowed. */
    static final int MAX_HISTORY_CANDIDATES = 10_000;

    /**
     * The temporal query's {@code q} over the history (GS CIM 009 5.7.4): an entity is chosen when each comparison
     * was met by at least one instance of its attribute in the time range ("the gauges that rose above 2 m
     * yesterday"), not by its current state. The candidates are the entities the rest of the selection chooses (or,
     * when q is the whole selection, those that hold one of q's attributes), read in id order, each with its history
     * of q's attributes; at most {@link #MAX_HISTORY_CANDIDATES} of them.
     */
    private TwinStore.Page heldInWindow(String tenant, TwinStore.Query query, Instant[] window, LdContext ctx) {
        java.util.Set<String> compared = QueryLanguage.attributes(query.q(), ctx::expand);
        TwinStore.Query rest = query.withoutQ();
        if (rest.types() == null && rest.ids() == null && rest.idPattern() == null && rest.attrs() == null && rest.geo() == null) {
            rest = rest.holding(List.copyOf(compared));
        }
        int wanted = query.count() ? Integer.MAX_VALUE : query.offset() + query.limit() + 1;
        List<TwinStore.Stored> matches = new ArrayList<>();
        int read = 0;
        int chunk = 500;
        boolean more = true;
        while (more && matches.size() < wanted) {
            TwinStore.Page candidates = broker.query(tenant, rest.page(read, chunk));
            for (TwinStore.Stored s : candidates.entities()) {
                if (matches.size() >= wanted) {
                    break;
                }
                Map<String, List<ObjectNode>> byName = new java.util.HashMap<>();
                broker.historyOfFound(tenant, s.id(), List.copyOf(compared), window[0], window[1])
                        .forEach(i -> byName.computeIfAbsent(i.name(), k -> new ArrayList<>()).add(i.instance()));
                if (QueryLanguage.heldSometime(query.q(), s.doc(), n -> byName.getOrDefault(n, List.of()), ctx::expand, json.getNodeFactory())) {
                    matches.add(s);
                }
            }
            read += candidates.entities().size();
            more = candidates.more();
            if (more && read >= MAX_HISTORY_CANDIDATES) {
                throw new NgsiLdError(NgsiLdError.Type.TooManyResults, "a temporal q reads the history of at most " + MAX_HISTORY_CANDIDATES
                        + " entities; narrow the query by type, id or area");
            }
        }
        int first = Math.min(query.offset(), matches.size());
        int to = Math.min(first + query.limit(), matches.size());
        return new TwinStore.Page(List.copyOf(matches.subList(first, to)), query.count() ? matches.size() : -1, to < matches.size() || more);
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
        NgsiLdHttp.Incoming in = http.incoming(body, request);
        List<TwinStore.Instance> instances = instancesOf(in);
        broker.appendHistory(NgsiLdHttp.tenant(request), id, instances);
        return ResponseEntity.noContent().build();
    }

    /**
     * Creates or adds to a temporal entity (GS CIM 009 5.6.11): its attributes each with one instance or an array of
     * them (each with observedAt). A new entity's current state is each attribute's latest instance, and the others
     * are its history (201); an entity that exists gets the instances added to its history (204).
     */
    @Performs(Action.WRITE_TWIN)
    @PostMapping("/temporal/entities")
    @Operation(summary = "Create a temporal entity (attributes as arrays of instances), or add the instances to an existing one")
    ResponseEntity<Void> createTemporal(@RequestBody(required = false) String body, HttpServletRequest request) {
        NgsiLdHttp.Incoming in = http.incoming(body, request);
        if (!in.body().isObject()) {
            throw new NgsiLdError(NgsiLdError.Type.InvalidRequest, "a temporal entity is a JSON object");
        }
        String id = in.body().path("id").asString(null);
        EntityDocuments.requireUri("id", id);
        List<TwinStore.Instance> instances = instancesOf(in);
        String tenant = NgsiLdHttp.tenant(request);
        boolean created = broker.createTemporal(tenant, id, in.body().get("type"), instances, in.ctx());
        if (created) {
            return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").buildAndExpand(id).toUri())
                    .headers(NgsiLdHttp.tenantHeader(request)).build();
        }
        return ResponseEntity.noContent().build();
    }

    /** Deletes the temporal entity (GS CIM 009 5.6.16): the entity and all its history. */
    @Performs(Action.WRITE_TWIN)
    @DeleteMapping("/temporal/entities/{id}")
    @Operation(summary = "Delete an entity with all its history")
    ResponseEntity<Void> deleteTemporal(@PathVariable String id, HttpServletRequest request) {
        broker.delete(NgsiLdHttp.tenant(request), id);
        return ResponseEntity.noContent().build();
    }

    /** Deletes one attribute's history (GS CIM 009 5.6.13); the entity's current state keeps the attribute. */
    @Performs(Action.WRITE_TWIN)
    @DeleteMapping("/temporal/entities/{id}/attrs/{attr}")
    @Operation(summary = "Delete the history of one attribute")
    ResponseEntity<Void> deleteAttributeHistory(@PathVariable String id, @PathVariable String attr, HttpServletRequest request) {
        LdContext ctx = contexts.fromLinkHeader(request.getHeader("Link"));
        broker.deleteHistory(NgsiLdHttp.tenant(request), id, broker.documents().expandName(attr, ctx), ctx);
        return ResponseEntity.noContent().build();
    }

    /** Modifies one instance of an attribute's history (GS CIM 009 5.6.14), named by its instanceId. */
    @Performs(Action.WRITE_TWIN)
    @PatchMapping("/temporal/entities/{id}/attrs/{attr}/{instanceId}")
    @Operation(summary = "Modify one instance of an attribute's history (named by its instanceId)")
    ResponseEntity<Void> modifyInstance(@PathVariable String id, @PathVariable String attr, @PathVariable String instanceId,
                                        @RequestBody(required = false) String body, HttpServletRequest request) {
        NgsiLdHttp.Incoming in = http.incoming(body, request);
        broker.modifyInstance(NgsiLdHttp.tenant(request), id, broker.documents().expandName(attr, in.ctx()), instanceId, in.body(), in.ctx());
        return ResponseEntity.noContent().build();
    }

    /** Deletes one instance of an attribute's history (GS CIM 009 5.6.15), named by its instanceId. */
    @Performs(Action.WRITE_TWIN)
    @DeleteMapping("/temporal/entities/{id}/attrs/{attr}/{instanceId}")
    @Operation(summary = "Delete one instance of an attribute's history (named by its instanceId)")
    ResponseEntity<Void> deleteInstance(@PathVariable String id, @PathVariable String attr, @PathVariable String instanceId,
                                        HttpServletRequest request) {
        LdContext ctx = contexts.fromLinkHeader(request.getHeader("Link"));
        broker.deleteInstance(NgsiLdHttp.tenant(request), id, broker.documents().expandName(attr, ctx), instanceId, ctx);
        return ResponseEntity.noContent().build();
    }

    /** The attribute instances of a temporal body, each validated and with its observedAt. */
    private List<TwinStore.Instance> instancesOf(NgsiLdHttp.Incoming in) {
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
        return instances;
    }

    private ObjectNode temporalBody(String tenant, TwinStore.Stored stored, List<String> attrList, Instant[] window, String lastN, String options,
                                    TemporalAggregation aggregation, LdContext ctx) {
        String id = stored.doc().get("id").asString();
        List<TwinStore.Instance> instances = broker.history(tenant, id, attrList, window[0], window[1]);
        int last = lastN == null ? Integer.MAX_VALUE : NgsiLdHttp.number("lastN", lastN, 0);
        boolean temporalValues = options != null && NgsiLdHttp.split(options).contains("temporalValues");
        ObjectNode body = json.createObjectNode();
        body.put("id", id);
        ArrayNode types = (ArrayNode) stored.doc().get("type");
        body.put("type", ctx.compact(types.get(0).asString()));
        Map<String, List<TwinStore.Instance>> byName = new LinkedHashMap<>();
        instances.forEach(i -> byName.computeIfAbsent(i.name(), k -> new ArrayList<>()).add(i));
        byName.forEach((name, list) -> {
            List<TwinStore.Instance> kept = list.subList(Math.max(0, list.size() - last), list.size());
            if (aggregation != null) {
                body.set(ctx.compact(name), aggregation.aggregate(json, kept.getFirst().instance().path("type").asString(), kept, window[0], window[1]));
            } else if (temporalValues) {
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
                    instance.put("instanceId", i.instanceId()); // names it for modifying or deleting it
                    attr.add(instance);
                }
            }
        });
        return body;
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
}
