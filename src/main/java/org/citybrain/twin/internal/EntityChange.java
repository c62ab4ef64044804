package org.citybrain.twin.internal;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one write did to one entity, as subscriptions need to know it: whether the entity was created, updated or
 * deleted, which attributes the write touched, and what they held before (for {@code notificationTrigger} and
 * {@code showChanges}, GS CIM 009 5.2.12). {@code previous} maps each attribute the entity had before to its stored
 * value; null when that is not known (a replacing batch upsert does not read the entity first).
 */
record EntityChange(Kind kind, Collection<String> attributes, Map<String, JsonNode> previous) {

    enum Kind { CREATED, UPDATED, DELETED }

    /** The triggers a subscription has when it names none: a change of an attribute, creation included. */
    static final Set<String> DEFAULT_TRIGGERS = Set.of("attributeCreated", "attributeUpdated");
    static final Set<String> TRIGGERS = Set.of("entityCreated", "entityUpdated", "entityDeleted", "attributeCreated", "attributeUpdated",
            "attributeDeleted");

    static EntityChange created(Collection<String> attributes) {
        return new EntityChange(Kind.CREATED, attributes, Map.of());
    }

    static EntityChange updated(Collection<String> attributes, Map<String, JsonNode> previous) {
        return new EntityChange(Kind.UPDATED, attributes, previous);
    }

    static EntityChange deleted(Collection<String> attributes, Map<String, JsonNode> previous) {
        return new EntityChange(Kind.DELETED, attributes, previous);
    }

    /**
     * The attributes of a document, by reference: taken before a write replaces some of them, it is what they held.
     * (Writes set new attribute nodes and never change a stored one in place.)
     */
    static Map<String, JsonNode> attributesOf(ObjectNode doc) {
        Map<String, JsonNode> held = new LinkedHashMap<>();
        doc.properties().forEach(e -> {
            if (EntityDocuments.isAttribute(e.getKey())) {
                held.put(e.getKey(), e.getValue());
            }
        });
        return held;
    }

    /**
     * Whether this change fires one of the triggers, for the attributes watched (null: any). An attribute change
     * counts when the attribute is watched; an entity's creation or deletion counts whatever is watched.
     */
    boolean fires(Set<String> triggers, Set<String> watched, ObjectNode doc) {
        if (kind == Kind.DELETED) {
            return triggers.contains("entityDeleted");
        }
        if (kind == Kind.CREATED) {
            return triggers.contains("entityCreated") || triggers.contains("attributeCreated") && watchedAmong(watched, attributes);
        }
        boolean any = false;
        for (String name : attributes) {
            if (watched != null && !watched.contains(name)) {
                continue;
            }
            any = true;
            boolean now = doc.has(name);
            if (previous == null) {
                // not known whether it existed: a present attribute was created or updated, an absent one deleted
                if (now ? triggers.contains("attributeUpdated") || triggers.contains("attributeCreated") : triggers.contains("attributeDeleted")) {
                    return true;
                }
                continue;
            }
            boolean before = previous.get(name) != null;
            if (before && now && triggers.contains("attributeUpdated") || !before && now && triggers.contains("attributeCreated")
                    || before && !now && triggers.contains("attributeDeleted")) {
                return true;
            }
        }
        return any && triggers.contains("entityUpdated");
    }

    private static boolean watchedAmong(Set<String> watched, Collection<String> names) {
        return watched == null || names.stream().anyMatch(watched::contains);
    }

    /** The member that carries an attribute's previous value, by its type (showChanges). */
    static String previousMember(String type) {
        return switch (type) {
            case "Relationship" -> "previousObject";
            case "LanguageProperty" -> "previousLanguageMap";
            case "VocabProperty" -> "previousVocab";
            case "JsonProperty" -> "previousJson";
            case "ListProperty" -> "previousValueList";
            case "ListRelationship" -> "previousObjectList";
            default -> "previousValue";
        };
    }

}
