package org.citybrain.twin.internal;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.citybrain.twin.NgsiLdError;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * NGSI-LD subscriptions (clause 5.8): stored, matched against every change of an entity, and turned into
 * notifications in the outbox table within the same transaction as the change, so that a committed change is
 * never without its notification. {@link NotificationDispatcher} delivers them.
 */
@Component
class Subscriptions {

    /** A subscription ready for matching: names expanded, q and geoQ parsed. */
    record Compiled(String tenant, String id, Set<String> types, Set<String> ids, List<Pattern> idPatterns, Set<String> watched,
                    QueryLanguage.Expr q, GeoQuery geo, List<String> attributes, EntityDocuments.Format format, String endpoint, String accept,
                    double throttling, Instant expiresAt, boolean active, LdContext ctx, String contextUrl, double timeInterval,
                    Set<String> triggers, boolean showChanges) {

        /** A periodic subscription notifies every timeInterval seconds with the current state, not on changes. */
        boolean periodic() {
            return timeInterval > 0;
        }
    }

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final LdContexts contexts;
    private final EntityDocuments documents;
    private final NotificationDispatcher dispatcher;
    private final Map<String, List<Compiled>> cache = new ConcurrentHashMap<>();
    private final Map<String, Long> cacheLoadedAt = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastEnqueued = new ConcurrentHashMap<>();

    private final NotificationDestinations destinations;

    Subscriptions(JdbcTemplate jdbc, JsonMapper json, LdContexts contexts, NotificationDispatcher dispatcher, EntityDocuments documents,
                  NotificationDestinations destinations) {
        this.destinations = destinations;
        this.jdbc = jdbc;
        this.json = json;
        this.contexts = contexts;
        this.documents = documents;
        this.dispatcher = dispatcher;
    }

    // ---------------- management ----------------

    /** What a subscription is to: entities (5.8) or context source registrations (5.11). */
    enum Kind {
        ENTITIES("entities", "urn:ngsi-ld:Subscription:"), REGISTRATIONS("csource", "urn:ngsi-ld:CsourceSubscription:");

        final String column;
        final String idPrefix;

        Kind(String column, String idPrefix) {
            this.column = column;
            this.idPrefix = idPrefix;
        }
    }

    /** Validates a subscription to entities as a client sent it and stores it; returns its id. */
    String create(String tenant, ObjectNode sub, JsonNode contextValue) {
        return create(Kind.ENTITIES, tenant, sub, contextValue);
    }

    /** Validates a subscription as a client sent it and stores it; returns its id. The primary key refuses a second one. */
    String create(Kind kind, String tenant, ObjectNode sub, JsonNode contextValue) {
        if (!sub.has("id")) {
            sub.put("id", kind.idPrefix + UUID.randomUUID());
        }
        Compiled compiled = compile(kind, tenant, sub, contextValue);
        Instant now = Instant.now();
        try {
            jdbc.update("""
                    insert into twin_subscription(tenant, id, doc, context_url, active, expires_at, created_at, modified_at, times_sent, times_failed,
                                                  time_interval, next_due, kind)
                    values (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?)""", tenant, compiled.id(), json.writeValueAsString(sub),
                    contextValue == null ? null : json.writeValueAsString(contextValue), compiled.active(),
                    compiled.expiresAt() == null ? null : Timestamp.from(compiled.expiresAt()), Timestamp.from(now), Timestamp.from(now),
                    compiled.periodic() ? compiled.timeInterval() : null, compiled.periodic() ? Timestamp.from(now) : null, kind.column);
        } catch (org.springframework.dao.DuplicateKeyException e) {
            throw new NgsiLdError(NgsiLdError.Type.AlreadyExists, "subscription " + compiled.id() + " already exists");
        }
        cache.remove(tenant);
        return compiled.id();
    }

