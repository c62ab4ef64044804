package org.citybrain.twin.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.citybrain.twin.NgsiLdError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.databind.json.JsonMapper;

/**
 * Errors of the NGSI-LD API as the standard asks: ProblemDetails with the NGSI-LD error type URI. The body is
 * written as text with its own content type, so that it reaches the client whatever the client accepts.
 */
@RestControllerAdvice(assignableTypes = {NgsiLdEntitiesApi.class, NgsiLdSubscriptionsApi.class, NgsiLdDiscoveryApi.class, NgsiLdTemporalApi.class,
        NgsiLdRegistrationsApi.class, NgsiLdContextsApi.class, DeviceController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class NgsiLdProblems {

    private static final Logger log = LoggerFactory.getLogger(NgsiLdProblems.class);

    private final JsonMapper json;

    NgsiLdProblems(JsonMapper json) {
        this.json = json;
    }

    @ExceptionHandler(NgsiLdError.class)
    ResponseEntity<String> ngsiLd(NgsiLdError e) {
        return problem(e.type(), e.getMessage());
    }

    @ExceptionHandler(org.citybrain.platform.NotFound.class)
    ResponseEntity<String> notFound(org.citybrain.platform.NotFound e) {
        return problem(NgsiLdError.Type.ResourceNotFound, e.getMessage());
    }

    @ExceptionHandler(org.citybrain.platform.Forbidden.class)
    ResponseEntity<String> forbidden(org.citybrain.platform.Forbidden e) {
        return ResponseEntity.status(403).header(HttpHeaders.CONTENT_TYPE, "application/json")
                .body(json.writeValueAsString(Map.of("type", "about:blank", "title", "Forbidden", "status", 403, "detail", e.getMessage())));
    }

    @ExceptionHandler(org.citybrain.standards.InvalidStandardValue.class)
    ResponseEntity<String> invalid(org.citybrain.standards.InvalidStandardValue e) {
        return problem(NgsiLdError.Type.BadRequestData, e.field() + ": " + e.getMessage());
    }

    @ExceptionHandler({AccessDeniedException.class, AuthenticationException.class})
    ResponseEntity<String> security(RuntimeException e) {
        throw e; // Spring Security answers 401/403
    }

    @ExceptionHandler(org.springframework.web.HttpMediaTypeNotSupportedException.class)
    ResponseEntity<String> mediaType(Exception e) {
        return problem(NgsiLdError.Type.UnsupportedMediaType, "send application/json or application/ld+json");
    }

    @ExceptionHandler(org.springframework.web.HttpRequestMethodNotSupportedException.class)
    ResponseEntity<String> method(org.springframework.web.HttpRequestMethodNotSupportedException e) {
        return ResponseEntity.status(405).header(HttpHeaders.CONTENT_TYPE, "application/json")
                .body(body(NgsiLdError.Type.InvalidRequest, 405, "method " + e.getMethod() + " is not supported here"));
    }

    @ExceptionHandler(org.springframework.web.HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<String> notAcceptable(Exception e) {
        return ResponseEntity.status(406).header(HttpHeaders.CONTENT_TYPE, "application/json")
                .body(body(NgsiLdError.Type.InvalidRequest, 406, "Accept: answers are application/json, application/ld+json or application/geo+json"));
    }

    /** A JSON value of the wrong type where the request's document was read (an array where a string belongs). */
    @ExceptionHandler(tools.jackson.databind.exc.JsonNodeException.class)
    ResponseEntity<String> wrongJsonType(tools.jackson.databind.exc.JsonNodeException e) {
        return problem(NgsiLdError.Type.BadRequestData, "a member of the request has the wrong JSON type");
    }

    @ExceptionHandler(org.springframework.http.converter.HttpMessageNotReadableException.class)
    ResponseEntity<String> unreadable(org.springframework.http.converter.HttpMessageNotReadableException e) {
        String path = org.citybrain.platform.JsonFaults.path(e);
        return problem(NgsiLdError.Type.InvalidRequest, path == null ? "the request body is not valid JSON" : path + ": the value has the wrong type");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<String> unexpected(Exception e) {
        if (e instanceof org.springframework.web.ErrorResponse r && r.getStatusCode().is4xxClientError()) {
            return ResponseEntity.status(r.getStatusCode()).header(HttpHeaders.CONTENT_TYPE, "application/json")
                    .body(body(NgsiLdError.Type.InvalidRequest, r.getStatusCode().value(), String.valueOf(r.getBody().getDetail())));
        }
        String incident = java.util.UUID.randomUUID().toString();
        log.error("NGSI-LD incident {}", incident, e);
        return problem(NgsiLdError.Type.InternalError, "internal error, incident " + incident);
    }

    private ResponseEntity<String> problem(NgsiLdError.Type type, String detail) {
        return ResponseEntity.status(type.status()).header(HttpHeaders.CONTENT_TYPE, "application/json").body(body(type, type.status(), detail));
    }

    private String body(NgsiLdError.Type type, int status, String detail) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", type.uri());
        p.put("title", type.name());
        p.put("status", status);
        p.put("detail", detail);
        return json.writeValueAsString(p);
    }
}
