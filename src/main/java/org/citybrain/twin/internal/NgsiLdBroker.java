package org.citybrain.twin.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.citybrain.twin.NgsiLdError;
import org.citybrain.twin.TwinEntities;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The NGSI-LD operations (GS CIM 009 clause 5.6–5.7) on expanded documents. */
@Service
class NgsiLdBroker implements TwinEntities {

    /** The outcome of an attribute operation that may partly fail (207 in HTTP). */
    record UpdateResult(List<String> updated, List<Map<String, String>> notUpdated) {
    }

    /** The outcome of a batch operation. */
    record BatchResult(List<String> success, List<Map<String, Object>> errors, int created) {
    }

    private final TwinStore store;
    private final EntityDocuments documents;
    private final LdContexts contexts;
    private final JsonMapper json;
    private final Subscriptions subscriptions;

    NgsiLdBroker(TwinStore store, LdContexts contexts, JsonMapper json, Subscriptions subscriptions, EntityDocuments documents) {
        this.store = store;
        this.contexts = contexts;
        this.json = json;
        this.subscriptions = subscriptions;
        this.documents = documents;
    }

    /** Every write ends here: stored, and offered to the subscriptions in the same transaction. */
    private void written(String tenant, ObjectNode doc, java.util.Collection<String> changed, Instant now) {
        subscriptions.changed(tenant, doc, changed, now);
    }

    EntityDocuments documents() {
        return documents;
    }

    @Transactional
    void create(String tenant, ObjectNode expanded) {
        store.ensureTenant(tenant);
        if (store.find(tenant, expanded.get("id").asString(), false).isPresent()) {
            throw new NgsiLdError(NgsiLdError.Type.AlreadyExists, "entity " + expanded.get("id").asString() + " already exists");
        }
        Instant now = Instant.now();
        store.insert(tenant, List.of(expanded), now);
        written(tenant, expanded, attributeNames(expanded), now);
    }

    @Transactional(readOnly = true)
    TwinStore.Stored retrieve(String tenant, String id) {
        requireTenant(tenant);
        requireUri(id);
        return store.find(tenant, id, false).orElseThrow(() -> notFound(id));
    }

    @Transactional
    void delete(String tenant, String id) {
        requireTenant(tenant);
        requireUri(id);
        if (!store.delete(tenant, id)) {
            throw notFound(id);
        }
    }

    /** Append: adds attributes, replacing existing ones unless {@code noOverwrite}. */
    @Transactional
    UpdateResult append(String tenant, String id, ObjectNode attrs, boolean noOverwrite) {
        requireTenant(tenant);
        ObjectNode doc = store.find(tenant, id, true).orElseThrow(() -> notFound(id)).doc();
        List<String> updated = new ArrayList<>();
        List<Map<String, String>> notUpdated = new ArrayList<>();
        for (var e : attrs.properties()) {
            if (noOverwrite && doc.has(e.getKey())) {
                notUpdated.add(Map.of("attributeName", e.getKey(), "reason", "attribute exists and noOverwrite was requested"));
            } else {
                doc.set(e.getKey(), e.getValue());
                updated.add(e.getKey());
            }
        }
        if (!updated.isEmpty()) {
            Instant now = Instant.now();
            store.replaceAttributes(tenant, doc, updated, updated, now);
            written(tenant, doc, updated, now);
        }
        return new UpdateResult(updated, notUpdated);
    }

    /** Update: replaces only attributes that exist. */
    @Transactional
    UpdateResult update(String tenant, String id, ObjectNode attrs) {
        requireTenant(tenant);
        ObjectNode doc = store.find(tenant, id, true).orElseThrow(() -> notFound(id)).doc();
        List<String> updated = new ArrayList<>();
        List<Map<String, String>> notUpdated = new ArrayList<>();
        for (var e : attrs.properties()) {
            if (doc.has(e.getKey())) {
                doc.set(e.getKey(), e.getValue());
                updated.add(e.getKey());
            } else {
                notUpdated.add(Map.of("attributeName", e.getKey(), "reason", "attribute does not exist"));
            }
        }
        if (!updated.isEmpty()) {
            Instant now = Instant.now();
            store.replaceAttributes(tenant, doc, updated, updated, now);
            written(tenant, doc, updated, now);
        }
        return new UpdateResult(updated, notUpdated);
    }

