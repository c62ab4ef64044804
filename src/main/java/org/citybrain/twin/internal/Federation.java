package org.citybrain.twin.internal;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Distributed operations (GS CIM 009 5.9, 5.10): a query or retrieval that registered context sources may also
 * answer is forwarded to each of them, in parallel, and their entities are merged with ours. A forwarded request
 * carries {@code local=true}, so a source answers from its own store and a loop of registrations cannot form; the
 * reader's context goes with it in the Link header, so terms mean the same there, and each source's answer is
 * expanded with that context before merging. A source that does not answer within five seconds, or answers with an
 * error, leaves the result without its entities and is named in an {@code NGSILD-Warning} header — a query never
 * hangs on another broker.
 */
@Component
class Federation {

    private static final Logger log = LoggerFactory.getLogger(Federation.class);
    static final String WARNING = "NGSILD-Warning";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final JsonMapper json;
    private final EntityDocuments documents;

    Federation(JsonMapper json, EntityDocuments documents) {
        this.json = json;
        this.documents = documents;
    }

    /** What the sources answered: their entities (expanded, as we store them) and the sources that failed. */
    record Answers(List<TwinStore.Stored> entities, List<String> failed) {
    }

    /**
     * Forwards GET {@code path} with the query parameters (without local, offset and limit; the given limit instead)
     * to each source, and gathers the entities they answer with.
     */
    Answers ask(List<ContextSources.Source> sources, String path, Map<String, String[]> parameters, int limit, String link, LdContext ctx) {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (ContextSources.Source s : sources) {
            calls.add(http.sendAsync(request(s, path, parameters, limit, link), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                    .exceptionally(e -> null));
        }
        List<TwinStore.Stored> entities = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            ContextSources.Source s = sources.get(i);
            HttpResponse<String> r = calls.get(i).join();
            if (r == null || (r.statusCode() != 200 && r.statusCode() != 404)) {
                log.warn("context source {} at {} did not answer {} ({})", s.id(), s.endpoint(), path, r == null ? "no answer" : r.statusCode());
                failed.add(s.id());
                continue;
            }
            if (r.statusCode() == 404) {
                continue; // the source has no such entity
            }
            try {
                JsonNode body = json.readTree(r.body());
                for (JsonNode e : body.isArray() ? body : json.createArrayNode().add(body)) {
                    entities.add(stored(e, ctx));
                }
            } catch (RuntimeException e) {
                log.warn("context source {} answered {} with what is not NGSI-LD: {}", s.id(), path, e.getMessage());
                failed.add(s.id());
            }
        }
        return new Answers(entities, failed);
    }

    private TwinStore.Stored stored(JsonNode entity, LdContext ctx) {
        ObjectNode doc = documents.expandEntity(entity, ctx);
        Instant created = instant(entity.path("createdAt"));
        Instant modified = instant(entity.path("modifiedAt"));
        return new TwinStore.Stored(doc, created, modified);
    }

    private static Instant instant(JsonNode n) {
        try {
            return n.isString() ? Instant.parse(n.asString()) : Instant.EPOCH;
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }

    private static HttpRequest request(ContextSources.Source s, String path, Map<String, String[]> parameters, int limit, String link) {
        StringBuilder q = new StringBuilder();
        parameters.forEach((name, values) -> {
            if (name.equals("local") || name.equals("offset") || name.equals("limit") || name.equals("count")) {
                return;
            }
            for (String v : values) {
                q.append(q.isEmpty() ? "" : "&").append(enc(name)).append('=').append(enc(v));
            }
        });
        if (path.equals("/entities")) {
            q.append(q.isEmpty() ? "" : "&").append("limit=").append(limit);
        }
        q.append(q.isEmpty() ? "" : "&").append("local=true");
        String base = s.endpoint().toString().replaceAll("/+$", "");
        if (!base.endsWith("/ngsi-ld/v1")) {
            base = base + "/ngsi-ld/v1";
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path + "?" + q)).timeout(Duration.ofSeconds(5)).GET()
                .header("Accept", "application/json");
        if (link != null) {
            b.header("Link", link);
        }
        if (s.remoteTenant() != null) {
            b.header(NgsiLdHttp.TENANT, s.remoteTenant());
        }
        s.headers().forEach(b::header);
        return b.build();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Ours and theirs as one list, ordered by id: an entity several hold is one, with the union of its types and of
     * its attributes (ours first where both have one, then the first source's).
     */
    List<TwinStore.Stored> merge(List<TwinStore.Stored> local, List<TwinStore.Stored> remote) {
        java.util.TreeMap<String, TwinStore.Stored> byId = new java.util.TreeMap<>();
        for (TwinStore.Stored s : local) {
            byId.put(s.id(), s);
        }
        for (TwinStore.Stored s : remote) {
            TwinStore.Stored held = byId.get(s.id());
            if (held == null) {
                byId.put(s.id(), s);
                continue;
            }
            ObjectNode doc = held.doc().deepCopy();
            s.doc().properties().forEach(e -> {
                if (!doc.has(e.getKey())) {
                    doc.set(e.getKey(), e.getValue());
                }
            });
            doc.set("type", documents.typesWith(doc.get("type"), s.doc().get("type")));
            byId.put(s.id(), new TwinStore.Stored(doc, held.createdAt(), held.modifiedAt()));
        }
        return new ArrayList<>(byId.values());
    }
}