    /** Applies the members of a PATCH to a stored subscription to entities. */
    void update(String tenant, String id, ObjectNode changes) {
        update(Kind.ENTITIES, tenant, id, changes);
    }

    /** Applies the members of a PATCH to a stored subscription. */
    void update(Kind kind, String tenant, String id, ObjectNode changes) {
        Stored s = find(kind, tenant, id);
        ObjectNode doc = s.doc();
        changes.properties().forEach(e -> {
            if (!e.getKey().equals("id") && !e.getKey().equals("@context")) {
                doc.set(e.getKey(), e.getValue());
            }
        });
        JsonNode context = s.contextJson() == null ? null : json.readTree(s.contextJson());
        Compiled compiled = compile(kind, tenant, doc, context);
        Instant now = Instant.now();
        jdbc.update("""
                update twin_subscription set doc = ?, active = ?, expires_at = ?, modified_at = ?, time_interval = ?,
                       next_due = case when ? then coalesce(next_due, ?) else null end
                where tenant = ? and id = ?""",
                json.writeValueAsString(doc), compiled.active(), compiled.expiresAt() == null ? null : Timestamp.from(compiled.expiresAt()),
                Timestamp.from(now), compiled.periodic() ? compiled.timeInterval() : null, compiled.periodic(), Timestamp.from(now), tenant, id);
        cache.remove(tenant);
    }

    void delete(String tenant, String id) {
        delete(Kind.ENTITIES, tenant, id);
    }

    void delete(Kind kind, String tenant, String id) {
        EntityDocuments.requireUri("subscription id", id);
        if (jdbc.update("delete from twin_subscription where tenant = ? and id = ? and kind = ?", tenant, id, kind.column) == 0) {
            throw new NgsiLdError(NgsiLdError.Type.ResourceNotFound, "no subscription " + id);
        }
        cache.remove(tenant);
    }

    record Stored(ObjectNode doc, String contextJson, boolean active, Instant expiresAt, long timesSent, long timesFailed,
                  Instant lastNotification, Instant lastSuccess, Instant lastFailure, String lastError) {
    }

    Stored find(String tenant, String id) {
        return find(Kind.ENTITIES, tenant, id);
    }

    Stored find(Kind kind, String tenant, String id) {
        EntityDocuments.requireUri("subscription id", id);
        return jdbc.query("select * from twin_subscription where tenant = ? and id = ? and kind = ?", (rs, n) -> stored(rs), tenant, id, kind.column)
                .stream().findFirst().orElseThrow(() -> new NgsiLdError(NgsiLdError.Type.ResourceNotFound, "no subscription " + id));
    }

    List<Stored> list(String tenant, int offset, int limit) {
        return list(Kind.ENTITIES, tenant, offset, limit);
    }

    List<Stored> list(Kind kind, String tenant, int offset, int limit) {
        return jdbc.query("select * from twin_subscription where tenant = ? and kind = ? order by id offset " + offset + " rows fetch next " + limit
                + " rows only", (rs, n) -> stored(rs), tenant, kind.column);
    }

    /** The active subscriptions of a kind, compiled, read from the database (for registrations: they change seldom). */
    List<Compiled> activeOf(Kind kind, String tenant) {
        List<Compiled> list = new ArrayList<>();
        jdbc.query("select doc, context_url from twin_subscription where tenant = ? and active = true and kind = ?", rs -> {
            JsonNode context = rs.getString(2) == null ? null : json.readTree(rs.getString(2));
            list.add(compile(kind, tenant, (ObjectNode) json.readTree(rs.getString(1)), context));
        }, tenant, kind.column);
        return list;
    }

