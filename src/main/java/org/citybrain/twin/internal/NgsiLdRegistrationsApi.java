package org.citybrain.twin.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.citybrain.identity.Action;
import org.citybrain.identity.Performs;
import org.citybrain.twin.NgsiLdError;
import org.springframework.beans.factory.annotation.Value;
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
 * Federation's resources (GS CIM 009 5.9, 6.8–6.9, 6.31): context source registrations — which other brokers hold
 * which entities, so that queries here also answer from them — and this broker's own identity for theirs.
 * Registering a source is the data bureau's (it makes CityBrain call another system); reading them is every twin
 * reader's. Credentials a registration carries for its source (contextSourceInfo) are never shown back.
 */
@RestController
@RequestMapping("/ngsi-ld/v1")
@Tag(name = "NGSI-LD", description = "The digital twin (ETSI GS CIM 009)")
class NgsiLdRegistrationsApi {

    private static final Instant STARTED = Instant.now();

    private final ContextSources sources;
    private final RegistrationSubscriptions subscribers;
    private final NgsiLdBroker broker;
    private final NgsiLdHttp http;
    private final LdContexts contexts;
    private final JsonMapper json;
    private final String sourceId;
    private final String sourceAlias;

    NgsiLdRegistrationsApi(ContextSources sources, RegistrationSubscriptions subscribers, NgsiLdBroker broker, NgsiLdHttp http, LdContexts contexts, JsonMapper json,
                           @Value("${citybrain.twin.source-id}") String sourceId, @Value("${citybrain.twin.source-alias}") String sourceAlias) {
        this.sources = sources;
        this.subscribers = subscribers;
        this.broker = broker;
        this.http = http;
        this.contexts = contexts;
        this.json = json;
        this.sourceId = sourceId;
        this.sourceAlias = sourceAlias;
    }

    @Performs(Action.REGISTER_CONTEXT_SOURCES)
    @PostMapping("/csourceRegistrations")
    @Operation(summary = "Register a context source: information (entities, propertyNames), endpoint, mode, operations, contextSourceInfo")
    ResponseEntity<Void> register(@RequestBody(required = false) String body, HttpServletRequest request) {
        NgsiLdHttp.Described described = http.described("a registration", body, request);
        ObjectNode r = described.doc();
        JsonNode context = described.context();
        String tenant = NgsiLdHttp.tenant(request);
        broker.ensureTenant(tenant);
        String id = sources.register(tenant, r, context);
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").buildAndExpand(id).toUri())
                .headers(NgsiLdHttp.tenantHeader(request)).build();
    }

    @Performs(Action.READ_TWIN)
    @GetMapping("/csourceRegistrations")
    @Operation(summary = "The registered context sources, optionally those that may hold a type")
    ResponseEntity<JsonNode> registrations(@RequestParam(required = false) String type, @RequestParam(required = false) String limit,
                                           @RequestParam(required = false) String offset, HttpServletRequest request) {
        LdContext ctx = contexts.fromLinkHeader(request.getHeader("Link"));
        int lim = NgsiLdHttp.pageLimit(limit);
        int off = NgsiLdHttp.number("offset", offset, 0);
        List<String> types = type == null ? null : NgsiLdHttp.split(type).stream().map(ctx::expand).toList();
        List<ObjectNode> found = sources.list(NgsiLdHttp.tenant(request), types, off, lim + 1);
        boolean more = found.size() > lim;
        ArrayNode body = json.createArrayNode();
        (more ? found.subList(0, lim) : found).forEach(r -> body.add(ContextSources.shown(r)));
        return NgsiLdHttp.paged(http.respond(body, NgsiLdHttp.Output.JSON, request), more, off, lim);
    }

    @Performs(Action.READ_TWIN)
    @GetMapping("/csourceRegistrations/{id}")
    @Operation(summary = "One context source registration")
    ResponseEntity<JsonNode> registration(@PathVariable String id, HttpServletRequest request) {
        return http.respond(ContextSources.shown(sources.find(NgsiLdHttp.tenant(request), id)), NgsiLdHttp.Output.JSON, request);
    }

    @Performs(Action.REGISTER_CONTEXT_SOURCES)
    @PatchMapping("/csourceRegistrations/{id}")
    @Operation(summary = "Change a registration (e.g. its endpoint, expiresAt or information)")
    ResponseEntity<Void> update(@PathVariable String id, @RequestBody(required = false) String body, HttpServletRequest request) {
        sources.update(NgsiLdHttp.tenant(request), id, http.changes(body, request));
        return ResponseEntity.noContent().build();
    }

