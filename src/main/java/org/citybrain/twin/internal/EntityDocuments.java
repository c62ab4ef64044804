package org.citybrain.twin.internal;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.citybrain.twin.NgsiLdError;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * NGSI-LD entities as JSON: validation of what clients send (normalized form), expansion of names to IRIs for
 * storage, compaction and simplification for each reader. Stored documents hold expanded names and no
 * {@code @context}.
 */
@org.springframework.stereotype.Component
final class EntityDocuments {

    /** Members of an attribute that are not sub-attributes. */
    static final Set<String> ATTRIBUTE_MEMBERS = Set.of("type", "value", "object", "observedAt", "unitCode", "datasetId", "createdAt",
            "modifiedAt", "languageMap", "instanceId", "vocab", "json", "valueList", "objectList", "objectType", "lang");
    /*
     * Characters no attribute name may hold: NGSI-LD's forbidden characters (4.6.4) and those an IRI cannot carry
     * (RFC 3987), since a term is expanded into one. A short term (no colon) may not hold a query or fragment either.
     */
    private static final Pattern FORBIDDEN = Pattern.compile("[<>\"'=;()\\s{}|\\\\^`\\[\\]]");
    private static final Pattern FORBIDDEN_IN_TERM = Pattern.compile("[?#&/]");

    private final JsonMapper json;

    EntityDocuments(JsonMapper json) {
        this.json = json;
    }

    /** An entity's scopes (GS CIM 009 4.18): a member of the entity beside id and type, not an attribute. */
    static final String SCOPE = "scope";

    /** Whether a member of a stored document is an attribute (not id, type or scope). */
    static boolean isAttribute(String name) {
        return !name.equals("id") && !name.equals("type") && !name.equals(SCOPE);
    }

    /**
     * An entity's scope as stored: an array of scopes, each a path such as {@code /Zhengzhou/Jinshui} (segments of
     * letters, digits and {@code _-.}, in any script), refusing anything else by name.
     */
    ArrayNode scopes(JsonNode given) {
        ArrayNode out = json.createArrayNode();
        for (JsonNode s : given.isArray() ? given : json.createArrayNode().add(given)) {
            if (!s.isString() || !s.asString().matches("(/[\\p{L}\\p{N}_.-]+)+")) {
                throw bad("scope: a path such as /Zhengzhou/Jinshui, or an array of them");
            }
            out.add(s.asString());
        }
        if (out.isEmpty()) {
            throw bad("scope: a path such as /Zhengzhou/Jinshui, or an array of them");
        }
        return out;
    }

    /** Validates a whole entity and returns it with expanded type and attribute names. */
    ObjectNode expandEntity(JsonNode entity, LdContext ctx) {
        if (entity == null || !entity.isObject()) {
            throw bad("an entity must be a JSON object");
        }
        JsonNode id = entity.get("id");
        if (id == null || !id.isString() || !LdContext.isId(id.asString())) {
            throw bad("id: an entity needs an id that is a URI of at most 512 characters (e.g. urn:ngsi-ld:Hospital:1)");
        }
        ObjectNode out = json.createObjectNode();
        out.put("id", id.asString());
        out.set("type", expandTypes(entity.get("type"), ctx));
        boolean person = PersonEntities.isPerson(id.asString());
        for (JsonNode t : out.get("type").isArray() ? out.get("type") : json.createArrayNode().add(out.get("type"))) {
            person |= PersonEntities.isPersonType(t.asString());
        }
        if (person) {
            // Residents live in the population register, read with jurisdiction, purpose and audit; the twin only shows them.
            throw new NgsiLdError(NgsiLdError.Type.OperationNotSupported,
                    "Person entities are residents: they come from the population register and cannot be written through the twin");
        }
        for (var e : entity.properties()) {
            String name = e.getKey();
            if (name.equals("id") || name.equals("type") || name.equals("@context") || name.equals("createdAt") || name.equals("modifiedAt")) {
                continue;
            }
            if (name.equals(SCOPE)) {
                out.set(SCOPE, scopes(e.getValue()));
                continue;
            }
            out.set(expandName(name, ctx), expandTopLevel(name, e.getValue(), ctx));
        }
        return out;
    }

