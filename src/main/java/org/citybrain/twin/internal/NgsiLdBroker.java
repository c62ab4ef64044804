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
    record BatchResult(List<String> success, List<Map<String, Object>> errors, List<String> created) {
    }

    private final TwinStore store;
    private final EntityDocuments documents;
    private final LdContexts contexts;
    private final JsonMapper json;
    private final Subscriptions subscriptions;

    /** This broker through its proxy, so that each entity of a batch merge commits or rolls back on its own. */
    private NgsiLdBroker self;

    @org.springframework.beans.factory.annotation.Autowired
    void setSelf(@org.springframework.context.annotation.Lazy NgsiLdBroker self) {
        this.self = self;
    }

    NgsiLdBroker(TwinStore store, LdContexts contexts, JsonMapper json, Subscriptions subscriptions, EntityDocuments documents) {
        this.store = store;
        this.contexts = contexts;
        this.json = json;
        this.subscriptions = subscriptions;
        this.documents = documents;
    }

    /** Every write ends here: stored, and offered to the subscriptions in the same transaction. */
    private void written(String tenant, ObjectNode doc, EntityChange change, Instant now) {
        subscriptions.changed(tenant, doc, change, now);
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
        written(tenant, expanded, EntityChange.created(attributeNames(expanded)), now);
    }

    /** Makes the tenant exist (a registration or subscription in it is something written to it). */
    @Transactional
    void ensureTenant(String tenant) {
        store.ensureTenant(tenant);
    }

    @Transactional(readOnly = true)
    TwinStore.Stored retrieve(String tenant, String id) {
        requireUri(id);
        requireTenant(tenant);
        return store.find(tenant, id, false).orElseThrow(() -> notFound(id));
    }

    @Transactional
    void delete(String tenant, String id) {
        requireUri(id);
        requireTenant(tenant);
        ObjectNode last = subscriptions.wantDeletions(tenant) ? store.find(tenant, id, false).map(TwinStore.Stored::doc).orElse(null) : null;
        if (!store.delete(tenant, id)) {
            throw notFound(id);
        }
        deleted(tenant, last);
    }

    /** Offers an entity's deletion to the subscriptions that asked for it ({@code entityDeleted}); null: none did. */
    private void deleted(String tenant, ObjectNode last) {
        if (last != null) {
            written(tenant, last, EntityChange.deleted(attributeNames(last), EntityChange.attributesOf(last)), Instant.now());
        }
    }

    /** Append: adds attributes, replacing existing ones unless {@code noOverwrite}. */
    @Transactional
    UpdateResult append(String tenant, String id, ObjectNode attrs, boolean noOverwrite) {
        requireUri(id);
        requireTenant(tenant);
        ObjectNode doc = store.find(tenant, id, true).orElseThrow(() -> notFound(id)).doc();
        Map<String, JsonNode> previous = EntityChange.attributesOf(doc);
        List<String> updated = new ArrayList<>();
        List<Map<String, String>> notUpdated = new ArrayList<>();
        for (var e : attrs.properties()) {
            if (noOverwrite && doc.has(e.getKey())) {
                notUpdated.add(Map.of("attributeName", e.getKey(), "reason", "attribute exists and noOverwrite was requested"));
            } else {
                doc.set(e.getKey(), instancesPut(doc.get(e.getKey()), e.getKey(), e.getValue()));
                updated.add(e.getKey());
            }
        }
        if (!updated.isEmpty()) {
            Instant now = Instant.now();
            store.replaceAttributes(tenant, doc, updated, updated, now);
            written(tenant, doc, EntityChange.updated(updated, previous), now);
        }
        return new UpdateResult(updated, notUpdated);
    }

    /**
     * An attribute's stored value after instances were written to it: each replaces the instance of its datasetId (or
     * the default one) and the others stay (GS CIM 009 5.6.3: a multi-attribute is changed instance by instance).
     */
    private JsonNode instancesPut(JsonNode existing, String name, JsonNode incoming) {
        if (existing == null || name.equals(EntityDocuments.SCOPE)) {
            return incoming;
        }
        return MultiAttribute.of(json, MultiAttribute.upsert(MultiAttribute.instances(existing), MultiAttribute.instances(incoming)));
    }

    /** Update: replaces only attributes that exist. */
    @Transactional
    UpdateResult update(String tenant, String id, ObjectNode attrs) {
        requireUri(id);
        requireTenant(tenant);
        ObjectNode doc = store.find(tenant, id, true).orElseThrow(() -> notFound(id)).doc();
        Map<String, JsonNode> previous = EntityChange.attributesOf(doc);
        List<String> updated = new ArrayList<>();
        List<Map<String, String>> notUpdated = new ArrayList<>();
        for (var e : attrs.properties()) {
            if (doc.has(e.getKey())) {
                doc.set(e.getKey(), instancesPut(doc.get(e.getKey()), e.getKey(), e.getValue()));
                updated.add(e.getKey());
            } else {
                notUpdated.add(Map.of("attributeName", e.getKey(), "reason", "attribute does not exist"));
            }
        }
        if (!updated.isEmpty()) {
            Instant now = Instant.now();
            store.replaceAttributes(tenant, doc, updated, updated, now);
            written(tenant, doc, EntityChange.updated(updated, previous), now);
        }
        return new UpdateResult(updated, notUpdated);
    }

    /** Partial attribute update: merges the given members (value, observedAt, unitCode, sub-attributes) into one attribute. */
    @Transactional
    void partialUpdate(String tenant, String id, String attr, JsonNode fragment, LdContext ctx) {
        requireUri(id);
        requireTenant(tenant);
        if (fragment == null || !fragment.isObject() || fragment.isEmpty()) {
            throw EntityDocuments.bad("the body must be an object with the members to change (e.g. value)");
        }
        ObjectNode doc = store.find(tenant, id, true).orElseThrow(() -> notFound(id)).doc();
        Map<String, JsonNode> previous = EntityChange.attributesOf(doc);
        List<ObjectNode> instances = MultiAttribute.instances(doc.get(attr));
        String datasetId = fragment.hasNonNull("datasetId") ? fragment.get("datasetId").asString() : null;
        int at = MultiAttribute.indexOf(instances, datasetId);
        if (at < 0) {
            throw new NgsiLdError(NgsiLdError.Type.ResourceNotFound, "entity " + id + " has no attribute " + ctx.compact(attr)
                    + (datasetId == null ? "" : " with datasetId " + datasetId));
        }
        instances.set(at, mergedAttribute(attr, instances.get(at), fragment, ctx));
        doc.set(attr, MultiAttribute.of(json, instances));
        Instant now = Instant.now();
        store.replaceAttributes(tenant, doc, List.of(attr), List.of(attr), now);
        written(tenant, doc, EntityChange.updated(List.of(attr), previous), now);
    }

    /** The value that deletes an attribute in a merge (GS CIM 009 4.5.0: NGSI-LD Null). */
    static final String NULL = "urn:ngsi-ld:null";

    /**
     * Merge (GS CIM 009 5.6.17): the fragment's attributes are merged into the entity's — an attribute's members
     * replaced one by one, its other sub-attributes kept, a new attribute added, an attribute given the value
     * {@code urn:ngsi-ld:null} deleted — and its types added to the entity's.
     */
    @Transactional
    void merge(String tenant, String id, JsonNode fragment, LdContext ctx) {
        requireUri(id);
        requireTenant(tenant);
        if (fragment == null || !fragment.isObject() || fragment.isEmpty()) {
            throw EntityDocuments.bad("a merge takes an object with the attributes to merge");
        }
        if (fragment.has("id") && !id.equals(fragment.get("id").asString())) {
            throw EntityDocuments.bad("id: the body names " + fragment.get("id").asString() + ", the path " + id);
        }
        ObjectNode doc = store.find(tenant, id, true).orElseThrow(() -> notFound(id)).doc();
        Map<String, JsonNode> previous = EntityChange.attributesOf(doc);
        List<String> changed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        ObjectNode check = json.createObjectNode();
        for (var e : fragment.properties()) {
            String key = e.getKey();
            if (key.equals("id") || key.equals("type") || key.equals("@context")) {
                continue;
            }
            if (key.equals(EntityDocuments.SCOPE)) {
                if (isNull(e.getValue())) {
                    doc.remove(EntityDocuments.SCOPE);
                } else {
                    doc.set(EntityDocuments.SCOPE, documents.scopes(e.getValue()));
                }
                continue;
            }
            String name = documents.expandName(key, ctx);
            JsonNode given = e.getValue();
            if (isNull(given)) {
                if (doc.remove(name) != null) {
                    changed.add(name);
                }
                continue;
            }
            List<ObjectNode> instances = MultiAttribute.instances(doc.get(name));
            if (!instances.isEmpty() && given.isObject()) {
                // the instance of the same datasetId (or the default one) is merged member by member; another is added
                int at = MultiAttribute.indexOf(instances, given.hasNonNull("datasetId") ? given.get("datasetId").asString() : null);
                ObjectNode merged = at >= 0 ? instances.get(at).deepCopy() : json.createObjectNode();
                for (var m : given.properties()) {
                    String member = EntityDocuments.ATTRIBUTE_MEMBERS.contains(m.getKey()) ? m.getKey() : documents.expandName(m.getKey(), ctx);
                    if (isNull(m.getValue())) {
                        merged.remove(member);
                    } else {
                        merged.set(member, m.getValue());
                    }
                }
                if (at >= 0) {
                    instances.set(at, merged);
                } else {
                    instances.add(merged);
                }
                check.set(name, MultiAttribute.of(json, instances));
            } else {
                check.set(name, given);
            }
            kept.add(name);
        }
        // Names are IRIs by now, which expansion leaves as they are: this validates every merged attribute.
        ObjectNode validated = documents.expandAttributes(check, ctx);
        for (String name : kept) {
            doc.set(name, validated.get(name));
            changed.add(name);
        }
        if (fragment.has("type")) {
            doc.set("type", documents.typesWith(doc.get("type"), documents.expandTypes(fragment.get("type"), ctx)));
        }
        Instant now = Instant.now();
        store.replaceAttributes(tenant, doc, changed, kept, now);
        written(tenant, doc, EntityChange.updated(changed, previous), now);
    }

    private static boolean isNull(JsonNode v) {
        return v.isString() && NULL.equals(v.asString()) || v.isObject() && v.has("value") && v.get("value").isString()
                && NULL.equals(v.get("value").asString()) && v.size() <= 2;
    }

    /** Replace (GS CIM 009 5.6.18): the entity becomes the one given, under the same id; its history stays. */
    @Transactional
    void replace(String tenant, String id, ObjectNode expanded) {
        requireUri(id);
        requireTenant(tenant);
        ObjectNode old = store.find(tenant, id, true).orElseThrow(() -> notFound(id)).doc();
        Set<String> changed = new LinkedHashSet<>(attributeNames(old));
        changed.addAll(attributeNames(expanded));
        Instant now = Instant.now();
        store.replace(tenant, expanded, attributeNames(expanded), now);
        written(tenant, expanded, EntityChange.updated(changed, EntityChange.attributesOf(old)), now);
    }

    /** Replace one attribute (GS CIM 009 5.6.19): it must exist; it becomes the one given. */
    @Transactional
    void replaceAttribute(String tenant, String id, String attr, ObjectNode expandedAttr, LdContext ctx) {
        requireUri(id);
        requireTenant(tenant);
        ObjectNode doc = store.find(tenant, id, true).orElseThrow(() -> notFound(id)).doc();
        if (!doc.has(attr)) {
            throw new NgsiLdError(NgsiLdError.Type.ResourceNotFound, "entity " + id + " has no attribute " + ctx.compact(attr));
        }
        Map<String, JsonNode> previous = EntityChange.attributesOf(doc);
        doc.set(attr, expandedAttr);
        Instant now = Instant.now();
        store.replaceAttributes(tenant, doc, List.of(attr), List.of(attr), now);
        written(tenant, doc, EntityChange.updated(List.of(attr), previous), now);
    }

    /** Purge (GS CIM 009 5.6.21): deletes every entity the selection matches, page by page; returns how many. */
    @Transactional
    long purge(String tenant, TwinStore.Query selection) {
        requireTenant(tenant);
        long deleted = 0;
        while (true) {
            TwinStore.Page page = store.query(tenant, selection.firstPage(500));
            long before = deleted;
            for (TwinStore.Stored s : page.entities()) {
                if (store.delete(tenant, s.doc().get("id").asString())) {
                    deleted(tenant, subscriptions.wantDeletions(tenant) ? s.doc() : null);
                    deleted++;
                }
            }
            if (!page.more() || deleted == before) {
                return deleted;
            }
        }
    }

    /**
     * Deletes an attribute (GS CIM 009 5.6.5): all its instances with {@code deleteAll}, else the instance of
     * {@code datasetId} (null: the default instance, which for an attribute of one instance is the attribute).
     */
    @Transactional
    void deleteAttribute(String tenant, String id, String attr, LdContext ctx, String datasetId, boolean deleteAll) {
        requireUri(id);
        requireTenant(tenant);
        ObjectNode doc = store.find(tenant, id, true).orElseThrow(() -> notFound(id)).doc();
        List<ObjectNode> instances = MultiAttribute.instances(doc.get(attr));
        int at = MultiAttribute.indexOf(instances, datasetId);
        if (instances.isEmpty() || !deleteAll && at < 0 && !(datasetId == null && instances.size() == 1)) {
            throw new NgsiLdError(NgsiLdError.Type.ResourceNotFound, "entity " + id + " has no attribute " + ctx.compact(attr)
                    + (datasetId == null ? "" : " with datasetId " + datasetId));
        }
        Map<String, JsonNode> previous = EntityChange.attributesOf(doc);
        if (deleteAll || instances.size() == 1) {
            doc.remove(attr);
        } else {
            instances.remove(at);
            doc.set(attr, MultiAttribute.of(json, instances));
        }
        Instant now = Instant.now();
        store.replaceAttributes(tenant, doc, List.of(attr), List.of(), now);
        written(tenant, doc, EntityChange.updated(List.of(attr), previous), now);
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
                ObjectNode earlier = valid.get(expanded.get("id").asString());
                if (earlier != null && !operation.equals("upsert")) {
                    throw EntityDocuments.bad("the entity appears twice in the batch");
                }
                if (earlier != null && !replace) {
                    // An upsert naming an entity twice applies both, in order: the later attributes win.
                    attributeNames(expanded).forEach(n -> earlier.set(n, expanded.get(n)));
                    earlier.set("type", documents.typesWith(earlier.get("type"), expanded.get("type")));
                } else {
                    valid.put(expanded.get("id").asString(), expanded); // a replacing upsert: the later one replaces
                }
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
                        written(tenant, doc, EntityChange.updated(attributeNames(doc), null), now); // what it held was not read
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
                written(tenant, doc, EntityChange.created(attributeNames(doc)), now);
            }
        }
        return new BatchResult(success, errors, toInsert.stream().map(d -> d.get("id").asString()).toList());
    }

    /** Batch merge (GS CIM 009 5.6.20): each entity merged as {@link #merge} does, each succeeding or failing on its own. */
    BatchResult batchMerge(String tenant, List<JsonNode> entities, LdContext linkCtx) {
        List<String> success = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        for (JsonNode entity : entities) {
            String id = entity != null && entity.has("id") ? entity.get("id").asString() : null;
            try {
                if (entity == null || !entity.isObject()) {
                    throw EntityDocuments.bad("an entity must be a JSON object");
                }
                LdContext ctx = entity.has("@context") ? contexts.fromBody(entity.get("@context")) : linkCtx;
                if (ctx == null) {
                    throw EntityDocuments.bad("with application/ld+json every entity needs an @context");
                }
                self.merge(tenant, id, entity, ctx);
                success.add(id);
            } catch (NgsiLdError e) {
                errors.add(error(id, e));
            }
        }
        return new BatchResult(success, errors, List.of());
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
            } else {
                ObjectNode last = subscriptions.wantDeletions(tenant) ? store.find(tenant, id, false).map(TwinStore.Stored::doc).orElse(null) : null;
                if (!store.delete(tenant, id)) {
                    errors.add(error(id, notFound(id)));
                    continue;
                }
                deleted(tenant, last);
                success.add(id);
            }
        }
        return new BatchResult(success, errors, List.of());
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
    Map<String, java.util.Set<String>> attributeKinds(String tenant, String type) {
        requireTenant(tenant);
        return store.attributeKinds(tenant, type);
    }

    @Transactional(readOnly = true)
    Map<String, Map<String, Object>> attributes(String tenant) {
        requireTenant(tenant);
        return store.attributes(tenant);
    }

    @Transactional
    void appendHistory(String tenant, String id, List<TwinStore.Instance> instances) {
        requireUri(id);
        requireTenant(tenant);
        store.find(tenant, id, false).orElseThrow(() -> notFound(id));
        store.appendHistory(tenant, id, instances);
    }

    /**
     * A temporal entity created or added to: when the entity is new, its current state is each attribute's latest
     * instance (written, and offered to subscriptions, as a create) and the earlier ones its history; when it exists,
     * every instance is added to its history. Whether it was created.
     */
    @Transactional
    boolean createTemporal(String tenant, String id, JsonNode type, List<TwinStore.Instance> instances, LdContext ctx) {
        store.ensureTenant(tenant);
        if (store.find(tenant, id, true).isPresent()) {
            store.appendHistory(tenant, id, instances);
            return false;
        }
        Map<String, TwinStore.Instance> latest = new LinkedHashMap<>();
        for (TwinStore.Instance i : instances) {
            TwinStore.Instance held = latest.get(i.name());
            if (held == null || !i.observedAt().isBefore(held.observedAt())) {
                latest.put(i.name(), i);
            }
        }
        ObjectNode doc = json.createObjectNode();
        doc.put("id", id);
        doc.set("type", documents.expandTypes(type, ctx));
        latest.values().forEach(i -> doc.set(i.name(), i.instance()));
        Instant now = Instant.now();
        store.insert(tenant, List.of(doc), now);
        written(tenant, doc, EntityChange.created(attributeNames(doc)), now);
        List<TwinStore.Instance> earlier = instances.stream().filter(i -> latest.get(i.name()) != i).toList();
        if (!earlier.isEmpty()) {
            store.appendHistory(tenant, id, earlier);
        }
        return true;
    }

    /** Deletes one attribute's history; the entity, and the attribute's current value, stay. */
    @Transactional
    void deleteHistory(String tenant, String id, String attr, LdContext ctx) {
        requireUri(id);
        requireTenant(tenant);
        store.find(tenant, id, false).orElseThrow(() -> notFound(id));
        if (!store.deleteHistory(tenant, id, attr)) {
            throw new NgsiLdError(NgsiLdError.Type.ResourceNotFound, "entity " + id + " has no history of " + ctx.compact(attr));
        }
    }

    /**
     * Modifies one instance of an attribute's history (GS CIM 009 5.6.14): the members of the fragment replace those
     * the instance had, and the result is validated as an attribute (its type stays; a new observedAt moves it in
     * time). The current state is not changed.
     */
    @Transactional
    void modifyInstance(String tenant, String id, String attr, String instanceId, JsonNode fragment, LdContext ctx) {
        if (!fragment.isObject() || fragment.isEmpty()) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "the body is the members of the instance to change, e.g. {\"value\": 21}");
        }
        changeInstance(tenant, id, attr, instanceId, ctx, stored -> {
            if (fragment.has("type") && !fragment.get("type").equals(stored.get("type"))) {
                throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "type: an instance of " + ctx.compact(attr) + " stays a "
                        + stored.path("type").asString());
            }
            ObjectNode merged = mergedAttribute(attr, stored, fragment, ctx);
            merged.remove("instanceId");
            return merged;
        });
    }

    /**
     * An attribute (or one instance of it) with the members of a fragment put over its own — sub-attribute names
     * expanded — and validated as an attribute: what a partial update and a modified history instance store.
     */
    private ObjectNode mergedAttribute(String attr, ObjectNode stored, JsonNode fragment, LdContext ctx) {
        ObjectNode merged = stored.deepCopy();
        for (var e : fragment.properties()) {
            if (!e.getKey().equals("@context")) {
                merged.set(EntityDocuments.ATTRIBUTE_MEMBERS.contains(e.getKey()) ? e.getKey() : documents.expandName(e.getKey(), ctx), e.getValue());
            }
        }
        ObjectNode check = json.createObjectNode();
        check.set(attr, merged);
        // Names are already IRIs, which expansion leaves as they are: this validates the merged attribute.
        return (ObjectNode) documents.expandAttributes(check, ctx).get(attr);
    }

    /** Deletes one instance of an attribute's history (GS CIM 009 5.6.15). */
    @Transactional
    void deleteInstance(String tenant, String id, String attr, String instanceId, LdContext ctx) {
        changeInstance(tenant, id, attr, instanceId, ctx, stored -> null);
    }

    private void changeInstance(String tenant, String id, String attr, String instanceId, LdContext ctx,
                                java.util.function.UnaryOperator<ObjectNode> change) {
        requireUri(id);
        EntityDocuments.requireUri("instanceId", instanceId);
        requireTenant(tenant);
        store.find(tenant, id, false).orElseThrow(() -> notFound(id));
        long row = TwinStore.Instance.rowOf(instanceId);
        if (row < 0 || !store.changeInstance(tenant, id, attr, row, change)) {
            throw new NgsiLdError(NgsiLdError.Type.ResourceNotFound, "entity " + id + " has no instance " + instanceId + " of " + ctx.compact(attr));
        }
    }

    @Transactional(readOnly = true)
    List<TwinStore.Instance> history(String tenant, String id, List<String> attrs, Instant from, Instant to) {
        requireUri(id);
        requireTenant(tenant);
        store.find(tenant, id, false).orElseThrow(() -> notFound(id));
        return store.history(tenant, id, attrs, from, to);
    }

    /**
     * The history of an entity a query has just found (so its id and tenant need no checking again): one read, where
     * {@link #history} makes three.
     */
    @Transactional(readOnly = true)
    List<TwinStore.Instance> historyOfFound(String tenant, String id, List<String> attrs, Instant from, Instant to) {
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
        EntityDocuments.requireUri("subscription id", id);
        requireTenant(tenant);
        subscriptions.update(tenant, id, changes);
    }

    @Transactional
    void unsubscribe(String tenant, String id) {
        EntityDocuments.requireUri("subscription id", id);
        requireTenant(tenant);
        subscriptions.delete(tenant, id);
    }

    @Transactional(readOnly = true)
    ObjectNode subscription(String tenant, String id, LdContext reader) {
        EntityDocuments.requireUri("subscription id", id);
        requireTenant(tenant);
        return subscriptions.present(subscriptions.find(tenant, id), reader);
    }

    @Transactional(readOnly = true)
    List<ObjectNode> subscriptionList(String tenant, int offset, int limit, LdContext reader) {
        requireTenant(tenant);
        return subscriptions.list(tenant, offset, limit).stream().map(s -> subscriptions.present(s, reader)).toList();
    }

    // ---- for other modules ----

    @Override
    @Transactional
    public void upsert(String tenant, List<Map<String, Object>> entities) {
        upsertForModules(tenant, entities, true);
    }

    @Override
    @Transactional
    public void merge(String tenant, List<Map<String, Object>> entities) {
        upsertForModules(tenant, entities, false);
    }

    /** Another module's batch upsert, in CityBrain's terms: replacing the entities or merging into them; any refusal fails it all. */
    private void upsertForModules(String tenant, List<Map<String, Object>> entities, boolean replace) {
        List<JsonNode> nodes = entities.stream().map(e -> (JsonNode) json.valueToTree(e)).toList();
        BatchResult result = batch(tenant, "upsert", nodes, contexts.citybrain(), replace, false);
        if (!result.errors().isEmpty()) {
            throw new IllegalArgumentException("twin refused entities: " + result.errors());
        }
    }

    @Override
    public List<NearbyPlace> near(String tenant, String type, double lon, double lat, double metres, int limit) {
        if (!store.tenantExists(tenant)) {
            return List.of();
        }
        LdContext ctx = contexts.citybrain();
        GeoQuery geo = GeoQuery.parse("near;maxDistance==" + Math.round(metres), "Point", "[" + lon + "," + lat + "]", null);
        List<NearbyPlace> found = new ArrayList<>();
        for (TwinStore.Stored s : store.query(tenant, new TwinStore.Query(List.of(ctx.expand(type)), null, null, null, null, ctx::expand, geo, 0, limit))
                .entities()) {
            ObjectNode e = documents.present(s.doc(), ctx, true, null, false, null, null);
            JsonNode at = e.path("location").path("coordinates");
            double d = at.size() == 2 ? metresBetween(lon, lat, at.get(0).asDouble(), at.get(1).asDouble()) : metres;
            found.add(new NearbyPlace(e.get("id").asString(), e.path("name").asString(null), e.path("address").isString() ? e.get("address").asString() : null, d));
        }
        found.sort(java.util.Comparator.comparingDouble(NearbyPlace::metres));
        return found;
    }

    @Override
    public List<Observation> observations(String tenant, String type, String attribute, Instant since) {
        if (!store.tenantExists(tenant)) {
            return List.of();
        }
        LdContext ctx = contexts.citybrain();
        String attr = ctx.expand(attribute);
        List<Observation> found = new ArrayList<>();
        TwinStore.Query query = new TwinStore.Query(List.of(ctx.expand(type)), null, null, null, null, ctx::expand, null, 0, 10_000).holding(List.of(attr));
        for (TwinStore.Stored s : store.query(tenant, query).entities()) {
            ObjectNode e = documents.present(s.doc(), ctx, true, null, false, null, null);
            JsonNode at = e.path("location").path("coordinates");
            if (at.size() != 2 || !at.get(0).isNumber()) {
                continue;
            }
            String id = e.get("id").asString();
            String name = e.path("name").isString() ? e.get("name").asString() : id;
            for (TwinStore.Instance i : store.history(tenant, id, List.of(attr), since, null)) {
                JsonNode v = i.instance().path("value");
                if (v.isNumber()) {
                    found.add(new Observation(id, name, at.get(0).asDouble(), at.get(1).asDouble(), i.observedAt(), v.asDouble()));
                }
            }
        }
        return found;
    }

    /** Great-circle distance (haversine, mean Earth radius): enough to order places a few hundred metres apart. */
    private static double metresBetween(double lon1, double lat1, double lon2, double lat2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * 6_371_008.8 * Math.asin(Math.sqrt(a));
    }

    @Override
    public long count(String tenant) {
        return store.tenantExists(tenant) ? store.count(tenant) : 0;
    }

    // ---- helpers ----

    private void mergeInto(String tenant, ObjectNode incoming, boolean noOverwrite, Instant now) {
        String id = incoming.get("id").asString();
        ObjectNode doc = store.find(tenant, id, true).orElseThrow(() -> notFound(id)).doc();
        Map<String, JsonNode> previous = EntityChange.attributesOf(doc);
        List<String> changed = new ArrayList<>();
        for (String name : attributeNames(incoming)) {
            if (noOverwrite && doc.has(name)) {
                continue;
            }
            doc.set(name, incoming.get(name));
            changed.add(name);
        }
        if (incoming.has(EntityDocuments.SCOPE) && !(noOverwrite && doc.has(EntityDocuments.SCOPE))) {
            doc.set(EntityDocuments.SCOPE, incoming.get(EntityDocuments.SCOPE));
        }
        doc.set("type", documents.typesWith(doc.get("type"), incoming.get("type")));
        store.replaceAttributes(tenant, doc, changed, changed, now);
        written(tenant, doc, EntityChange.updated(changed, previous), now);
    }

    private static List<String> attributeNames(ObjectNode doc) {
        List<String> names = new ArrayList<>();
        for (String n : doc.propertyNames()) {
            if (EntityDocuments.isAttribute(n)) {
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
        EntityDocuments.requireUri("id", id);
    }

    private static NgsiLdError notFound(String id) {
        return new NgsiLdError(NgsiLdError.Type.ResourceNotFound, "no entity " + id);
    }
}