    @Performs(Action.REGISTER_CONTEXT_SOURCES)
    @DeleteMapping("/csourceRegistrations/{id}")
    @Operation(summary = "Delete a registration: queries no longer go to that source")
    ResponseEntity<Void> delete(@PathVariable String id, HttpServletRequest request) {
        sources.delete(NgsiLdHttp.tenant(request), id);
        return ResponseEntity.noContent().build();
    }

    // ---- subscriptions to registrations (GS CIM 009 5.11) ----

    @Performs(Action.MANAGE_SUBSCRIPTIONS)
    @PostMapping("/csourceSubscriptions")
    @Operation(summary = "Subscribe to context source registrations: told when one selected by entities / watchedAttributes appears, changes or goes")
    ResponseEntity<Void> subscribe(@RequestBody(required = false) String body, HttpServletRequest request) {
        NgsiLdHttp.Described described = http.described("a subscription", body, request);
        ObjectNode sub = described.doc();
        JsonNode context = described.context();
        String tenant = NgsiLdHttp.tenant(request);
        broker.ensureTenant(tenant);
        String id = subscribers.create(tenant, sub, context);
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").buildAndExpand(id).toUri())
                .headers(NgsiLdHttp.tenantHeader(request)).build();
    }

    @Performs(Action.MANAGE_SUBSCRIPTIONS)
    @GetMapping("/csourceSubscriptions")
    @Operation(summary = "The subscriptions to context source registrations, with their notification status")
    ResponseEntity<JsonNode> registrationSubscriptions(@RequestParam(required = false) String limit, @RequestParam(required = false) String offset,
                                                       HttpServletRequest request) {
        int lim = NgsiLdHttp.pageLimit(limit);
        int off = NgsiLdHttp.number("offset", offset, 0);
        List<ObjectNode> found = subscribers.list(NgsiLdHttp.tenant(request), off, lim + 1, contexts.fromLinkHeader(request.getHeader("Link")));
        boolean more = found.size() > lim;
        return NgsiLdHttp.paged(http.respond(json.valueToTree(more ? found.subList(0, lim) : found), NgsiLdHttp.Output.JSON, request), more, off, lim);
    }

    @Performs(Action.MANAGE_SUBSCRIPTIONS)
    @GetMapping("/csourceSubscriptions/{id}")
    @Operation(summary = "One subscription to context source registrations")
    ResponseEntity<JsonNode> registrationSubscription(@PathVariable String id, HttpServletRequest request) {
        return http.respond(subscribers.find(NgsiLdHttp.tenant(request), id, contexts.fromLinkHeader(request.getHeader("Link"))),
                NgsiLdHttp.Output.JSON, request);
    }

    @Performs(Action.MANAGE_SUBSCRIPTIONS)
    @PatchMapping("/csourceSubscriptions/{id}")
    @Operation(summary = "Change a subscription to context source registrations")
    ResponseEntity<Void> updateRegistrationSubscription(@PathVariable String id, @RequestBody(required = false) String body, HttpServletRequest request) {
        subscribers.update(NgsiLdHttp.tenant(request), id, http.changes(body, request));
        return ResponseEntity.noContent().build();
    }

    @Performs(Action.MANAGE_SUBSCRIPTIONS)
    @DeleteMapping("/csourceSubscriptions/{id}")
    @Operation(summary = "Delete a subscription to context source registrations")
    ResponseEntity<Void> unsubscribe(@PathVariable String id, HttpServletRequest request) {
        subscribers.delete(NgsiLdHttp.tenant(request), id);
        return ResponseEntity.noContent().build();
    }

    /** GS CIM 009 5.2.40: who this broker is, for the brokers that register it as their source. */
    @Performs(Action.READ_TWIN)
    @GetMapping("/info/sourceIdentity")
    @Operation(summary = "This broker's identity: id, alias, uptime, time")
    ResponseEntity<JsonNode> sourceIdentity(HttpServletRequest request) {
        ObjectNode body = json.createObjectNode();
        body.put("id", sourceId);
        body.put("type", "ContextSourceIdentity");
        body.put("contextSourceAlias", sourceAlias);
        body.put("contextSourceUptime", Duration.between(STARTED, Instant.now()).withNanos(0).toString());
        body.put("contextSourceTimeAt", Instant.now().toString());
        ObjectNode extras = body.putObject("contextSourceExtras");
        extras.put("product", "CityBrain");
        extras.put("federation", "queries and retrievals forwarded with local=true (one hop)");
        return http.respond(body, NgsiLdHttp.Output.JSON, request);
    }
}