    /** Validates a fragment of attributes (for append / update) and expands their names. */
    ObjectNode expandAttributes(JsonNode fragment, LdContext ctx) {
        if (fragment == null || !fragment.isObject()) {
            throw bad("the attributes must be a JSON object");
        }
        ObjectNode out = json.createObjectNode();
        for (var e : fragment.properties()) {
            String name = e.getKey();
            if (name.equals("@context") || name.equals("id") || name.equals("type")) {
                continue;
            }
            if (name.equals(SCOPE)) {
                out.set(SCOPE, scopes(e.getValue()));
                continue;
            }
            out.set(expandName(name, ctx), expandTopLevel(name, e.getValue(), ctx));
        }
        return out;
    }

    /**
     * An attribute of an entity: one instance (an object), or several as an array told apart by datasetId (a
     * multi-attribute: each datasetId once, at most one instance without).
     */
    private JsonNode expandTopLevel(String name, JsonNode value, LdContext ctx) {
        if (!(value instanceof ArrayNode array)) {
            return expandAttribute(name, value, ctx);
        }
        if (array.isEmpty()) {
            throw bad(name + ": an attribute is an object, or a non-empty array of instances with distinct datasetIds");
        }
        if (name.equals("location")) {
            throw bad("location: one instance (geo-queries and the map read it); give other positions other names");
        }
        List<ObjectNode> instances = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (JsonNode element : array) {
            ObjectNode instance = expandAttribute(name, element, ctx);
            String datasetId = MultiAttribute.datasetId(instance);
            if (!seen.add(String.valueOf(datasetId))) {
                throw bad(name + ": " + (datasetId == null ? "only one instance may be without a datasetId" : "datasetId " + datasetId + " is given twice"));
            }
            instances.add(instance);
        }
        return MultiAttribute.of(json, instances);
    }

    String expandName(String name, LdContext ctx) {
        if (name.isBlank() || FORBIDDEN.matcher(name).find() || name.indexOf(':') < 0 && FORBIDDEN_IN_TERM.matcher(name).find()) {
            throw bad("attribute name '" + name + "' contains a character NGSI-LD forbids (<>\"'=;(){}[]|\\^` or space; ?#&/ in a short name)");
        }
        return ctx.expand(name);
    }

    /**
     * An entity type expanded: a name as an attribute's name is (the same characters forbidden), and not one of
     * NGSI-LD's own terms — an entity of type "type" or "Property" would make no sense to any reader.
     */
    private String expandType(String type, LdContext ctx) {
        if (type.isBlank() || FORBIDDEN.matcher(type).find() || type.indexOf(':') < 0 && FORBIDDEN_IN_TERM.matcher(type).find()) {
            throw bad("type: '" + type + "' contains a character NGSI-LD forbids in a name");
        }
        String expanded = ctx.expand(type);
        if (!LdContext.isAbsolute(expanded)) {
            throw bad("type: '" + type + "' is a term of NGSI-LD itself, not an entity type");
        }
        return expanded;
    }

    ArrayNode expandTypes(JsonNode type, LdContext ctx) {
        ArrayNode types = json.createArrayNode();
        if (type != null && type.isString() && !type.asString().isBlank()) {
            types.add(expandType(type.asString(), ctx));
        } else if (type != null && type.isArray() && !type.isEmpty()) {
            for (JsonNode t : type) {
                if (!t.isString() || t.asString().isBlank()) {
                    throw bad("type: every type must be a non-empty string");
                }
                types.add(expandType(t.asString(), ctx));
            }
        } else {
            throw bad("type: an entity needs a type (a string or an array of strings)");
        }
        return types;
    }

    /** The entity's types with those of {@code more} added after them, each once (a merge adds types, never drops one). */
    ArrayNode typesWith(JsonNode types, JsonNode more) {
        java.util.Set<String> all = new java.util.LinkedHashSet<>();
        types.forEach(t -> all.add(t.asString()));
        more.forEach(t -> all.add(t.asString()));
        ArrayNode out = json.createArrayNode();
        all.forEach(out::add);
        return out;
    }

