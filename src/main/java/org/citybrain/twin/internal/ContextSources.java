package org.citybrain.twin.internal;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.google.re2j.Pattern;
import org.citybrain.twin.NgsiLdError;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Context source registrations (GS CIM 009 5.2.9, 5.9): other NGSI-LD brokers — another department's, another
 * city's CityBrain — that hold entities of some types (or ids). Stored in the database; each node keeps a tenant's
 * registrations for at most five seconds (a query should not cost a round trip to learn that there are none), so a
 * registration made on one node is used by all within that time, and at once by the node that made it. Which of
 * them a query goes to is {@link #matching}.
 */
@Component
class ContextSources {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ContextSources.class);

    /** The operations a registration may name that this broker forwards (others are accepted and not used). */
    static final Set<String> FORWARDED = Set.of("retrieveEntity", "queryEntity", "federationOps", "retrieveOps");
    static final Set<String> MODES = Set.of("inclusive", "exclusive", "redirect", "auxiliary");

    /** One registered source, ready for matching: types expanded, patterns compiled. */
    record Source(String id, URI endpoint, List<Selector> entities, Set<String> attributes, String remoteTenant, Map<String, String> headers,
                  Set<String> operations) {

        boolean forwards(String operation) {
            return operations == null || operations.contains(operation) || operations.contains("federationOps") || operations.contains("retrieveOps");
        }
    }

    /** An entity selector of a registration: a type, and optionally an id or an id pattern. */
    record Selector(String type, String id, Pattern idPattern) {
    }

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final LdContexts contexts;
    private final NotificationDestinations destinations;
    private final RegistrationSubscriptions subscribers;

    /** A tenant's registrations as this node last read them, with their expiry. */
    private record Known(List<Source> sources, List<Instant> expires, long readAt) {
    }

    private final Map<String, Known> known = new java.util.concurrent.ConcurrentHashMap<>();

    ContextSources(JdbcTemplate jdbc, JsonMapper json, LdContexts contexts, NotificationDestinations destinations,
                   RegistrationSubscriptions subscribers) {
        this.subscribers = subscribers;
        this.jdbc = jdbc;
        this.json = json;
        this.contexts = contexts;
        this.destinations = destinations;
    }

    @Transactional
    String register(String tenant, ObjectNode registration, JsonNode context) {
        if (!registration.has("id")) {
            registration.put("id", "urn:ngsi-ld:ContextSourceRegistration:" + UUID.randomUUID());
        }
        if (context != null) {
            registration.set("@context", context);
        }
        Source source = compile(registration);
        Instant now = Instant.now();
        try {
            jdbc.update("""
                    insert into twin_registration(tenant, id, doc, endpoint, expires_at, created_at, modified_at)
                    values (?, ?, ?, ?, ?, ?, ?)""", tenant, source.id(), json.writeValueAsString(registration), source.endpoint().toString(),
                    expiresAt(registration), Timestamp.from(now), Timestamp.from(now));
        } catch (org.springframework.dao.DuplicateKeyException e) {
            throw new NgsiLdError(NgsiLdError.Type.AlreadyExists, "registration " + source.id() + " already exists");
        }
        subscribers.registrationChanged(tenant, null, source, shown(registration));
        known.remove(tenant);
        return source.id();
    }

    @Transactional
    void update(String tenant, String id, ObjectNode changes) {
        ObjectNode doc = find(tenant, id);
        Source before = read(doc);
        changes.properties().forEach(e -> {
            if (!e.getKey().equals("id") && !e.getKey().equals("@context")) {
                doc.set(e.getKey(), e.getValue());
            }
        });
        Source source = compile(doc);
        jdbc.update("update twin_registration set doc = ?, endpoint = ?, expires_at = ?, modified_at = ? where tenant = ? and id = ?",
                json.writeValueAsString(doc), source.endpoint().toString(), expiresAt(doc), Timestamp.from(Instant.now()), tenant, id);
        subscribers.registrationChanged(tenant, before, source, shown(doc));
        known.remove(tenant);
    }

    @Transactional
    void delete(String tenant, String id) {
        ObjectNode doc = find(tenant, id);
        if (jdbc.update("delete from twin_registration where tenant = ? and id = ?", tenant, id) == 0) {
            throw new NgsiLdError(NgsiLdError.Type.ResourceNotFound, "no registration " + id);
        }
        subscribers.registrationChanged(tenant, read(doc), null, shown(doc));
        known.remove(tenant);
    }

    @Transactional(readOnly = true)
    ObjectNode find(String tenant, String id) {
        EntityDocuments.requireUri("registration id", id);
        return jdbc.query("select doc from twin_registration where tenant = ? and id = ?", (rs, n) -> (ObjectNode) json.readTree(rs.getString(1)),
                tenant, id).stream().findFirst().orElseThrow(() -> new NgsiLdError(NgsiLdError.Type.ResourceNotFound, "no registration " + id));
    }

    /** A registration as readers see it: with its type, and the values of contextSourceInfo (credentials) withheld. */
    static ObjectNode shown(ObjectNode stored) {
        ObjectNode r = stored.deepCopy();
        r.put("type", "ContextSourceRegistration");
        if (r.get("contextSourceInfo") instanceof tools.jackson.databind.node.ArrayNode info) {
            info.forEach(kv -> {
                if (kv instanceof ObjectNode o) {
                    String key = o.path("key").asString("").toLowerCase(java.util.Locale.ROOT);
                    if (key.contains("authorization") || key.contains("token") || key.contains("key") || key.contains("secret")) {
                        o.put("value", "******");
                    }
                }
            });
        }
        return r;
    }

    /** The registrations of a tenant in id order, those not expired, optionally only those that could hold a type. */
    @Transactional(readOnly = true)
    List<ObjectNode> list(String tenant, List<String> expandedTypes, int offset, int limit) {
        List<ObjectNode> out = new ArrayList<>();
        int[] skipped = {0};
        jdbc.query("select doc from twin_registration where tenant = ? and (expires_at is null or expires_at > ?) order by id", rs -> {
            ObjectNode doc = (ObjectNode) json.readTree(rs.getString(1));
            if (expandedTypes != null && read(doc).entities().stream().noneMatch(s -> expandedTypes.contains(s.type()))) {
                return;
            }
            if (skipped[0]++ >= offset && out.size() < limit) {
                out.add(doc);
            }
        }, tenant, Timestamp.from(Instant.now()));
        return out;
    }

    /**
     * The sources a query for these types and ids should also ask (GS CIM 009 5.9.1: an entity selector matches by
     * type, then by id or id pattern when the registration has one), for the operation named.
     */
    List<Source> matching(String tenant, List<String> expandedTypes, List<String> ids, List<String> expandedAttrs, String operation) {
        Known k = known.get(tenant);
        if (k == null || System.currentTimeMillis() - k.readAt() > 5_000) {
            List<Source> sources = new ArrayList<>();
            List<Instant> expires = new ArrayList<>();
            jdbc.query("select doc, expires_at from twin_registration where tenant = ?", rs -> {
                try {
                    sources.add(compile((ObjectNode) json.readTree(rs.getString(1))));
                    expires.add(rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant());
                } catch (NgsiLdError e) {
                    // valid when made, refused now (the operator no longer allows its address): not asked, and said so
                    log.warn("context source registration in tenant {} is not used: {}", tenant, e.getMessage());
                }
            }, tenant);
            k = new Known(sources, expires, System.currentTimeMillis());
            known.put(tenant, k);
        }
        List<Source> found = new ArrayList<>();
        Instant now = Instant.now();
        for (int n = 0; n < k.sources().size(); n++) {
            Source s = k.sources().get(n);
            if (!s.forwards(operation) || k.expires().get(n) != null && !k.expires().get(n).isAfter(now)) {
                continue;
            }
            boolean entityOk = s.entities().isEmpty() || s.entities().stream().anyMatch(sel ->
                    (expandedTypes == null || expandedTypes.contains(sel.type()))
                            && (ids == null || sel.id() == null && sel.idPattern() == null || ids.contains(sel.id())
                            || sel.idPattern() != null && ids.stream().anyMatch(i -> sel.idPattern().matches(i))));
            boolean attrOk = s.attributes().isEmpty() || expandedAttrs == null || expandedAttrs.stream().anyMatch(s.attributes()::contains);
            if (entityOk && attrOk) {
                found.add(s);
            }
        }
        return found;
    }

    /**
     * Validates a registration as a client sent it (GS CIM 009 5.2.9), naming the member at fault, and holds its
     * endpoint to the rule for outgoing requests (which resolves its host name: done when it is written and when a
     * node reads the registrations to forward to, not when they are merely listed).
     */
    Source compile(ObjectNode r) {
        Source s = read(r);
        String refused = destinations.refusal(s.endpoint(), "endpoint");
        if (refused != null) {
            throw bad(refused);
        }
        return s;
    }

    /** A registration's members checked and its names expanded, without looking up its endpoint. */
    private Source read(ObjectNode r) {
        LdContext ctx = r.has("@context") ? contexts.fromBody(r.get("@context")) : LdContext.CORE_ONLY;
        String id = r.path("id").asString(null);
        EntityDocuments.requireUri("id", id);
        if (r.has("type") && !"ContextSourceRegistration".equals(r.get("type").asString(""))) {
            throw bad("type: must be ContextSourceRegistration");
        }
        JsonNode information = r.get("information");
        if (information == null || !information.isArray() || information.isEmpty()) {
            throw bad("information: a non-empty array of {entities, propertyNames, relationshipNames}");
        }
        List<Selector> selectors = new ArrayList<>();
        java.util.Set<String> attributes = new java.util.HashSet<>();
        for (JsonNode info : information) {
            if (!info.isObject() || !(info.has("entities") || info.has("propertyNames") || info.has("relationshipNames"))) {
                throw bad("information: each entry names entities, propertyNames or relationshipNames");
            }
            for (JsonNode e : info.path("entities")) {
                if (!e.path("type").isString()) {
                    throw bad("information.entities: every entry needs a type");
                }
                Pattern pattern = null;
                if (e.has("idPattern")) {
                    try {
                        pattern = Pattern.compile(e.get("idPattern").asString());
                    } catch (RuntimeException ex) {
                        throw bad("information.entities.idPattern: not a valid regular expression");
                    }
                }
                String entityId = e.has("id") ? e.get("id").asString() : null;
                if (entityId != null) {
                    EntityDocuments.requireUri("information.entities.id", entityId);
                }
                selectors.add(new Selector(ctx.expand(e.get("type").asString()), entityId, pattern));
            }
            for (String member : List.of("propertyNames", "relationshipNames")) {
                for (JsonNode n : info.path(member)) {
                    if (!n.isString()) {
                        throw bad("information." + member + ": an array of attribute names");
                    }
                    attributes.add(ctx.expand(n.asString()));
                }
            }
        }
        String endpoint = r.path("endpoint").asString(null);
        URI uri;
        try {
            uri = endpoint == null ? null : URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw bad("endpoint: not a URI");
        }
        if (uri == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw bad("endpoint: the http or https address of the context source, e.g. http://broker.example:1026");
        }
        String mode = r.path("mode").asString("inclusive");
        if (!MODES.contains(mode)) {
            throw bad("mode: inclusive, exclusive, redirect or auxiliary");
        }
        Set<String> operations = null;
        if (r.has("operations")) {
            operations = new java.util.HashSet<>();
            for (JsonNode o : r.get("operations")) {
                operations.add(o.asString());
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (JsonNode kv : r.path("contextSourceInfo")) {
            if (!kv.path("key").isString() || !kv.path("value").isString() || !kv.get("key").asString().matches("[A-Za-z0-9-]{1,64}")) {
                throw bad("contextSourceInfo: an array of {key, value}, each key an HTTP header name");
            }
            headers.put(kv.get("key").asString(), kv.get("value").asString());
        }
        if (r.has("expiresAt")) {
            EntityDocuments.instant("expiresAt", r.get("expiresAt").asString());
        }
        String remoteTenant = r.hasNonNull("tenant") ? r.get("tenant").asString() : null;
        return new Source(id, uri, selectors, attributes, remoteTenant, headers, operations);
    }

    private static Timestamp expiresAt(ObjectNode r) {
        return r.has("expiresAt") ? Timestamp.from(EntityDocuments.instant("expiresAt", r.get("expiresAt").asString()).toInstant()) : null;
    }

    private static NgsiLdError bad(String detail) {
        return new NgsiLdError(NgsiLdError.Type.BadRequestData, detail);
    }
}
