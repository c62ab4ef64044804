package org.citybrain.twin.internal;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;

import java.util.List;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import org.citybrain.twin.NgsiLdError;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a reader selects and how she sees it, shared by the entity and the temporal resources: the entity query
 * (type, id, idPattern, attrs, q, geo-query) validated field by field, and the view (format, sysAttrs, pick, omit).
 */
@org.springframework.stereotype.Component
class NgsiLdSelection {

    private final NgsiLdBroker broker;

    NgsiLdSelection(NgsiLdBroker broker) {
        this.broker = broker;
    }

    /** The selection shared by the entity query and the temporal query, validated field by field. */
    TwinStore.Query entityQuery(String type, String id, String idPattern, String attrs, String q, String georel, String geometry,
                                        String coordinates, String geoproperty, int off, int lim, String count, LdContext ctx) {
        Pattern pattern = null;
        if (idPattern != null) {
            if (idPattern.length() > 1000) {
                throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "idPattern is longer than 1000 characters");
            }
            try {
                pattern = Pattern.compile(idPattern);
            } catch (PatternSyntaxException e) {
                throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "idPattern is not a valid regular expression");
            }
        }
        List<String> ids = id == null ? null : NgsiLdHttp.split(id);
        if (ids != null) {
            ids.forEach(i -> {
                if (!LdContext.isId(i)) {
                    throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "id: " + i + " is not a URI");
                }
            });
        }
        List<String> attrList = attrs(attrs, ctx);
        // type=* (GS CIM 009 4.17): every type; a selection still, so a whole tenant is listed only when asked for
        boolean anyType = type == null || type.strip().equals("*");
        return new TwinStore.Query(anyType ? null : broker.documents().expandAll(NgsiLdHttp.split(type), ctx), ids, pattern, attrList,
                q == null ? null : QueryLanguage.parse(q), ctx::expand, GeoQuery.parse(georel, geometry, coordinates, geoproperty), off, lim,
                "true".equals(count));
    }

    /**
     * The selection refined by what a reader may add to any query: {@code scopeQ}, {@code expandValues} (attributes
     * whose compared string values are IRIs written as terms) and {@code orderBy} (collated by {@code lang}).
     */
    TwinStore.Query refined(TwinStore.Query query, String scopeQ, String expandValues, String orderBy, String lang, LdContext ctx) {
        java.util.Set<String> expanded = null;
        if (expandValues != null) {
            List<String> names = nonEmpty("expandValues", expandValues);
            names.forEach(n -> broker.documents().expandName(n, ctx));
            expanded = java.util.Set.copyOf(broker.documents().expandAll(names, ctx));
        }
        return query.withScope(scopeQ).withValuesExpanded(expanded).withOrder(EntityOrder.parse(orderBy, lang, ctx::expand));
    }

    /** The attributes a reader asks for, expanded; {@code id} and {@code type} are not attributes (GS CIM 009 4.5.1). */
    List<String> attrs(String attrs, LdContext ctx) {
        if (attrs == null) {
            return null;
        }
        List<String> names = NgsiLdHttp.split(attrs);
        if (names.isEmpty() || names.contains("id") || names.contains("type")) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "attrs: a list of attribute names; id and type are always given and are not attributes");
        }
        names.forEach(n -> broker.documents().expandName(n, ctx));
        return broker.documents().expandAll(names, ctx);
    }

    /** Whether the types asked for include Person (residents: read through the population module, not the store). */
    boolean asksForPersons(String type, LdContext ctx) {
        return type != null && NgsiLdHttp.split(type).stream().map(ctx::expand).anyMatch(PersonEntities::isPersonType);
    }

    /** How a reader asked to see entities: the format, system attributes, and the members picked or omitted. */
    record View(EntityDocuments.Format format, boolean sysAttrs, List<String> pick, List<String> omit, List<String> lang) {

        /** This view with LanguageProperties shown in the first of these languages the entity has ({@code lang=}). */
        View inLanguage(String tags) {
            if (tags == null) {
                return this;
            }
            List<String> list = NgsiLdHttp.split(tags).stream().map(t -> t.split(";")[0].trim()).toList();
            if (list.isEmpty() || list.stream().anyMatch(t -> !t.matches("\\*|[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*"))) {
                throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "lang: language tags such as zh-Hans,en, or *");
            }
            return new View(format, sysAttrs, pick, omit, list);
        }
    }

    static View view(String options, String format, String pick, String omit) {
        List<String> opts = options == null ? List.of() : NgsiLdHttp.split(options);
        for (String o : opts) {
            if (!List.of("keyValues", "simplified", "concise", "normalized", "sysAttrs").contains(o)) {
                throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "options: keyValues, simplified, concise, normalized or sysAttrs, not " + o);
            }
        }
        EntityDocuments.Format f = format != null ? EntityDocuments.Format.named(format)
                : opts.contains("keyValues") || opts.contains("simplified") ? EntityDocuments.Format.SIMPLIFIED
                : opts.contains("concise") ? EntityDocuments.Format.CONCISE : EntityDocuments.Format.NORMALIZED;
        if (pick != null && omit != null) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "pick and omit cannot be used together");
        }
        return new View(f, opts.contains("sysAttrs"), pick == null ? null : nonEmpty("pick", pick), omit == null ? null : nonEmpty("omit", omit),
                null);
    }

    static List<String> nonEmpty(String name, String csv) {
        List<String> names = NgsiLdHttp.split(csv);
        if (names.isEmpty()) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, name + ": a list of member names, such as id,type,name");
        }
        return names;
    }

    ObjectNode present(TwinStore.Stored s, LdContext ctx, View view, List<String> attrs) {
        ObjectNode doc = view.lang() == null ? s.doc() : broker.documents().inLanguage(s.doc(), view.lang());
        return EntityDocuments.project(broker.documents().present(doc, ctx, view.format(), attrs, view.sysAttrs(), s.createdAt().toString(),
                s.modifiedAt().toString()), view.pick(), view.omit());
    }

    /**
     * A Query body (GS CIM 009 5.2.23) as the parameters of a GET query: entities (type, id, idPattern), attrs, q,
     * geoQ, and temporalQ for the temporal query. Several entity selectors combine when each names only types or
     * only ids.
     */
    record QueryBody(String type, String id, String idPattern, String attrs, String q, String georel, String geometry, String coordinates,
                     String geoproperty, String timerel, String timeAt, String endTimeAt, String scopeQ) {

        static QueryBody of(JsonNode query) {
            if (!query.isObject() || !"Query".equals(query.path("type").asString(""))) {
                throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "the body is a Query: {\"type\": \"Query\", \"entities\": [...], \"q\": ...}");
            }
            List<String> types = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            String idPattern = null;
            JsonNode selectors = query.path("entities");
            if (!selectors.isMissingNode() && !selectors.isArray()) {
                throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "entities: an array of {type, id, idPattern}");
            }
            for (JsonNode s : selectors) {
                boolean hasType = s.hasNonNull("type");
                boolean hasId = s.hasNonNull("id");
                boolean hasPattern = s.hasNonNull("idPattern");
                if (selectors.size() > 1 && (hasPattern || hasType && hasId)) {
                        throw new NgsiLdError(NgsiLdError.Type.OperationNotSupported,
                                    "several entity selectors combine only when each names just types or just ids; send one selector, or several queries");
                }
                if (hasType) {
                        types.add(s.get("type").asString());
                }
                if (hasId) {
                        ids.add(s.get("id").asString());
                }
                if (hasPattern) {
                        idPattern = s.get("idPattern").asString();
                }
            }
            String attrs = query.has("attrs") ? String.join(",", NgsiLdHttp.stringList("attrs", query.get("attrs"))) : null;
            String q = query.hasNonNull("q") ? query.get("q").asString() : null;
            JsonNode geoQ = query.path("geoQ");
            String georel = geoQ.hasNonNull("georel") ? geoQ.get("georel").asString() : null;
            String geometry = geoQ.hasNonNull("geometry") ? geoQ.get("geometry").asString() : null;
            String coordinates = geoQ.has("coordinates") ? geoQ.get("coordinates").toString() : null;
            String geoproperty = geoQ.hasNonNull("geoproperty") ? geoQ.get("geoproperty").asString() : null;
            String type = types.isEmpty() ? null : String.join(",", types);
            String id = ids.isEmpty() ? null : String.join(",", ids);
            JsonNode temporalQ = query.path("temporalQ");
            return new QueryBody(type, id, idPattern, attrs, q, georel, geometry, coordinates, geoproperty,
                    temporalQ.hasNonNull("timerel") ? temporalQ.get("timerel").asString() : null,
                    temporalQ.hasNonNull("timeAt") ? temporalQ.get("timeAt").asString() : null,
                    temporalQ.hasNonNull("endTimeAt") ? temporalQ.get("endTimeAt").asString() : null,
                    query.hasNonNull("scopeQ") ? query.get("scopeQ").asString() : null);
        }
    }
}