    /**
     * Whether the value can be stored and given back as it came: every number finite (JSON has no infinity and no
     * NaN) and no NUL in any text or member name (PostgreSQL's jsonb cannot hold one).
     */
    static boolean finite(JsonNode value) {
        if (value.isNumber()) {
            return !(value.isDouble() || value.isFloat()) || Double.isFinite(value.doubleValue());
        }
        if (value.isString()) {
            return value.asString().indexOf('\u0000') < 0;
        }
        for (var e : value.properties()) {
            if (e.getKey().indexOf('\u0000') >= 0) {
                return false;
            }
        }
        for (JsonNode child : value) {
            if (!finite(child)) {
                return false;
            }
        }
        return true;
    }

    private ObjectNode expandAttribute(String name, JsonNode attr, LdContext ctx) {
        if (attr == null || !attr.isObject()) {
            throw bad(name + ": an attribute must be an object with a type (Property, Relationship or GeoProperty); "
                    + "simplified key-values are not accepted on write");
        }
        JsonNode type = attr.get("type");
        String kind = type == null ? "" : type.asString();
        switch (kind) {
            case "Property" -> {
                if (!attr.has("value") || attr.get("value").isNull()) {
                    throw bad(name + ": a Property needs a value");
                }
                if (!finite(attr.get("value"))) {
                    // 1e309 parses as infinity, which JSON cannot carry back: it would be stored as the text "Infinity".
                    throw bad(name + ": a number too large for a JSON number (at most about 1.8e308), or a NUL character");
                }
            }
            case "Relationship" -> {
                JsonNode object = attr.get("object");
                if (object == null || !(object.isString() && LdContext.isAbsolute(object.asString()) || object.isArray())) {
                    throw bad(name + ": a Relationship needs an object that is a URI");
                }
            }
            case "GeoProperty" -> geometry(name, attr.get("value"));
            case "LanguageProperty" -> {
                JsonNode map = attr.get("languageMap");
                if (map == null || !map.isObject() || map.isEmpty()) {
                    throw bad(name + ": a LanguageProperty needs a languageMap of language tags to strings");
                }
                for (var e : map.properties()) {
                    if (!e.getValue().isString() && !e.getValue().isArray() || !e.getKey().matches("@none|[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")) {
                        throw bad(name + ".languageMap: each member is a language tag (such as zh-Hans or en) with a string");
                    }
                }
            }
            case "VocabProperty" -> {
                JsonNode vocab = attr.get("vocab");
                if (vocab == null || !(vocab.isString() || vocab.isArray() && !vocab.isEmpty())) {
                    throw bad(name + ": a VocabProperty needs a vocab: a term, or an array of terms");
                }
                ObjectNode out = expandMembers(name, attr, ctx);
                if (vocab.isString()) {
                    out.put("vocab", ctx.expand(vocab.asString()));
                } else {
                    ArrayNode expanded = out.putArray("vocab");
                    for (JsonNode v : vocab) {
                        if (!v.isString()) {
                            throw bad(name + ": every vocab entry is a term");
                        }
                        expanded.add(ctx.expand(v.asString()));
                    }
                }
                return out;
            }
            case "JsonProperty" -> {
                if (!attr.has("json") || !finite(attr.get("json"))) {
                    throw bad(name + ": a JsonProperty needs a json member (any JSON, kept as it is)");
                }
            }
            case "ListProperty" -> {
                if (!(attr.get("valueList") instanceof ArrayNode list) || !finite(list)) {
                    throw bad(name + ": a ListProperty needs a valueList array");
                }
            }
            case "ListRelationship" -> {
                JsonNode list = attr.get("objectList");
                if (!(list instanceof ArrayNode)) {
                    throw bad(name + ": a ListRelationship needs an objectList array of URIs");
                }
                for (JsonNode o : list) {
                    String uri = o.isString() ? o.asString() : o.path("object").asString("");
                    if (!LdContext.isAbsolute(uri)) {
                        throw bad(name + ": every objectList entry is a URI");
                    }
                }
            }
            default -> throw bad(name + ": type must be Property, Relationship, GeoProperty, LanguageProperty, VocabProperty, JsonProperty, "
                    + "ListProperty or ListRelationship, not '" + kind + "'");
        }
        return expandMembers(name, attr, ctx);
    }

