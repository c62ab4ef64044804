package org.citybrain.twin.internal;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.citybrain.identity.Action;
import org.citybrain.identity.Performs;
import org.citybrain.twin.NgsiLdError;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
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
 * The @context documents the twin holds (GS CIM 009 5.13, 6.32–6.33): a client stores its context here and names it
 * by the URL it is given, so that its terms resolve without the broker fetching anything from the internet; the
 * contexts fetched from allowed hosts are listed too ({@code kind=cached}).
 */
@RestController
@RequestMapping("/ngsi-ld/v1")
@Tag(name = "NGSI-LD", description = "The digital twin (ETSI GS CIM 009)")
class NgsiLdContextsApi {

    private final UserContexts contexts;
    private final NgsiLdHttp http;
    private final JsonMapper json;

    NgsiLdContextsApi(UserContexts contexts, NgsiLdHttp http, JsonMapper json) {
        this.contexts = contexts;
        this.http = http;
        this.json = json;
    }

    @Performs(Action.WRITE_TWIN)
    @PostMapping("/jsonldContexts")
    @Operation(summary = "Store a JSON-LD context document ({\"@context\": ...}); its URL is in Location")
    ResponseEntity<Void> store(@RequestBody(required = false) String body) {
        String id = contexts.host(http.parse(body));
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").buildAndExpand(id).toUri()).build();
    }

    @Performs(Action.READ_TWIN)
    @GetMapping("/jsonldContexts")
    @Operation(summary = "The context documents held: their URLs, or with details=true their kind and when they were stored")
    ResponseEntity<JsonNode> list(@RequestParam(required = false) String kind, @RequestParam(required = false) String details) {
        if (kind != null && !List.of("hosted", "cached").contains(kind)) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "kind: hosted or cached");
        }
        ArrayNode body = json.createArrayNode();
        String base = ServletUriComponentsBuilder.fromCurrentRequestUri().replaceQuery(null).toUriString().replaceAll("/+$", "");
        for (UserContexts.Stored s : contexts.list(kind)) {
            String url = s.url() != null ? s.url() : base + "/" + s.id();
            if ("true".equals(details)) {
                ObjectNode d = body.addObject();
                d.put("URL", url);
                d.put("localId", "urn:ngsi-ld:" + s.id());
                d.put("kind", s.kind());
                d.put("createdAt", s.createdAt().toString());
            } else {
                body.add(url);
            }
        }
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, "application/json").body(body);
    }

    @Performs(Action.READ_LD_CONTEXT)
    @GetMapping("/jsonldContexts/{id}")
    @Operation(summary = "A context document held here, as JSON-LD processors fetch it")
    ResponseEntity<JsonNode> context(@PathVariable String id) {
        UserContexts.Stored s = contexts.find(id).orElseThrow(() -> new NgsiLdError(NgsiLdError.Type.ResourceNotFound, "no context " + id));
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, "application/ld+json").body(s.doc());
    }

    @Performs(Action.WRITE_TWIN)
    @DeleteMapping("/jsonldContexts/{id}")
    @Operation(summary = "Delete a context document; a cached one is fetched again when next named")
    ResponseEntity<Void> delete(@PathVariable String id) {
        if (!contexts.delete(id)) {
            throw new NgsiLdError(NgsiLdError.Type.ResourceNotFound, "no context " + id);
        }
        return ResponseEntity.noContent().build();
    }
}
