package org.citybrain.twin.internal;

import org.citybrain.identity.Action;
import org.citybrain.identity.Performs;

import java.util.List;

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
import tools.jackson.databind.node.ObjectNode;

/** NGSI-LD subscriptions (GS CIM 009 5.8, 6.10–6.11): create, list, retrieve with delivery status, change, delete. */
@RestController
@RequestMapping("/ngsi-ld/v1")
@Tag(name = "NGSI-LD", description = "The digital twin (ETSI GS CIM 009)")
class NgsiLdSubscriptionsApi {

    private final NgsiLdBroker broker;
    private final JsonMapper json;
    private final NgsiLdHttp http;

    private final LdContexts contexts;

    NgsiLdSubscriptionsApi(NgsiLdBroker broker, JsonMapper json, NgsiLdHttp http, LdContexts contexts) {
        this.contexts = contexts;
        this.broker = broker;
        this.json = json;
        this.http = http;
    }

    @Performs(Action.MANAGE_SUBSCRIPTIONS)
    @PostMapping("/subscriptions")
    @Operation(summary = "Subscribe to changes: entities, watchedAttributes, q, geoQ, throttling; HTTP notifications")
    ResponseEntity<Void> subscribe(@RequestBody(required = false) String body, HttpServletRequest request) {
        NgsiLdHttp.Described described = http.described("a subscription", body, request);
        ObjectNode sub = described.doc();
        JsonNode context = described.context();
        String id = broker.subscribe(NgsiLdHttp.tenant(request), sub, context);
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").buildAndExpand(id).toUri())
                .headers(NgsiLdHttp.tenantHeader(request)).build();
    }

    @Performs(Action.MANAGE_SUBSCRIPTIONS)
    @GetMapping("/subscriptions")
    @Operation(summary = "The subscriptions, with their notification status")
    ResponseEntity<JsonNode> subscriptions(@RequestParam(required = false) String limit, @RequestParam(required = false) String offset,
                                           HttpServletRequest request) {
        int lim = NgsiLdHttp.pageLimit(limit);
        int off = NgsiLdHttp.number("offset", offset, 0);
        List<ObjectNode> found = broker.subscriptionList(NgsiLdHttp.tenant(request), off, lim + 1, contexts.fromLinkHeader(request.getHeader("Link")));
        boolean more = found.size() > lim;
        return NgsiLdHttp.paged(http.respond(json.valueToTree(more ? found.subList(0, lim) : found), NgsiLdHttp.output(request), request), more, off, lim);
    }

    @Performs(Action.MANAGE_SUBSCRIPTIONS)
    @GetMapping("/subscriptions/{id}")
    @Operation(summary = "One subscription: what it selects, timesSent, lastSuccess, lastFailure, status")
    ResponseEntity<JsonNode> subscription(@PathVariable String id, HttpServletRequest request) {
        return http.respond(broker.subscription(NgsiLdHttp.tenant(request), id, contexts.fromLinkHeader(request.getHeader("Link"))),
                NgsiLdHttp.output(request), request);
    }

    @Performs(Action.MANAGE_SUBSCRIPTIONS)
    @PatchMapping("/subscriptions/{id}")
    @Operation(summary = "Change a subscription (e.g. isActive, q, throttling)")
    ResponseEntity<Void> updateSubscription(@PathVariable String id, @RequestBody(required = false) String body, HttpServletRequest request) {
        broker.updateSubscription(NgsiLdHttp.tenant(request), id, http.changes(body, request));
        return ResponseEntity.noContent().build();
    }

    @Performs(Action.MANAGE_SUBSCRIPTIONS)
    @DeleteMapping("/subscriptions/{id}")
    @Operation(summary = "Delete a subscription")
    ResponseEntity<Void> unsubscribe(@PathVariable String id, HttpServletRequest request) {
        broker.unsubscribe(NgsiLdHttp.tenant(request), id);
        return ResponseEntity.noContent().build();
    }
}