    /** The attribute's members as stored: observedAt checked, system members dropped, sub-attributes expanded. */
    private ObjectNode expandMembers(String name, JsonNode attr, LdContext ctx) {
        JsonNode datasetId = attr.get("datasetId");
        if (datasetId != null && !(datasetId.isString() && LdContext.isAbsolute(datasetId.asString()))) {
            throw bad(name + ".datasetId: a URI, such as urn:ngsi-ld:Dataset:radar");
        }
        JsonNode observedAt = attr.get("observedAt");
        if (observedAt != null) {
            instant(name + ".observedAt", observedAt.asString());
        }
        ObjectNode out = json.createObjectNode();
        for (var e : attr.properties()) {
            if (ATTRIBUTE_MEMBERS.contains(e.getKey())) {
                if (!e.getKey().equals("createdAt") && !e.getKey().equals("modifiedAt")) {
                    out.set(e.getKey(), e.getValue());
                }
            } else {
                out.set(expandName(e.getKey(), ctx), expandAttribute(name + "." + e.getKey(), e.getValue(), ctx));
            }
        }
        return out;
    }

    /** Parses a GeoJSON geometry, refusing coordinates outside WGS 84. */
    static Geometry geometry(String name, JsonNode value) {
        if (value == null || !value.isObject() || !value.has("type") || !value.has("coordinates")) {
            throw bad(name + ": a GeoProperty's value must be a GeoJSON geometry with type and coordinates");
        }
        try {
            Geometry g = point(value);
            if (g == null) {
                g = new GeoJsonReader().read(value.toString());
            }
            requireWgs84(name, g);
            if (g.isEmpty()) {
                throw bad(name + ": the geometry is empty");
            }
            return g;
        } catch (ParseException | RuntimeException e) {
            if (e instanceof NgsiLdError n) {
                throw n;
            }
            throw bad(name + ": not a valid GeoJSON geometry (" + e.getMessage() + ")");
        }
    }

    /** Every position a longitude (-180..180) and a latitude (-90..90): WGS 84, as GeoJSON is (a missing one fails too). */
    static void requireWgs84(String name, Geometry g) {
        for (var c : g.getCoordinates()) {
            if (!(c.x >= -180 && c.x <= 180 && c.y >= -90 && c.y <= 90)) {
                throw bad(name + ": coordinates must be longitude (-180..180), latitude (-90..90)");
            }
        }
    }

    private static final org.locationtech.jts.geom.GeometryFactory GEOMETRIES = new org.locationtech.jts.geom.GeometryFactory();

    /**
     * A GeoJSON Point straight from the parsed tree, or null for anything else. JTS's reader takes text and parses it
     * again with its own JSON parser: that was a fifth of the server's time in the upsert benchmark, where nearly
     * every location is a point. Other shapes still go through the reader.
     */
    private static Geometry point(JsonNode value) {
        JsonNode c = value.get("coordinates");
        if (!value.get("type").isString() || !"Point".equals(value.get("type").asString()) || !c.isArray() || c.size() < 2 || c.size() > 3) {
            return null;
        }
        for (JsonNode n : c) {
            if (!n.isNumber()) {
                return null;
            }
        }
        return GEOMETRIES.createPoint(c.size() == 2 ? new org.locationtech.jts.geom.Coordinate(c.get(0).doubleValue(), c.get(1).doubleValue())
                : new org.locationtech.jts.geom.Coordinate(c.get(0).doubleValue(), c.get(1).doubleValue(), c.get(2).doubleValue()));
    }