    /** Partial attribute update: merges the given members (value, observedAt, unitCode, sub-attributes) into one attribute. */
    @Transactional
    void partialUpdate(String tenant, String id, String attr, JsonNode fragment, LdContext ctx) {
        requireTenant(tenant);
        if (fragment == null || !fragment.isObject() || fragment.isEmpty()) {
            throw EntityDocuments.bad("the body must be an object with the members to change (e.g. value)");
        }
        ObjectNode doc = store.find(tenant, id, true).orElseThrow(() -> notFound(id)).doc();
        JsonNode existing = doc.get(attr);
        if (existing == null) {
            throw new NgsiLdError(NgsiLdError.Type.ResourceNotFound, "entity " + id + " has no attribute " + ctx.compact(attr));
        }
        ObjectNode merged = ((ObjectNode) existing).deepCopy();
        for (var e : fragment.properties()) {
            if (!e.getKey().equals("@context")) {
                merged.set(EntityDocuments.ATTRIBUTE_MEMBERS.contains(e.getKey()) ? e.getKey() : documents.expandName(e.getKey(), ctx), e.getValue());
            }
        }
        ObjectNode check = json.createObjectNode();
        check.set(attr, merged);
        // Names are already IRIs, which expansion leaves as they are: this validates the merged attribute.
        ObjectNode validated = documents.expandAttributes(check, ctx);
        doc.set(attr, validated.get(attr));
        Instant now = Instant.now();
        store.replaceAttributes(tenant, doc, List.of(attr), List.of(attr), now);
        written(tenant, doc, List.of(attr), now);
    }

    @Transactional
    void deleteAttribute(String tenant, String id, String attr, LdContext ctx) {
        requireTenant(tenant);
        ObjectNode doc = store.find(tenant, id, true).orElseThrow(() -> notFound(id)).doc();
        if (doc.remove(attr) == null) {
            throw new NgsiLdError(NgsiLdError.Type.ResourceNotFound, "entity " + id + " has no attribute " + ctx.compact(attr));
        }
        Instant now = Instant.now();
        store.replaceAttributes(tenant, doc, List.of(attr), List.of(), now);
        written(tenant, doc, List.of(attr), now);
    }

    /** Batch create / upsert / update: each entity succeeds or fails on its own. */
    @Transactional
    BatchResult batch(String tenant, String operation, List<JsonNode> entities, LdContext defaultCtx, boolean replace, boolean noOverwrite) {
        store.ensureTenant(tenant);
        List<String> success = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        Map<String, ObjectNode> valid = new LinkedHashMap<>();
        for (JsonNode entity : entities) {
            String id = entity != null && entity.has("id") ? entity.get("id").asString() : null;
            try {
                LdContext ctx = entity != null && entity.has("@context") ? contexts.fromBody(entity.get("@context")) : defaultCtx;
                ObjectNode expanded = documents.expandEntity(entity, ctx);
                if (valid.containsKey(expanded.get("id").asString())) {
                    throw EntityDocuments.bad("the entity appears twice in the batch");
                }
                valid.put(expanded.get("id").asString(), expanded);
            } catch (NgsiLdError e) {
                errors.add(error(id, e));
            }
        }
        Set<String> existing = existingIds(tenant, valid.keySet());
        Instant now = Instant.now();
        List<ObjectNode> toInsert = new ArrayList<>();
        for (ObjectNode doc : valid.values()) {
            String id = doc.get("id").asString();
            boolean exists = existing.contains(id);
            switch (operation) {
                case "create" -> {
                    if (exists) {
                        errors.add(error(id, new NgsiLdError(NgsiLdError.Type.AlreadyExists, "entity " + id + " already exists")));
                        continue;
                    }
                    toInsert.add(doc);
                }
                case "upsert" -> {
                    if (!exists) {
                        toInsert.add(doc);
                    } else if (replace) {
                        store.replace(tenant, doc, attributeNames(doc), now);
                        written(tenant, doc, attributeNames(doc), now);
                    } else {
                        mergeInto(tenant, doc, false, now);
                    }
                }
                case "update" -> {
                    if (!exists) {
                        errors.add(error(id, notFound(id)));
                        continue;
                    }
                    mergeInto(tenant, doc, noOverwrite, now);
                }
                default -> throw new NgsiLdError(NgsiLdError.Type.InvalidRequest, "unknown batch operation " + operation);
            }
            success.add(id);
        }
        if (!toInsert.isEmpty()) {
            store.insert(tenant, toInsert, now);
            for (ObjectNode doc : toInsert) {
                written(tenant, doc, attributeNames(doc), now);
            }
        }
        return new BatchResult(success, errors, toInsert.size());
    }

    @Transactional
    BatchResult batchDelete(String tenant, List<JsonNode> ids) {
        requireTenant(tenant);
        List<String> success = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        for (JsonNode idNode : ids) {
            String id = idNode.isString() ? idNode.asString() : null;
            if (id == null || !LdContext.isId(id)) {
                errors.add(error(id, EntityDocuments.bad("an entity id must be a URI")));
            } else if (store.delete(tenant, id)) {
                success.add(id);
            } else {
                errors.add(error(id, notFound(id)));
            }
        }
        return new BatchResult(success, errors, 0);
    }

    @Transactional(readOnly = true)
    TwinStore.Page query(String tenant, TwinStore.Query query) {
        requireTenant(tenant);
        return store.query(tenant, query);
    }

    @Transactional(readOnly = true)
    Map<String, Map<String, Object>> types(String tenant) {
        requireTenant(tenant);
        return store.types(tenant);
    }

