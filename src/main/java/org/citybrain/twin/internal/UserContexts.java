package org.citybrain.twin.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.citybrain.twin.NgsiLdError;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * User {@code @context} documents (GS CIM 009 5.13, {@code /jsonldContexts}): documents clients store here
 * ("hosted", served at {@code /ngsi-ld/v1/jsonldContexts/{id}}), and remote contexts fetched — only from the hosts
 * the operator lists in {@code CITYBRAIN_LD_CONTEXT_HOSTS}, with a 3 s connect and 5 s overall limit and at most
 * 1 MB — and kept ("cached") in the database, so a context is fetched once for all nodes and a slow host never holds
 * a request for long. A fetched context is also remembered by each node; a hosted one is read from the database
 * each time it is named (one primary-key lookup), so that deleting it takes effect on every node at once.
 */
@Component
class UserContexts {

    static final String PATH = "/ngsi-ld/v1/jsonldContexts/";
    static final int MAX_BYTES = 1 << 20;

    /** One stored document: its id, kind (hosted or cached), the URL it was fetched from (cached only), when stored. */
    record Stored(String id, String kind, String url, JsonNode doc, Instant createdAt) {
    }

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final Set<String> allowedHosts;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).followRedirects(HttpClient.Redirect.NEVER).build();
    private final java.util.Map<String, JsonNode> remembered = new ConcurrentHashMap<>();

    UserContexts(JdbcTemplate jdbc, JsonMapper json, @Value("${citybrain.twin.contexts.allowed-hosts:}") String allowedHosts) {
        this.jdbc = jdbc;
        this.json = json;
        this.allowedHosts = Arrays.stream(allowedHosts.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(String::toLowerCase)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Stores a context document a client sent ({"@context": ...}); returns its id. */
    String host(JsonNode document) {
        if (document == null || !document.isObject() || !document.has("@context")) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "a JSON-LD context document: {\"@context\": {...}}");
        }
        String id = UUID.randomUUID().toString();
        jdbc.update("insert into twin_ld_context(id, kind, url, doc, created_at) values (?, 'hosted', null, ?, ?)", id,
                json.writeValueAsString(document), Timestamp.from(Instant.now()));
        return id;
    }

    Optional<Stored> find(String id) {
        return jdbc.query("select id, kind, url, doc, created_at from twin_ld_context where id = ?", (rs, n) -> stored(rs), id).stream().findFirst();
    }

    List<Stored> list(String kind) {
        return kind == null ? jdbc.query("select id, kind, url, doc, created_at from twin_ld_context order by created_at, id", (rs, n) -> stored(rs))
                : jdbc.query("select id, kind, url, doc, created_at from twin_ld_context where kind = ? order by created_at, id", (rs, n) -> stored(rs), kind);
    }

    boolean delete(String id) {
        remembered.clear(); // this node's; other nodes keep a fetched copy, which is as good as fetching it again
        return jdbc.update("delete from twin_ld_context where id = ?", id) > 0;
    }

    /**
     * The {@code @context} value of the document at this URL: a hosted one (any host, our path), else a cached
     * one, else fetched from an allowed host; empty when the URL is none of these.
     */
    Optional<JsonNode> context(String url) {
        JsonNode known = remembered.get(url);
        if (known != null) {
            return Optional.of(known);
        }
        int at = url.indexOf(PATH);
        if (at >= 0) {
            return find(url.substring(at + PATH.length())).map(h -> h.doc().get("@context"));
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "the context " + url + " is not a URL");
        }
        if (uri.getHost() == null || !allowedHosts.contains(uri.getHost().toLowerCase())) {
            return Optional.empty();
        }
        List<JsonNode> cached = jdbc.query("select doc from twin_ld_context where url = ?", (rs, n) -> json.readTree(rs.getString(1)), url);
        JsonNode doc = cached.isEmpty() ? fetch(uri) : cached.getFirst();
        remembered.put(url, doc.get("@context"));
        return Optional.of(doc.get("@context"));
    }

    private JsonNode fetch(URI uri) {
        HttpResponse<byte[]> r;
        try {
            r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).header("Accept", "application/ld+json, application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.io.IOException e) {
            throw unavailable(uri, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(uri, "interrupted");
        }
        if (r.statusCode() != 200) {
            throw unavailable(uri, "its host answered " + r.statusCode());
        }
        if (r.body().length > MAX_BYTES) {
            throw unavailable(uri, "it is larger than 1 MB");
        }
        JsonNode doc;
        try {
            doc = json.readTree(new String(r.body(), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw unavailable(uri, "it is not JSON");
        }
        if (!doc.isObject() || !doc.has("@context")) {
            throw unavailable(uri, "it has no @context");
        }
        try {
            jdbc.update("insert into twin_ld_context(id, kind, url, doc, created_at) values (?, 'cached', ?, ?, ?)", UUID.randomUUID().toString(),
                    uri.toString(), json.writeValueAsString(doc), Timestamp.from(Instant.now()));
        } catch (org.springframework.dao.DuplicateKeyException e) {
            // another node fetched it at the same moment: its copy is as good
        }
        return doc;
    }

    private static NgsiLdError unavailable(URI uri, String why) {
        return new NgsiLdError(NgsiLdError.Type.LdContextNotAvailable, "the context " + uri + " could not be fetched: " + why);
    }

    private Stored stored(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Stored(rs.getString(1), rs.getString(2), rs.getString(3), json.readTree(rs.getString(4)), rs.getTimestamp(5).toInstant());
    }
}