    static OffsetDateTime instant(String name, String text) {
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException | NullPointerException e) {
            throw bad(name + ": not an ISO 8601 date-time with offset, e.g. 2026-07-20T08:00:00Z");
        }
    }

    /** The representations of GS CIM 009 4.5: normalized (every member), concise (no redundant types), simplified (values only). */
    enum Format {
        NORMALIZED, CONCISE, SIMPLIFIED;

        /** {@code format=} or {@code options=}: keyValues is simplified's older name. */
        static Format named(String name) {
            return switch (name) {
                case "normalized" -> NORMALIZED;
                case "concise" -> CONCISE;
                case "keyValues", "simplified" -> SIMPLIFIED;
                default -> throw bad("format must be normalized, concise or simplified (keyValues), not " + name);
            };
        }
    }

    ObjectNode present(ObjectNode stored, LdContext ctx, boolean keyValues, List<String> expandedAttrs, boolean sysAttrs,
                       String createdAt, String modifiedAt) {
        return present(stored, ctx, keyValues ? Format.SIMPLIFIED : Format.NORMALIZED, expandedAttrs, sysAttrs, createdAt, modifiedAt);
    }

    /** The stored document as a reader sees it: names compacted, in the format asked for, optionally only some attributes. */
    ObjectNode present(ObjectNode stored, LdContext ctx, Format format, List<String> expandedAttrs, boolean sysAttrs,
                       String createdAt, String modifiedAt) {
        boolean keyValues = format == Format.SIMPLIFIED;
        ObjectNode out = json.createObjectNode();
        out.put("id", stored.get("id").asString());
        ArrayNode types = (ArrayNode) stored.get("type");
        if (types.size() == 1) {
            out.put("type", ctx.compact(types.get(0).asString()));
        } else {
            ArrayNode compacted = out.putArray("type");
            types.forEach(t -> compacted.add(ctx.compact(t.asString())));
        }
        for (var e : stored.properties()) {
            String name = e.getKey();
            if (name.equals("id") || name.equals("type")) {
                continue;
            }
            if (name.equals(SCOPE)) {
                out.set(SCOPE, e.getValue().size() == 1 ? e.getValue().get(0) : e.getValue());
                continue;
            }
            if (expandedAttrs != null && !expandedAttrs.contains(name)) {
                continue;
            }
            if (e.getValue() instanceof ArrayNode instances) {
                ArrayNode shown = out.putArray(ctx.compact(name));
                instances.forEach(i -> shown.add(shown(i, keyValues, format, ctx)));
            } else {
                out.set(ctx.compact(name), shown(e.getValue(), keyValues, format, ctx));
            }
        }
        if (sysAttrs && !keyValues) {
            out.put("createdAt", createdAt);
            out.put("modifiedAt", modifiedAt);
        }
        return out;
    }

    /** One attribute instance as the reader asked to see it. */
    private JsonNode shown(JsonNode attr, boolean keyValues, Format format, LdContext ctx) {
        JsonNode shown = keyValues ? simplified(attr) : format == Format.CONCISE ? concise(attr, ctx) : compactAttribute(attr, ctx);
        if (keyValues && "VocabProperty".equals(attr.path("type").asString())) {
            shown = compactVocab(shown, ctx);
        }
        return shown;
    }

    /** A VocabProperty's vocab is made of terms: stored expanded, shown in the reader's terms. */
    private JsonNode compactVocab(JsonNode vocab, LdContext ctx) {
        if (vocab.isString()) {
            return json.getNodeFactory().stringNode(ctx.compact(vocab.asString()));
        }
        ArrayNode out = json.createArrayNode();
        vocab.forEach(v -> out.add(ctx.compact(v.asString())));
        return out;
    }

    /**
     * The document with each LanguageProperty as a Property in the reader's language (GS CIM 009 4.15, {@code lang}):
     * the first of the tags asked for that the map holds, else its {@code @none} entry, else its first; {@code *} keeps
     * every language.
     */
    ObjectNode inLanguage(ObjectNode stored, List<String> tags) {
        if (tags == null || tags.contains("*")) {
            return stored;
        }
        ObjectNode out = stored.deepCopy();
        for (var e : stored.properties()) {
            JsonNode attr = e.getValue();
            if (!"LanguageProperty".equals(attr.path("type").asString()) || !attr.path("languageMap").isObject()) {
                continue;
            }
            JsonNode map = attr.get("languageMap");
            String chosen = tags.stream().filter(map::has).findFirst().orElse(map.has("@none") ? "@none" : map.propertyNames().iterator().next());
            ObjectNode p = ((ObjectNode) attr).deepCopy();
            p.remove("languageMap");
            p.put("type", "Property");
            p.set("value", map.get(chosen));
            p.put("lang", chosen);
            out.set(e.getKey(), p);
        }
        return out;
    }

    private JsonNode compactAttribute(JsonNode attr, LdContext ctx) {
        ObjectNode out = json.createObjectNode();
        for (var e : attr.properties()) {
            if (e.getKey().equals("vocab")) {
                out.set("vocab", compactVocab(e.getValue(), ctx));
            } else if (ATTRIBUTE_MEMBERS.contains(e.getKey())) {
                out.set(e.getKey(), e.getValue());
            } else {
                out.set(ctx.compact(e.getKey()), compactAttribute(e.getValue(), ctx));
            }
        }
        return out;
    }

    /**
     * An attribute in the concise format (GS CIM 009 4.5.3): without its type, which its members tell (value: a
     * Property, object: a Relationship, languageMap: a LanguageProperty); a Property or GeoProperty that has nothing
     * but a value that is not itself an object of members is given as that value. A GeoJSON value keeps its own type.
     */
    JsonNode concise(JsonNode attr, LdContext ctx) {
        String kind = attr.path("type").asString();
        boolean onlyValue = attr.size() == 2 && attr.has("value");
        JsonNode value = attr.get("value");
        if (onlyValue && ("GeoProperty".equals(kind) || "Property".equals(kind) && !value.isObject())) {
            return value;
        }
        ObjectNode out = json.createObjectNode();
        for (var e : attr.properties()) {
            if (e.getKey().equals("type")) {
                if ("GeoProperty".equals(kind) || "VocabProperty".equals(kind) || "JsonProperty".equals(kind) || "ListProperty".equals(kind)) {
                    out.set("type", e.getValue()); // not told by the members alone
                }
            } else if (ATTRIBUTE_MEMBERS.contains(e.getKey())) {
                out.set(e.getKey(), e.getValue());
            } else {
                out.set(ctx.compact(e.getKey()), concise(e.getValue(), ctx));
            }
        }
        return out;
    }

    /**
     * Projection (GS CIM 009 4.21, {@code pick} and {@code omit}): the members of a presented entity kept; names are
     * as the reader wrote them (compacted), {@code id} and {@code type} included.
     */
    static ObjectNode project(ObjectNode entity, List<String> pick, List<String> omit) {
        if (pick != null) {
            List.copyOf(entity.propertyNames()).stream().filter(n -> !pick.contains(n)).forEach(entity::remove);
        }
        if (omit != null) {
            omit.forEach(entity::remove);
        }
        return entity;
    }

    static JsonNode simplified(JsonNode attr) {
        String kind = attr.path("type").asString();
        return switch (kind) {
            case "Relationship" -> attr.get("object");
            case "LanguageProperty" -> attr.get("languageMap");
            case "VocabProperty" -> attr.get("vocab");
            case "JsonProperty" -> attr.get("json");
            case "ListProperty" -> attr.get("valueList");
            case "ListRelationship" -> attr.get("objectList");
            default -> attr.get("value");
        };
    }

    /** An id in a request's path or body must be a URI: anything else is bad data (400), not a missing thing (404). */
    static void requireUri(String what, String id) {
        if (id == null || !LdContext.isId(id)) {
            throw bad(what + ": " + id + " is not a URI");
        }
    }

    static NgsiLdError bad(String detail) {
        return new NgsiLdError(NgsiLdError.Type.BadRequestData, detail);
    }

    List<String> expandAll(List<String> names, LdContext ctx) {
        List<String> out = new ArrayList<>();
        names.forEach(n -> out.add(ctx.expand(n)));
        return out;
    }
}
