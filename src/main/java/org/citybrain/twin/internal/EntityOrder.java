package org.citybrain.twin.internal;

import java.text.Collator;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.citybrain.twin.NgsiLdError;
import tools.jackson.databind.JsonNode;

/**
 * The order in which a query's entities are given ({@code orderBy}, entity ordering of GS CIM 009 V1.9.1 clause
 * 4.23): a comma-separated list of keys, each an attribute path as in {@code q} ({@code waterLevel},
 * {@code address[district]}, {@code waterLevel.observedAt}) or one of {@code id}, {@code createdAt},
 * {@code modifiedAt}, followed by {@code ;asc} (the default) or {@code ;desc}.
 *
 * <p>Values compare numbers numerically, date-times as instants, text by the collation of the first language of
 * {@code lang} when one is named (so that {@code lang=zh} orders names by pinyin, as Chinese readers expect) and
 * otherwise by code point, booleans false first; values of different kinds order as number, date-time, text, boolean, other.
 * A LanguageProperty orders by its text in that language (else its first); an attribute with several instances, or a
 * list, by its first value. An entity without the value comes last in either direction, and ties are broken by id so
 * that pages never overlap.
 */
record EntityOrder(List<Key> keys, Collator collator, String language, Function<String, String> expand) {

    /** One key: an entity member ({@code id}, {@code createdAt}, {@code modifiedAt}) or an attribute path. */
    record Key(String member, QueryLanguage.Comparison path, boolean descending) {
    }

    private static final List<String> MEMBERS = List.of("id", "createdAt", "modifiedAt");

    /** The order asked for, or null when {@code orderBy} is absent. */
    static EntityOrder parse(String orderBy, String lang, Function<String, String> expand) {
        if (orderBy == null) {
            return null;
        }
        List<Key> keys = new ArrayList<>();
        for (String item : NgsiLdHttp.split(orderBy)) {
            String[] parts = item.split(";", -1);
            if (parts.length > 2 || parts.length == 2 && !List.of("asc", "desc").contains(parts[1].strip())) {
                throw bad(item);
            }
            boolean descending = parts.length == 2 && parts[1].strip().equals("desc");
            String path = parts[0].strip();
            if (MEMBERS.contains(path)) {
                keys.add(new Key(path, null, descending));
                continue;
            }
            QueryLanguage.Expr parsed;
            try {
                parsed = QueryLanguage.parse(path);
            } catch (NgsiLdError e) {
                throw bad(item);
            }
            if (!(parsed instanceof QueryLanguage.Comparison c) || c.op() != null) {
                throw bad(item);
            }
            keys.add(new Key(null, c, descending));
        }
        if (keys.isEmpty()) {
            throw bad(orderBy);
        }
        String language = lang == null ? null : NgsiLdHttp.split(lang).stream().map(t -> t.split(";")[0].strip())
                .filter(t -> !t.equals("*")).findFirst().orElse(null);
        Collator collator = language == null ? null : Collator.getInstance(Locale.forLanguageTag(language));
        return new EntityOrder(List.copyOf(keys), collator, language, expand);
    }

    private static NgsiLdError bad(String item) {
        return new NgsiLdError(NgsiLdError.Type.BadRequestData,
                "orderBy: attribute paths or id, createdAt, modifiedAt, each optionally ;asc or ;desc (e.g. waterLevel;desc,id), not " + item);
    }

    /**
     * Puts the entities in this order. Each entity's key values are read once, before sorting (a sort compares each
     * entity about log n times, and reading a value walks its document).
     */
    void sort(List<TwinStore.Stored> entities) {
        record Keyed(TwinStore.Stored entity, Object[] values) {
        }
        List<Keyed> keyed = new ArrayList<>(entities.size());
        for (TwinStore.Stored s : entities) {
            Object[] values = new Object[keys.size()];
            for (int k = 0; k < values.length; k++) {
                values[k] = valueOf(keys.get(k), s);
            }
            keyed.add(new Keyed(s, values));
        }
        keyed.sort(Comparator.comparing(Keyed::values, this::compare).thenComparing(k -> k.entity().id()));
        for (int i = 0; i < keyed.size(); i++) {
            entities.set(i, keyed.get(i).entity());
        }
    }

    /** Compares two entities' key values, key by key; equal when every key is (ties are then broken by id). */
    private int compare(Object[] a, Object[] b) {
        for (int k = 0; k < keys.size(); k++) {
            Key key = keys.get(k);
            Object x = a[k];
            Object y = b[k];
            if (x == null || y == null) {
                if (x != y) {
                    return x == null ? 1 : -1; // without a value: last, whichever the direction
                }
                continue;
            }
            int c = compareValues(x, y);
            if (c != 0) {
                return key.descending() ? -c : c;
            }
        }
        return 0;
    }

    /** The key's value of an entity: a Double, an Instant, a String, a Boolean or a JsonNode; null when it has none. */
    private Object valueOf(Key key, TwinStore.Stored s) {
        if (key.member() != null) {
            return switch (key.member()) {
                case "id" -> s.id();
                case "createdAt" -> s.createdAt();
                default -> s.modifiedAt();
            };
        }
        JsonNode v = key.path().resolve(s.doc(), expand);
        if (v != null && v.isArray()) {
            v = v.isEmpty() ? null : v.get(0);
        }
        if (v != null && v.isObject() && isLanguageMap(key, s)) {
            JsonNode text = language == null ? null : v.get(language);
            v = text != null ? text : v.properties().stream().findFirst().map(java.util.Map.Entry::getValue).orElse(null);
        }
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isString()) {
            String text = v.asString();
            if (QueryLanguage.looksLikeDateTime(text)) {
                try {
                    return OffsetDateTime.parse(text).toInstant();
                } catch (RuntimeException e) {
                    return text;
                }
            }
            return text;
        }
        return v;
    }

    private boolean isLanguageMap(Key key, TwinStore.Stored s) {
        JsonNode attr = s.doc().get(expand.apply(key.path().attributePath().getFirst()));
        return attr != null && key.path().attributePath().size() == 1 && key.path().valuePath().isEmpty()
                && "LanguageProperty".equals(attr.path("type").asString());
    }

    private int compareValues(Object x, Object y) {
        int kinds = Integer.compare(kind(x), kind(y));
        if (kinds != 0) {
            return kinds;
        }
        return switch (x) {
            case Double d -> Double.compare(d, (Double) y);
            case java.time.Instant i -> i.compareTo((java.time.Instant) y);
            case String t -> collator != null ? collator.compare(t, (String) y) : t.compareTo((String) y);
            case Boolean bool -> Boolean.compare(bool, (Boolean) y);
            default -> x.toString().compareTo(y.toString());
        };
    }

    private static int kind(Object v) {
        return switch (v) {
            case Double d -> 0;
            case java.time.Instant i -> 1;
            case String s -> 2;
            case Boolean b -> 3;
            default -> 4;
        };
    }
}
