package org.citybrain.twin.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The part of JSON-LD that NGSI-LD needs from a context: terms mapped to IRIs, prefixes ({@code cb:name}) and a
 * default vocabulary. Attribute names and types are stored expanded (as IRIs) and compacted again for each
 * reader with the reader's context, so that two clients with different contexts agree on what they mean.
 */
record LdContext(Map<String, String> terms, String vocab) {

    /** NGSI-LD core terms: never expanded or compacted. */
    static final Set<String> CORE = Set.of("id", "type", "value", "object", "observedAt", "unitCode", "datasetId", "createdAt",
            "modifiedAt", "location", "observationSpace", "operationSpace", "@context", "Property", "Relationship", "GeoProperty",
            "languageMap", "LanguageProperty", "scope", "instanceId", "VocabProperty", "JsonProperty", "ListProperty", "ListRelationship",
            "vocab", "json", "valueList", "objectList", "lang");

    /** The core context's prefix for NGSI-LD's own IRIs ({@code ngsi-ld:default-context/x}). */
    static final String NGSI_LD = "https://uri.etsi.org/ngsi-ld/";

    /** The default vocabulary of the NGSI-LD core context, for terms no context defines. */
    static final String DEFAULT_VOCAB = "https://uri.etsi.org/ngsi-ld/default-context/";

    static final LdContext CORE_ONLY = new LdContext(Map.of(), DEFAULT_VOCAB);

    String expand(String term) {
        if (CORE.contains(term)) {
            return term;
        }
        String mapped = terms.get(term);
        if (mapped != null) {
            return expandPrefix(mapped);
        }
        if (isAbsolute(term)) {
            return expandPrefix(term);
        }
        return vocab + term;
    }

    String compact(String iri) {
        if (CORE.contains(iri)) {
            return iri;
        }
        for (Map.Entry<String, String> e : terms.entrySet()) {
            if (!e.getKey().startsWith("@") && expandPrefix(e.getValue()).equals(iri) && !isPrefixDefinition(e.getValue())) {
                return e.getKey();
            }
        }
        if (iri.startsWith(vocab) && iri.length() > vocab.length() && !iri.substring(vocab.length()).contains("/")) {
            return iri.substring(vocab.length());
        }
        // No term: a compact IRI with the longest prefix the context defines, or the core context's ngsi-ld prefix.
        String best = null;
        int bestLength = 0;
        for (Map.Entry<String, String> e : terms.entrySet()) {
            String prefix = e.getValue();
            if (isPrefixDefinition(prefix) && prefix.length() > bestLength && iri.startsWith(prefix) && iri.length() > prefix.length()) {
                best = e.getKey() + ":" + iri.substring(prefix.length());
                bestLength = prefix.length();
            }
        }
        if (best != null) {
            return best;
        }
        if (iri.startsWith(NGSI_LD) && iri.length() > NGSI_LD.length()) {
            return "ngsi-ld:" + iri.substring(NGSI_LD.length());
        }
        return iri;
    }

    /** This context with another one's definitions on top (later contexts win, as in JSON-LD). */
    LdContext with(LdContext other) {
        Map<String, String> merged = new HashMap<>(terms);
        merged.putAll(other.terms);
        return new LdContext(merged, other.vocab.equals(DEFAULT_VOCAB) ? vocab : other.vocab);
    }

    private String expandPrefix(String value) {
        int colon = value.indexOf(':');
        if (colon > 0 && !value.startsWith("http") && !value.startsWith("urn:")) {
            String prefix = terms.get(value.substring(0, colon));
            if (prefix != null) {
                return prefix + value.substring(colon + 1);
            }
            if (value.startsWith("ngsi-ld:")) {
                return NGSI_LD + value.substring("ngsi-ld:".length());
            }
        }
        return value;
    }

    private static boolean isPrefixDefinition(String value) {
        return value.endsWith("/") || value.endsWith("#");
    }

    /** The longest id an entity or subscription may have (the width of the id columns). */
    static final int MAX_ID = 512;

    /** An id of an entity or subscription: an absolute URI of at most {@link #MAX_ID} characters, without control characters. */
    static boolean isId(String s) {
        return s != null && s.length() <= MAX_ID && isAbsolute(s) && s.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    }

    static boolean isAbsolute(String s) {
        int colon = s.indexOf(':');
        return colon > 0 && s.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*");
    }
}