    /**
     * The subscription as the API shows it, in the reader's terms: what was subscribed (its entity types and attribute
     * names expanded with the context it was made with, compacted with the reader's), plus its delivery status.
     */
    ObjectNode present(Stored s, LdContext reader) {
        ObjectNode out = s.doc().deepCopy();
        LdContext made = s.contextJson() == null ? LdContext.CORE_ONLY : contexts.fromBody(json.readTree(s.contextJson()));
        java.util.function.UnaryOperator<String> term = name -> reader.compact(made.expand(name));
        for (JsonNode e : out.path("entities")) {
            if (e instanceof ObjectNode o && o.path("type").isString()) {
                o.put("type", term.apply(o.get("type").asString()));
            }
        }
        renameAll(out.get("watchedAttributes"), term);
        renameAll(out.path("notification").get("attributes"), term);
        out.remove("@context");
        out.put("type", "Subscription");
        boolean expired = s.expiresAt() != null && s.expiresAt().isBefore(Instant.now());
        out.put("isActive", s.active() && !expired);
        out.put("status", expired ? "expired" : s.active() ? "active" : "paused");
        ObjectNode notification = out.has("notification") && out.get("notification").isObject() ? (ObjectNode) out.get("notification") : out.putObject("notification");
        notification.put("timesSent", s.timesSent());
        notification.put("timesFailed", s.timesFailed());
        if (s.lastNotification() != null) {
            notification.put("lastNotification", s.lastNotification().toString());
        }
        if (s.lastSuccess() != null) {
            notification.put("lastSuccess", s.lastSuccess().toString());
        }
        if (s.lastFailure() != null) {
            notification.put("lastFailure", s.lastFailure().toString());
            notification.put("lastFailureReason", s.lastError());
        }
        notification.put("status", s.lastFailure() != null && (s.lastSuccess() == null || s.lastFailure().isAfter(s.lastSuccess())) ? "failed" : "ok");
        return out;
    }

