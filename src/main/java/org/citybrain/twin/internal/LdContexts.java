package org.citybrain.twin.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.citybrain.twin.NgsiLdError;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The contexts CityBrain knows: its own (served at {@link #CITYBRAIN_PATH}), the ETSI core context, and the user
 * contexts of {@link UserContexts} (stored here, or fetched once from a host the operator allows). Any other remote
 * context is answered at once with {@code LdContextNotAvailable}: a city's network may have no internet, and a
 * broker that hangs on a remote fetch is a broker that is down.
 */
@Component
class LdContexts {

    static final String CITYBRAIN_PATH = "/ngsi-ld/contexts/citybrain.jsonld";
    static final String LINK_REL = "http://www.w3.org/ns/json-ld#context";
    private static final Pattern LINK = Pattern.compile("<([^>]+)>\\s*;(.*)");
    /** The URL of the NGSI-LD core context (GS CIM 009 annex B). */
    static final String CORE_CONTEXT_URL = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld";

    private static final Pattern CORE_URL = Pattern.compile("https?://uri\\.etsi\\.org/ngsi-ld/v1/ngsi-ld-core-context(-v[0-9.]+)?\\.jsonld");

    private final LdContext citybrain;
    private final JsonMapper json;
    private final UserContexts users;

    LdContexts(JsonMapper json, UserContexts users) throws IOException {
        this.json = json;
        this.users = users;
        try (InputStream in = new ClassPathResource("static" + CITYBRAIN_PATH).getInputStream()) {
            this.citybrain = parse(json.readTree(in).get("@context"));
        }
    }

    LdContext citybrain() {
        return citybrain;
    }

    /** The context named by a request's Link header, or the core context when there is none. */
    LdContext fromLinkHeader(String link) {
        if (link == null || link.isBlank()) {
            return LdContext.CORE_ONLY;
        }
        for (String part : link.split(",(?=\\s*<)")) {
            Matcher m = LINK.matcher(part.trim());
            if (m.matches() && m.group(2).contains(LINK_REL)) {
                return resolve(m.group(1));
            }
        }
        throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "the Link header names no JSON-LD context (rel=\"" + LINK_REL + "\")");
    }

    /** The value of an {@code @context} member: a URL, an inline object, or an array of them. */
    LdContext fromBody(JsonNode context) {
        if (context == null || context.isNull()) {
            return LdContext.CORE_ONLY;
        }
        if (context.isString()) {
            return resolve(context.asString());
        }
        if (context.isArray()) {
            LdContext result = LdContext.CORE_ONLY;
            for (JsonNode c : context) {
                result = result.with(fromBody(c));
            }
            return result;
        }
        if (context.isObject()) {
            return parse(context);
        }
        throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "@context must be a URL, an object or an array");
    }

    /** The Link header value that names CityBrain's context on this server. */
    static String linkHeader(String baseUrl) {
        return "<" + baseUrl + CITYBRAIN_PATH + ">; rel=\"" + LINK_REL + "\"; type=\"application/ld+json\"";
    }

    private LdContext resolve(String url) {
        return resolve(url, 0);
    }

    private LdContext resolve(String url, int depth) {
        if (url.endsWith(CITYBRAIN_PATH)) {
            return citybrain;
        }
        if (CORE_URL.matcher(url).matches()) {
            return LdContext.CORE_ONLY;
        }
        if (depth > 4) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "contexts refer to each other more than five deep (at " + url + ")");
        }
        JsonNode context = users.context(url).orElseThrow(() -> new NgsiLdError(NgsiLdError.Type.LdContextNotAvailable,
                "context " + url + " is not known to this broker and its host is not one it fetches from; store it at /ngsi-ld/v1/jsonldContexts, "
                        + "send it inline, or ask the operator to allow its host (CITYBRAIN_LD_CONTEXT_HOSTS)"));
        return fromBody(context, depth + 1);
    }

    private LdContext fromBody(JsonNode context, int depth) {
        if (context.isString()) {
            return resolve(context.asString(), depth);
        }
        if (context.isArray()) {
            LdContext result = LdContext.CORE_ONLY;
            for (JsonNode c : context) {
                result = result.with(fromBody(c, depth));
            }
            return result;
        }
        return parse(context);
    }

    private LdContext parse(JsonNode object) {
        if (object == null || !object.isObject()) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "an inline @context must be an object");
        }
        Map<String, String> terms = new HashMap<>();
        String vocab = LdContext.DEFAULT_VOCAB;
        for (var e : object.properties()) {
            JsonNode v = e.getValue();
            if (e.getKey().equals("@vocab") && v.isString()) {
                vocab = v.asString();
            } else if (v.isString()) {
                terms.put(e.getKey(), v.asString());
            } else if (v.isObject() && v.has("@id")) {
                terms.put(e.getKey(), v.get("@id").asString());
            }
        }
        return new LdContext(terms, vocab);
    }

    JsonMapper json() {
        return json;
    }
}
