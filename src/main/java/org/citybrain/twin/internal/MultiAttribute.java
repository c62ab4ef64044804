package org.citybrain.twin.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A multi-attribute (GS CIM 009 4.5.5): one attribute name with several instances, told apart by {@code datasetId}
 * (at most one without: the default instance) — a gauge's level as measured by its radar and by its float, a road's
 * speed from cameras and from probe vehicles. Stored as the attribute object while it has one instance, as an array
 * of instances once it has several, so that documents without multi-attributes are as they always were.
 */
final class MultiAttribute {

    private MultiAttribute() {
    }

    /** The instances of a stored attribute (none when it is absent). */
    static List<ObjectNode> instances(JsonNode stored) {
        List<ObjectNode> out = new ArrayList<>();
        if (stored instanceof ObjectNode o) {
            out.add(o);
        } else if (stored instanceof ArrayNode a) {
            a.forEach(i -> {
                if (i instanceof ObjectNode instance) {
                    out.add(instance);
                }
            });
        }
        return out;
    }

    /** The attribute as stored: null without instances, the instance when one, else the array. */
    static JsonNode of(JsonMapper json, List<ObjectNode> instances) {
        if (instances.isEmpty()) {
            return null;
        }
        if (instances.size() == 1) {
            return instances.getFirst();
        }
        ArrayNode a = json.createArrayNode();
        instances.forEach(a::add);
        return a;
    }

    /**
     * The values of a multi-attribute's instances as one array (an instance whose value is an array gives each
     * element), {@code valueOf} saying what an instance's value is; null when none has one.
     */
    static ArrayNode values(JsonNode stored, java.util.function.Function<JsonNode, JsonNode> valueOf) {
        ArrayNode all = tools.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        for (ObjectNode instance : instances(stored)) {
            JsonNode v = valueOf.apply(instance);
            if (v instanceof ArrayNode a) {
                all.addAll(a);
            } else if (v != null && !v.isNull()) {
                all.add(v);
            }
        }
        return all.isEmpty() ? null : all;
    }

    static String datasetId(JsonNode instance) {
        JsonNode d = instance.get("datasetId");
        return d == null || d.isNull() ? null : d.asString();
    }

    /** The instances with each incoming one put in place of the instance of its datasetId, or added. */
    static List<ObjectNode> upsert(List<ObjectNode> existing, List<ObjectNode> incoming) {
        List<ObjectNode> out = new ArrayList<>(existing);
        for (ObjectNode in : incoming) {
            int at = indexOf(out, datasetId(in));
            if (at >= 0) {
                out.set(at, in);
            } else {
                out.add(in);
            }
        }
        return out;
    }

    /** Where the instance of this datasetId (null: the default instance) is, or -1. */
    static int indexOf(List<ObjectNode> instances, String datasetId) {
        for (int i = 0; i < instances.size(); i++) {
            if (Objects.equals(datasetId(instances.get(i)), datasetId)) {
                return i;
            }
        }
        return -1;
    }
}