    @Transactional(readOnly = true)
    Map<String, Map<String, Object>> attributes(String tenant) {
        requireTenant(tenant);
        return store.attributes(tenant);
    }

    @Transactional
    void appendHistory(String tenant, String id, List<TwinStore.Instance> instances) {
        requireTenant(tenant);
        store.find(tenant, id, false).orElseThrow(() -> notFound(id));
        store.appendHistory(tenant, id, instances);
    }

    @Transactional(readOnly = true)
    List<TwinStore.Instance> history(String tenant, String id, List<String> attrs, Instant from, Instant to) {
        requireTenant(tenant);
        store.find(tenant, id, false).orElseThrow(() -> notFound(id));
        return store.history(tenant, id, attrs, from, to);
    }

    // ---- subscriptions ----

    @Transactional
    String subscribe(String tenant, ObjectNode subscription, JsonNode context) {
        store.ensureTenant(tenant);
        return subscriptions.create(tenant, subscription, context);
    }

    @Transactional
    void updateSubscription(String tenant, String id, ObjectNode changes) {
        requireTenant(tenant);
        subscriptions.update(tenant, id, changes);
    }

    @Transactional
    void unsubscribe(String tenant, String id) {
        requireTenant(tenant);
        subscriptions.delete(tenant, id);
    }

    @Transactional(readOnly = true)
    ObjectNode subscription(String tenant, String id) {
        requireTenant(tenant);
        return subscriptions.present(subscriptions.find(tenant, id));
    }

    @Transactional(readOnly = true)
    List<ObjectNode> subscriptionList(String tenant, int offset, int limit) {
        requireTenant(tenant);
        return subscriptions.list(tenant, offset, limit).stream().map(subscriptions::present).toList();
    }

    // ---- for other modules ----

    @Override
    @Transactional
    public void upsert(String tenant, List<Map<String, Object>> entities) {
        List<JsonNode> nodes = entities.stream().map(e -> (JsonNode) json.valueToTree(e)).toList();
        BatchResult result = batch(tenant, "upsert", nodes, contexts.citybrain(), true, false);
        if (!result.errors().isEmpty()) {
            throw new IllegalArgumentException("twin refused entities: " + result.errors());
        }
    }

    @Override
    public long count(String tenant) {
        return store.tenantExists(tenant) ? store.count(tenant) : 0;
    }

    // ---- helpers ----

    private void mergeInto(String tenant, ObjectNode incoming, boolean noOverwrite, Instant now) {
        String id = incoming.get("id").asString();
        ObjectNode doc = store.find(tenant, id, true).orElseThrow(() -> notFound(id)).doc();
        List<String> changed = new ArrayList<>();
        for (String name : attributeNames(incoming)) {
            if (noOverwrite && doc.has(name)) {
                continue;
            }
            doc.set(name, incoming.get(name));
            changed.add(name);
        }
        Set<String> types = new LinkedHashSet<>();
        doc.get("type").forEach(t -> types.add(t.asString()));
        incoming.get("type").forEach(t -> types.add(t.asString()));
        var typeArray = json.createArrayNode();
        types.forEach(typeArray::add);
        doc.set("type", typeArray);
        store.replaceAttributes(tenant, doc, changed, changed, now);
        written(tenant, doc, changed, now);
    }

    private static List<String> attributeNames(ObjectNode doc) {
        List<String> names = new ArrayList<>();
        for (String n : doc.propertyNames()) {
            if (!n.equals("id") && !n.equals("type")) {
                names.add(n);
            }
        }
        return names;
    }

    private Set<String> existingIds(String tenant, Set<String> ids) {
        Set<String> existing = new HashSet<>();
        List<String> all = new ArrayList<>(ids);
        for (int i = 0; i < all.size(); i += 500) {
            List<String> chunk = all.subList(i, Math.min(all.size(), i + 500));
            existing.addAll(store.existing(tenant, chunk));
        }
        return existing;
    }

    private static Map<String, Object> error(String id, NgsiLdError e) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", e.type().uri());
        problem.put("title", e.type().name());
        problem.put("status", e.type().status());
        problem.put("detail", e.getMessage());
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("entityId", id);
        entry.put("error", problem);
        return entry;
    }

    private void requireTenant(String tenant) {
        if (!TwinEntities.DEFAULT_TENANT.equals(tenant) && !store.tenantExists(tenant)) {
            throw new NgsiLdError(NgsiLdError.Type.NonexistentTenant, "tenant " + tenant + " does not exist");
        }
    }

    private static void requireUri(String id) {
        if (id == null || !LdContext.isId(id)) {
            throw EntityDocuments.bad("id: " + id + " is not a URI");
        }
    }

    private static NgsiLdError notFound(String id) {
        return new NgsiLdError(NgsiLdError.Type.ResourceNotFound, "no entity " + id);
    }
}
