package org.citybrain.twin.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.citybrain.twin.NgsiLdError;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Linked entity retrieval ({@code join}, {@code joinLevel}; GS CIM 009 V1.8.1 clause 4.5.23): the entities that
 * the Relationships of a result point at, read with it — a waterlogging spot with the gauge that observes it, a
 * pump with its station. {@code join=inline} puts each linked entity inside its Relationship (member {@code entity},
 * {@code entityList} for a ListRelationship; in the simplified format the relationship's value becomes the linked
 * entity, whose own {@code id} keeps what it pointed at); {@code join=flat} adds the linked entities to the result
 * after it. {@code joinLevel} (1 to {@link #MAX_LEVEL}, default 1) follows the links of linked entities too; an
 * entity is read once however many point at it, so cycles end.
 *
 * <p>Linked entities come from this broker's store, in the reader's view; residents (Person entities) are never
 * joined: they are read through the population register, one by one, with a purpose and an audit record.
 */
@Component
class LinkedEntities {

    static final int MAX_LEVEL = 5;

    enum Mode { INLINE, FLAT }

    /** How a reader asked for linked entities; null from {@link #parse} when she did not. */
    record Join(Mode mode, int level) {
    }

    private final NgsiLdBroker broker;
    private final NgsiLdSelection selection;

    LinkedEntities(NgsiLdBroker broker, NgsiLdSelection selection) {
        this.broker = broker;
        this.selection = selection;
    }

    static Join parse(String join, String joinLevel) {
        if (join == null || join.equals("@none")) {
            if (joinLevel != null) {
                throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "joinLevel: given with join=inline or join=flat only");
            }
            return null;
        }
        Mode mode = switch (join) {
            case "inline" -> Mode.INLINE;
            case "flat" -> Mode.FLAT;
            default -> throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "join: inline, flat or @none, not " + join);
        };
        int level = joinLevel == null ? 1 : NgsiLdHttp.number("joinLevel", joinLevel, 1);
        if (level < 1 || level > MAX_LEVEL) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "joinLevel: 1 to " + MAX_LEVEL);
        }
        return new Join(mode, level);
    }

    /**
     * Joins the linked entities into the presented result ({@code shown[i]} presents {@code found[i]}); returns
     * what to answer with: the same entities (inline), or them followed by the linked ones (flat).
     */
    List<ObjectNode> join(String tenant, Join join, List<TwinStore.Stored> found, List<ObjectNode> shown, LdContext ctx,
                          NgsiLdSelection.View view) {
        // linked entities in the reader's format and language; pick and omit name the result's members, not theirs
        NgsiLdSelection.View theirs = new NgsiLdSelection.View(view.format(), view.sysAttrs(), null, null, view.lang());
        Set<String> inResult = new LinkedHashSet<>();
        found.forEach(s -> inResult.add(s.id()));
        List<ObjectNode> flat = new ArrayList<>(shown);
        Map<String, ObjectNode> linked = new HashMap<>(); // each linked entity read and presented once
        List<TwinStore.Stored> level = found;
        List<ObjectNode> levelShown = shown;
        List<List<TwinStore.Stored>> levels = new ArrayList<>(); // the entities whose links are followed, by depth
        List<List<ObjectNode>> levelsShown = new ArrayList<>();
        for (int depth = 1; depth <= join.level() && !level.isEmpty(); depth++) {
            Set<String> targets = new LinkedHashSet<>();
            level.forEach(s -> links(s.doc()).values().forEach(targets::addAll));
            List<String> toRead = targets.stream().filter(id -> !PersonEntities.isPerson(id) && !linked.containsKey(id)
                    && !(join.mode() == Mode.FLAT && inResult.contains(id))).toList();
            List<TwinStore.Stored> read = read(tenant, toRead);
            List<ObjectNode> readShown = new ArrayList<>();
            for (TwinStore.Stored s : read) {
                ObjectNode e = selection.present(s, ctx, theirs, null);
                linked.put(s.id(), e);
                readShown.add(e);
                if (join.mode() == Mode.FLAT && inResult.add(s.id())) {
                    flat.add(e);
                }
            }
            levels.add(level);
            levelsShown.add(levelShown);
            level = read;
            levelShown = readShown;
        }
        if (join.mode() == Mode.INLINE) {
            // from the deepest level up, so that an entity is copied into its parent with its own links already inlined
            for (int d = levels.size() - 1; d >= 0; d--) {
                for (int i = 0; i < levels.get(d).size(); i++) {
                    inline(levels.get(d).get(i).doc(), levelsShown.get(d).get(i), linked, ctx, view);
                }
            }
        }
        return join.mode() == Mode.INLINE ? shown : flat;
    }

    /** The entities a stored document's Relationships (and ListRelationships) point at, by attribute name. */
    private static Map<String, List<String>> links(ObjectNode doc) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (var e : doc.properties()) {
            if (!EntityDocuments.isAttribute(e.getKey())) {
                continue;
            }
            for (ObjectNode instance : MultiAttribute.instances(e.getValue())) {
                String kind = instance.path("type").asString();
                if (kind.equals("Relationship") && instance.path("object").isString()) {
                    out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(instance.get("object").asString());
                } else if (kind.equals("ListRelationship") && instance.get("objectList") instanceof ArrayNode list) {
                    list.forEach(o -> {
                        if (o.isString()) {
                            out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(o.asString());
                        }
                    });
                }
            }
        }
        return out;
    }

    private List<TwinStore.Stored> read(String tenant, List<String> ids) {
        List<TwinStore.Stored> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += 100) {
            List<String> chunk = ids.subList(i, Math.min(ids.size(), i + 100));
            out.addAll(broker.query(tenant, new TwinStore.Query(null, List.copyOf(chunk), null, null, null, s -> s, null, 0, chunk.size(), false))
                    .entities());
        }
        return out;
    }

    /**
     * Puts the linked entities inside the presented entity's Relationships, each as a copy: a cycle of links (a spot
     * observed by a gauge that observes the spot) then nests to the join level and never puts an entity in itself.
     */
    private static void inline(ObjectNode stored, ObjectNode presented, Map<String, ObjectNode> linked, LdContext ctx, NgsiLdSelection.View view) {
        for (var e : links(stored).entrySet()) {
            String key = ctx.compact(e.getKey());
            JsonNode shown = presented.get(key);
            if (shown == null) {
                continue; // not asked for (attrs, pick, omit)
            }
            if (view.format() == EntityDocuments.Format.SIMPLIFIED) {
                if (shown.isString() && linked.containsKey(shown.asString())) {
                    presented.set(key, linked.get(shown.asString()).deepCopy());
                } else if (shown instanceof ArrayNode list) {
                    for (int i = 0; i < list.size(); i++) {
                        if (list.get(i).isString() && linked.containsKey(list.get(i).asString())) {
                            list.set(i, linked.get(list.get(i).asString()).deepCopy());
                        }
                    }
                }
                continue;
            }
            List<JsonNode> instances = new ArrayList<>();
            if (shown instanceof ArrayNode multi) {
                multi.forEach(instances::add);
            } else {
                instances.add(shown);
            }
            for (JsonNode instance : instances) {
                if (!(instance instanceof ObjectNode attr)) {
                    continue;
                }
                if (attr.path("object").isString() && linked.containsKey(attr.get("object").asString())) {
                    attr.set("entity", linked.get(attr.get("object").asString()).deepCopy());
                } else if (attr.get("objectList") instanceof ArrayNode objects) {
                    ArrayNode entities = attr.putArray("entityList");
                    objects.forEach(o -> {
                        if (o.isString() && linked.containsKey(o.asString())) {
                            entities.add(linked.get(o.asString()).deepCopy());
                        }
                    });
                }
            }
        }
    }
}