    private static void renameAll(JsonNode names, java.util.function.UnaryOperator<String> term) {
        if (names instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isString()) {
                    a.set(i, a.stringNode(term.apply(a.get(i).asString())));
                }
            }
        }
    }

    // ---------------- matching ----------------

    /** Whether some subscription of the tenant is told of deletions: only then is a deleted entity read first. */
    boolean wantDeletions(String tenant) {
        return active(tenant).stream().anyMatch(s -> s.triggers().contains("entityDeleted"));
    }

    /** Called by the broker for every written (or deleted) entity, inside the writing transaction. */
    void changed(String tenant, ObjectNode doc, EntityChange change, Instant now) {
        List<Compiled> subscriptions = active(tenant);
        if (subscriptions.isEmpty()) {
            return;
        }
        boolean enqueued = false;
        for (Compiled sub : subscriptions) {
            if (sub.periodic() || !matches(sub, doc, change, now)) {
                continue;
            }
            String key = tenant + "|" + sub.id();
            Instant last = lastEnqueued.get(key);
            if (sub.throttling() > 0 && last != null && last.plusMillis((long) (sub.throttling() * 1000)).isAfter(now)) {
                continue; // throttled: at most one notification per throttling period
            }
            lastEnqueued.put(key, now);
            jdbc.update("""
                    insert into twin_notification(tenant, subscription_id, endpoint, accept, payload, created_at, attempts, next_attempt_at, abandoned)
                    values (?, ?, ?, ?, ?, ?, 0, ?, false)""", tenant, sub.id(), sub.endpoint(), sub.accept(), payload(sub, doc, change, now),
                    Timestamp.from(now), Timestamp.from(now));
            enqueued = true;
        }
        if (enqueued) {
            wakeDispatcherAfterCommit();
        }
    }

    /** Wakes the dispatcher once the caller's transaction has committed what it queued (at once without one). */
    void wakeDispatcherAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    dispatcher.wakeUp();
                }
            });
        } else {
            dispatcher.wakeUp();
        }
    }

    /** Whether the entity is one the subscription selects; {@code change} null: its state is asked for, not a change. */
    boolean matches(Compiled sub, ObjectNode doc, EntityChange change, Instant now) {
        if (!sub.active() || (sub.expiresAt() != null && sub.expiresAt().isBefore(now))) {
            return false;
        }
        String id = doc.get("id").asString();
        boolean selected = sub.types() == null && sub.ids() == null && sub.idPatterns() == null;
        if (!selected) {
            Set<String> types = new HashSet<>();
            doc.get("type").forEach(t -> types.add(t.asString()));
            boolean typeOk = sub.types() == null || sub.types().stream().anyMatch(types::contains);
            boolean idOk = (sub.ids() == null && sub.idPatterns() == null) || (sub.ids() != null && sub.ids().contains(id))
                    || (sub.idPatterns() != null && sub.idPatterns().stream().anyMatch(p -> p.matcher(id).matches()));
            selected = typeOk && idOk;
        }
        if (!selected) {
            return false;
        }
        if (change != null && !change.fires(sub.triggers(), sub.watched(), doc)) {
            return false; // not a change the subscription's triggers and watched attributes name
        }
        if (sub.q() != null && !sub.q().matches(doc, sub.ctx()::expand)) {
            return false;
        }
        if (sub.geo() != null) {
            JsonNode geo = doc.get(sub.ctx().expand(sub.geo().geoproperty()));
            return geo != null && "GeoProperty".equals(geo.path("type").asString())
                    && sub.geo().matches(EntityDocuments.geometry("geoproperty", geo.get("value")));
        }
        return true;
    }

    /**
     * The notification of one change: a deleted entity as its id, type and {@code deletedAt}; with {@code showChanges},
     * each updated attribute carries its previous value (normalized format).
     */
    private String payload(Compiled sub, ObjectNode doc, EntityChange change, Instant now) {
        if (change.kind() == EntityChange.Kind.DELETED) {
            ObjectNode gone = json.createObjectNode();
            gone.put("id", doc.get("id").asString());
            gone.put("type", sub.ctx().compact(doc.get("type").get(0).asString()));
            gone.put("deletedAt", now.toString());
            return notification(sub, List.of(gone), now);
        }
        ObjectNode shown = documents.present(doc, sub.ctx(), sub.format(), sub.attributes(), false, null, null);
        if (sub.showChanges() && sub.format() == EntityDocuments.Format.NORMALIZED && change.previous() != null) {
            for (String name : change.attributes()) {
                JsonNode before = change.previous().get(name);
                if (before instanceof ObjectNode old && shown.get(sub.ctx().compact(name)) instanceof ObjectNode current
                        && !old.equals(doc.get(name))) {
                    current.set(EntityChange.previousMember(old.path("type").asString()), EntityDocuments.simplified(old));
                }
            }
        }
        return notification(sub, List.of(shown), now);
    }

    /** One notification carrying the given entities as the subscriber asked to see them. */
    String payload(Compiled sub, List<ObjectNode> docs, Instant now) {
        return notification(sub, docs.stream().map(doc -> documents.present(doc, sub.ctx(), sub.format(), sub.attributes(), false, null, null)).toList(),
                now);
    }

    private String notification(Compiled sub, List<ObjectNode> shown, Instant now) {
        return notification(sub, shown, now, null);
    }

    /** A notification (GS CIM 009 5.3.1–5.3.2) of these entities or registrations; {@code triggerReason} null: none. */
    String notification(Compiled sub, List<ObjectNode> shown, Instant now, String triggerReason) {
        ObjectNode n = json.createObjectNode();
        n.put("id", "urn:ngsi-ld:Notification:" + UUID.randomUUID());
        n.put("type", "Notification");
        n.put("subscriptionId", sub.id());
        n.put("notifiedAt", now.toString());
        if (triggerReason != null) {
            n.put("triggerReason", triggerReason);
        }
        ArrayNode data = n.putArray("data");
        shown.forEach(data::add);
        if (sub.accept().equals("application/ld+json")) {
            n.put("@context", sub.contextUrl() == null ? LdContexts.CORE_CONTEXT_URL : sub.contextUrl());
        }
        return json.writeValueAsString(n);
    }

    // ---------------- periodic ----------------

    /** A periodic subscription whose period has come: claimed by this node (see {@link PeriodicNotifications}). */
    record Due(Compiled subscription, Instant dueAt) {
    }

    /** The periodic subscriptions due at {@code now}, each claimed by moving its next_due on; another node's claim wins. */
    List<Due> claimDue(Instant now) {
        List<Due> claimed = new ArrayList<>();
        jdbc.query("""
                select tenant, doc, context_url, next_due, time_interval, id from twin_subscription
                where next_due is not null and next_due <= ? and active = true and (expires_at is null or expires_at > ?)
                order by next_due fetch first 100 rows only""", rs -> {
            String tenant = rs.getString(1);
            Timestamp due = rs.getTimestamp(4);
            String id = rs.getString(6);
            // The next period starts from now, not from the missed one: a node that was down does not send a burst.
            Instant next = now.plusMillis((long) (rs.getDouble(5) * 1000));
            if (jdbc.update("update twin_subscription set next_due = ? where tenant = ? and id = ? and next_due = ?",
                    Timestamp.from(next), tenant, id, due) == 1) {
                JsonNode context = rs.getString(3) == null ? null : json.readTree(rs.getString(3));
                claimed.add(new Due(compile(tenant, (ObjectNode) json.readTree(rs.getString(2)), context), due.toInstant()));
            }
        }, Timestamp.from(now), Timestamp.from(now));
        return claimed;
    }

    /** Puts one periodic notification in the outbox (same transaction as the claim). */
    void enqueue(Compiled sub, List<ObjectNode> docs, Instant now) {
        enqueue(sub, payload(sub, docs, now), now);
    }

    /** Puts a notification in the outbox, in the caller's transaction. */
    void enqueue(Compiled sub, String payload, Instant now) {
        jdbc.update("""
                insert into twin_notification(tenant, subscription_id, endpoint, accept, payload, created_at, attempts, next_attempt_at, abandoned)
                values (?, ?, ?, ?, ?, ?, 0, ?, false)""", sub.tenant(), sub.id(), sub.endpoint(), sub.accept(), payload,
                Timestamp.from(now), Timestamp.from(now));
    }

    void wakeDispatcher() {
        dispatcher.wakeUp();
    }

    private List<Compiled> active(String tenant) {
        long now = System.currentTimeMillis();
        Long loaded = cacheLoadedAt.get(tenant);
        // Other nodes may change subscriptions: re-read them at least every five seconds.
        if (loaded == null || now - loaded > 5_000) {
            cache.remove(tenant);
        }
        return cache.computeIfAbsent(tenant, t -> {
            cacheLoadedAt.put(t, now);
            List<Compiled> list = new ArrayList<>();
            jdbc.query("select doc, context_url from twin_subscription where tenant = ? and active = true and kind = 'entities'", rs -> {
                JsonNode context = rs.getString(2) == null ? null : json.readTree(rs.getString(2));
                list.add(compile(t, (ObjectNode) json.readTree(rs.getString(1)), context));
            }, t);
            return list;
        });
    }

    // ---------------- validation ----------------

    Compiled compile(String tenant, ObjectNode sub, JsonNode contextValue) {
        return compile(Kind.ENTITIES, tenant, sub, contextValue);
    }

    /**
     * A subscription validated member by member. One to registrations takes what selects registrations (entities,
     * watchedAttributes, expiresAt, isActive, the endpoint); what selects by entity values is refused, not ignored.
     */
    Compiled compile(Kind kind, String tenant, ObjectNode sub, JsonNode contextValue) {
        if (kind == Kind.REGISTRATIONS) {
            for (String member : List.of("q", "geoQ", "scopeQ", "csf", "timeInterval", "throttling", "notificationTrigger")) {
                if (sub.has(member)) {
                    throw bad(member + ": not taken by a subscription to context source registrations here; it selects by entities and "
                            + "watchedAttributes");
                }
            }
        }
        LdContext ctx = contextValue == null ? LdContext.CORE_ONLY : contexts.fromBody(contextValue);
        String id = text(sub, "id");
        if (id == null || !LdContext.isId(id)) {
            throw bad("id: a subscription id must be a URI");
        }
        if (sub.has("type") && !"Subscription".equals(sub.get("type").asString())) {
            throw bad("type: must be Subscription");
        }
        Set<String> types = null;
        Set<String> ids = null;
        List<Pattern> patterns = null;
        JsonNode entities = sub.get("entities");
        if (entities != null) {
            if (!entities.isArray() || entities.isEmpty()) {
                throw bad("entities: must be a non-empty array of {type, id or idPattern}");
            }
            types = new HashSet<>();
            for (JsonNode e : entities) {
                if (!e.has("type")) {
                    throw bad("entities: every entry needs a type");
                }
                types.add(ctx.expand(e.get("type").asString()));
                if (e.has("id")) {
                    ids = ids == null ? new HashSet<>() : ids;
                    ids.add(e.get("id").asString());
                }
                if (e.has("idPattern")) {
                    patterns = patterns == null ? new ArrayList<>() : patterns;
                    try {
                        patterns.add(Pattern.compile(e.get("idPattern").asString()));
                    } catch (RuntimeException ex) {
                        throw bad("entities: idPattern is not a valid regular expression");
                    }
                }
            }
        }
        Set<String> watched = null;
        JsonNode w = sub.get("watchedAttributes");
        if (w != null) {
            if (!w.isArray() || w.isEmpty()) {
                throw bad("watchedAttributes: must be a non-empty array of attribute names");
            }
            watched = new HashSet<>();
            for (JsonNode a : w) {
                watched.add(ctx.expand(a.asString()));
            }
        }
        if (entities == null && watched == null) {
            throw bad("a subscription needs entities or watchedAttributes");
        }
        QueryLanguage.Expr q = sub.has("q") ? QueryLanguage.parse(sub.get("q").asString()) : null;
        if (sub.hasNonNull("scopeQ")) {
            QueryLanguage.ScopeQuery scope = QueryLanguage.ScopeQuery.parse(sub.get("scopeQ").asString());
            q = q == null ? scope : new QueryLanguage.And(List.of(q, scope));
        }
        GeoQuery geo = null;
        JsonNode geoQ = sub.get("geoQ");
        if (geoQ != null) {
            geo = GeoQuery.parse(text(geoQ, "georel"), text(geoQ, "geometry"), geoQ.has("coordinates") ? geoQ.get("coordinates").toString() : null,
                    text(geoQ, "geoproperty"));
        }
        JsonNode notification = sub.get("notification");
        if (notification == null || !notification.isObject()) {
            throw bad("notification: required, with endpoint.uri");
        }
        JsonNode endpoint = notification.get("endpoint");
        String uri = endpoint == null ? null : text(endpoint, "uri");
        if (uri == null) {
            throw bad("notification.endpoint.uri: required");
        }
        try {
            URI parsed = URI.create(uri);
            if (MqttNotifier.isMqtt(parsed)) {
                String problem = MqttNotifier.problem(parsed);
                if (problem != null) {
                    throw bad(problem);
                }
            } else if (!"http".equals(parsed.getScheme()) && !"https".equals(parsed.getScheme())) {
                throw bad("notification.endpoint.uri: an http, https, mqtt or mqtts endpoint");
            }
            String refused = destinations.refusal(parsed);
            if (refused != null) {
                throw bad(refused);
            }
        } catch (IllegalArgumentException e) {
            throw bad("notification.endpoint.uri: not a URI");
        }
        String accept = endpoint.has("accept") ? endpoint.get("accept").asString() : "application/json";
        if (!accept.equals("application/json") && !accept.equals("application/ld+json")) {
            throw bad("notification.endpoint.accept: application/json or application/ld+json");
        }
        List<String> attributes = null;
        if (notification.has("attributes")) {
            attributes = new ArrayList<>();
            for (JsonNode a : notification.get("attributes")) {
                attributes.add(ctx.expand(a.asString()));
            }
        }
        String formatName = notification.has("format") ? notification.get("format").asString() : "normalized";
        EntityDocuments.Format format;
        try {
            format = EntityDocuments.Format.named(formatName);
        } catch (NgsiLdError e) {
            throw bad("notification.format: normalized, concise, simplified or keyValues");
        }
        double timeInterval = 0;
        if (sub.has("timeInterval")) {
            if (!sub.get("timeInterval").isNumber() || sub.get("timeInterval").doubleValue() < 1) {
                throw bad("timeInterval: a number of seconds, 1 or more");
            }
            if (sub.has("watchedAttributes") || sub.has("throttling")) {
                throw bad("timeInterval: a periodic subscription has no watchedAttributes or throttling (GS CIM 009 5.2.12)");
            }
            if (entities == null) {
                throw bad("timeInterval: a periodic subscription names its entities");
            }
            timeInterval = sub.get("timeInterval").doubleValue();
        }
        double throttling = 0;
        if (sub.has("throttling")) {
            if (!sub.get("throttling").isNumber() || sub.get("throttling").doubleValue() < 0) {
                throw bad("throttling: a number of seconds, 0 or more");
            }
            throttling = sub.get("throttling").doubleValue();
        }
        Instant expires = sub.has("expiresAt") ? EntityDocuments.instant("expiresAt", sub.get("expiresAt").asString()).toInstant() : null;
        if (sub.has("isActive") && !sub.get("isActive").isBoolean()) {
            throw bad("isActive: true or false");
        }
        boolean active = !sub.has("isActive") || sub.get("isActive").asBoolean();
        String contextUrl = contextValue != null && contextValue.isString() ? contextValue.asString() : null;
        Set<String> triggers = EntityChange.DEFAULT_TRIGGERS;
        if (sub.has("notificationTrigger")) {
            JsonNode t = sub.get("notificationTrigger");
            if (!t.isArray() || t.isEmpty()) {
                throw bad("notificationTrigger: a non-empty array of " + String.join(", ", new java.util.TreeSet<>(EntityChange.TRIGGERS)));
            }
            triggers = new HashSet<>();
            for (JsonNode one : t) {
                if (!one.isString() || !EntityChange.TRIGGERS.contains(one.asString())) {
                    throw bad("notificationTrigger: " + one + " is not one of " + String.join(", ", new java.util.TreeSet<>(EntityChange.TRIGGERS)));
                }
                triggers.add(one.asString());
            }
        }
        if (notification.has("showChanges") && !notification.get("showChanges").isBoolean()) {
            throw bad("notification.showChanges: true or false");
        }
        boolean showChanges = notification.path("showChanges").asBoolean(false);
        return new Compiled(tenant, id, types, ids, patterns, watched, q, geo, attributes, format, uri, accept, throttling,
                expires, active, ctx, contextUrl, timeInterval, Set.copyOf(triggers), showChanges);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    private Stored stored(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Stored((ObjectNode) json.readTree(rs.getString("doc")), rs.getString("context_url"), rs.getBoolean("active"),
                instant(rs.getTimestamp("expires_at")), rs.getLong("times_sent"), rs.getLong("times_failed"), instant(rs.getTimestamp("last_notification")),
                instant(rs.getTimestamp("last_success")), instant(rs.getTimestamp("last_failure")), rs.getString("last_error"));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static NgsiLdError bad(String detail) {
        return new NgsiLdError(NgsiLdError.Type.BadRequestData, detail);
    }

}
