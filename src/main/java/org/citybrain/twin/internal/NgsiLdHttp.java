package org.citybrain.twin.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.citybrain.twin.NgsiLdError;
import org.citybrain.twin.TwinEntities;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How the NGSI-LD API speaks HTTP (GS CIM 009 clause 6): request bodies read as text and parsed here (NGSI-LD's
 * media types and context rules are its own), the answer's media type chosen from Accept with the context in a Link
 * header or the body, tenants, paging links and counts, and the small parameter parsers every resource shares.
 */
@org.springframework.stereotype.Component
class NgsiLdHttp {

    private final LdContexts contexts;
    private final JsonMapper json;

    NgsiLdHttp(LdContexts contexts, JsonMapper json) {
        this.contexts = contexts;
        this.json = json;
    }

    static final String TENANT = "NGSILD-Tenant";

    static final int MAX_LIMIT = 1000;

    record Incoming(JsonNode body, LdContext ctx) {
    }

    enum Output { JSON, LD_JSON, GEO_JSON }

    Incoming incoming(String body, HttpServletRequest request) {
        String mediaType = mediaType(request);
        JsonNode parsed = parse(body);
        if (mediaType.equals("application/ld+json")) {
            if (!parsed.has("@context")) {
                throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "a body sent as application/ld+json must carry an @context");
            }
            if (request.getHeader("Link") != null) {
                // Two contexts for one body: which one a term means would be a guess (GS CIM 009 6.3.5).
                throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "with application/ld+json the context goes in the body, not also in a Link header");
            }
            return new Incoming(parsed, contexts.fromBody(parsed.get("@context")));
        }
        if (parsed.has("@context")) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "with application/json the context goes in the Link header, not in the body");
        }
        return new Incoming(parsed, contexts.fromLinkHeader(request.getHeader("Link")));
    }

    /** A subscription or registration as sent (a copy without its @context), and the @context it was written in. */
    record Described(ObjectNode doc, JsonNode context) {
    }

    /**
     * A subscription or registration from the request: {@code what} names it in the refusal when the body is not an
     * object; its context is the inline {@code @context}, else the Link header's URL, else none (the core context).
     */
    Described described(String what, String body, HttpServletRequest request) {
        Incoming in = incoming(body, request);
        if (!in.body().isObject()) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, what + " must be a JSON object");
        }
        ObjectNode doc = ((ObjectNode) in.body()).deepCopy();
        JsonNode context = doc.remove("@context");
        if (context == null && request.getHeader("Link") != null) {
            context = json.getNodeFactory().stringNode(contextUrl(request.getHeader("Link")));
        }
        return new Described(doc, context);
    }

    /** The members of a PATCH to a subscription or registration. */
    ObjectNode changes(String body, HttpServletRequest request) {
        Incoming in = incoming(body, request);
        if (!in.body().isObject()) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "the changes must be a JSON object");
        }
        return (ObjectNode) in.body();
    }

    static String mediaType(HttpServletRequest request) {
        String contentType = request.getContentType();
        String mediaType = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase();
        if (!mediaType.equals("application/json") && !mediaType.equals("application/ld+json") && !mediaType.equals("application/merge-patch+json")) {
            throw new NgsiLdError(NgsiLdError.Type.UnsupportedMediaType, "send application/json or application/ld+json, not '" + contentType + "'");
        }
        return mediaType.equals("application/merge-patch+json") ? "application/json" : mediaType;
    }

    JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw new NgsiLdError(NgsiLdError.Type.InvalidRequest, "the request has no body");
        }
        try {
            return json.readTree(body);
        } catch (RuntimeException e) {
            throw new NgsiLdError(NgsiLdError.Type.InvalidRequest, "the body is not valid JSON");
        }
    }

    static Output output(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        if (accept == null || accept.isBlank()) {
            return Output.JSON;
        }
        for (String part : accept.split(",")) {
            String type = part.split(";")[0].trim().toLowerCase();
            switch (type) {
                case "application/json", "*/*", "application/*" -> {
                    return Output.JSON;
                }
                case "application/ld+json" -> {
                    return Output.LD_JSON;
                }
                case "application/geo+json" -> {
                    return Output.GEO_JSON;
                }
                default -> {
                }
            }
        }
        throw new NgsiLdError(NgsiLdError.Type.NotAcceptable, "this API answers application/json, application/ld+json or application/geo+json");
    }

    ResponseEntity<JsonNode> respond(JsonNode body, Output out, HttpServletRequest request) {
        String link = request.getHeader("Link");
        String contextUrl = contextUrl(link);
        HttpHeaders headers = tenantHeader(request);
        switch (out) {
            case LD_JSON -> {
                headers.set(HttpHeaders.CONTENT_TYPE, "application/ld+json");
                withContext(body, contextUrl);
            }
            case GEO_JSON -> {
                headers.set(HttpHeaders.CONTENT_TYPE, "application/geo+json");
                headers.add("Link", "<" + contextUrl + ">; rel=\"" + LdContexts.LINK_REL + "\"; type=\"application/ld+json\"");
            }
            default -> {
                headers.set(HttpHeaders.CONTENT_TYPE, "application/json");
                headers.add("Link", "<" + contextUrl + ">; rel=\"" + LdContexts.LINK_REL + "\"; type=\"application/ld+json\"");
            }
        }
        if (request.getAttribute(Federation.WARNING) instanceof List<?> failed) {
            // RFC 7234's warning format: which registered sources this answer lacks
            headers.add(Federation.WARNING, "199 citybrain \"context sources did not answer: " + failed.stream().map(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(" ")) + "\"");
        }
        return new ResponseEntity<>(body, headers, HttpStatus.OK);
    }

    static void withContext(JsonNode body, String contextUrl) {
        if (body instanceof ObjectNode o) {
            o.put("@context", contextUrl);
        } else if (body instanceof ArrayNode a) {
            a.forEach(e -> withContext(e, contextUrl));
        }
    }

    static String contextUrl(String link) {
        if (link != null && !link.isBlank()) {
            int start = link.indexOf('<');
            int end = link.indexOf('>');
            if (start >= 0 && end > start) {
                return link.substring(start + 1, end);
            }
        }
        return LdContexts.CORE_CONTEXT_URL;
    }

    /** A page with the Link headers to the next and the previous page (GS CIM 009 6.3.13), where there is one. */
    static ResponseEntity<JsonNode> paged(ResponseEntity<JsonNode> response, boolean more, int off, int lim) {
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(response.getHeaders());
        if (more && lim > 0) {
            headers.add("Link", "<" + ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("offset", off + lim).toUriString()
                    + ">; rel=\"next\"");
        }
        if (off > 0 && lim > 0) {
            headers.add("Link", "<" + ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("offset", Math.max(0, off - lim)).toUriString()
                    + ">; rel=\"prev\"");
        }
        return new ResponseEntity<>(response.getBody(), headers, HttpStatus.OK);
    }

    static ResponseEntity<JsonNode> withCount(ResponseEntity<JsonNode> response, long total) {
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(response.getHeaders());
        headers.set("NGSILD-Results-Count", Long.toString(total));
        return new ResponseEntity<>(response.getBody(), headers, HttpStatus.OK);
    }

    static String tenant(HttpServletRequest request) {
        String t = request.getHeader(TENANT);
        if (t == null || t.isBlank()) {
            return TwinEntities.DEFAULT_TENANT;
        }
        if (!t.matches("[A-Za-z0-9_:.-]{1,64}")) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "NGSILD-Tenant must be 1–64 letters, digits or _:.-");
        }
        return t;
    }

    static HttpHeaders tenantHeader(HttpServletRequest request) {
        HttpHeaders h = new HttpHeaders();
        String t = request.getHeader(TENANT);
        if (t != null && !t.isBlank()) {
            h.set(TENANT, t);
        }
        return h;
    }

    /** An entity query must select by something: a whole tenant is not listed by accident. */
    static void requireSelection(String what, String type, String id, String idPattern, String attrs, String q, String georel) {
        if (type == null && id == null && idPattern == null && attrs == null && q == null && georel == null) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, what + " needs at least one of type, id, idPattern, attrs, q or a geo-query");
        }
    }

    /** The page size asked for (20 by default), refused above {@value #MAX_LIMIT}. */
    static int pageLimit(String limit) {
        int lim = number("limit", limit, 20);
        if (lim > MAX_LIMIT) {
            throw new NgsiLdError(NgsiLdError.Type.TooManyResults, "limit must not exceed " + MAX_LIMIT);
        }
        return lim;
    }

    static int number(String name, String value, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, name + " must be a whole number, 0 or more");
        }
    }

    static List<String> split(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    static List<String> stringList(String field, JsonNode node) {
        if (!node.isArray()) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, field + ": an array of names");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode n : node) {
            if (!n.isString()) {
                throw new NgsiLdError(NgsiLdError.Type.BadRequestData, field + ": an array of names");
            }
            names.add(n.asString());
        }
        return names;
    }
}
