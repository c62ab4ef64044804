package org.citybrain.platform;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.citybrain.standards.InvalidStandardValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Turns bad input into a 4xx problem detail that names the request's own field and the reason. Every answer is
 * written as application/problem+json whatever the client said it accepts (the content type is set here, so Spring
 * writes the body without negotiating: a client that asked for image/png still learns what was wrong). Anything
 * unexpected is logged with an incident id and answered 500 with that id only: no stack trace reaches a client.
 */
@RestControllerAdvice(annotations = org.springframework.web.bind.annotation.RestController.class)
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 10)
class ProblemAnswers {

    private static final Logger log = LoggerFactory.getLogger(ProblemAnswers.class);

    @ExceptionHandler(InvalidStandardValue.class)
    ResponseEntity<ProblemDetail> invalidValue(InvalidStandardValue e) {
        ResponseEntity<ProblemDetail> answer = field(HttpStatus.BAD_REQUEST, e.field(), e.getMessage());
        if (e.all().size() > 1) {
            // every problem of the request, as the bean-validation answers list them
            answer.getBody().setProperty("errors", e.all().stream().map(p -> java.util.Map.of("field", p.field(), "reason", p.getMessage())).toList());
        }
        return answer;
    }

    @ExceptionHandler(NotFound.class)
    ResponseEntity<ProblemDetail> notFound(NotFound e) {
        return field(HttpStatus.NOT_FOUND, e.field(), e.getMessage());
    }

    @ExceptionHandler(Forbidden.class)
    ResponseEntity<ProblemDetail> forbidden(Forbidden e) {
        return field(HttpStatus.FORBIDDEN, e.field(), e.getMessage());
    }

    @ExceptionHandler(Conflict.class)
    ResponseEntity<ProblemDetail> conflict(Conflict e) {
        return field(HttpStatus.CONFLICT, e.field(), e.getMessage());
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missing(MissingServletRequestParameterException e) {
        Class<?> type = e.getMethodParameter() == null ? null : e.getMethodParameter().getParameterType();
        return field(HttpStatus.BAD_REQUEST, e.getParameterName(), "缺少参数 " + e.getParameterName() + " / parameter " + e.getParameterName()
                + " is required" + allowed(type));
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<ProblemDetail> missingHeader(MissingRequestHeaderException e) {
        return field(HttpStatus.BAD_REQUEST, e.getHeaderName(), "缺少请求头 " + e.getHeaderName() + " / header " + e.getHeaderName() + " is required");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> mismatch(MethodArgumentTypeMismatchException e) {
        return field(HttpStatus.BAD_REQUEST, e.getName(), "参数 " + e.getName() + " 的值无效 / value of " + e.getName() + " is not valid"
                + allowed(e.getRequiredType()));
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ProblemDetail> invalidBody(MethodArgumentNotValidException e) {
        List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
                .map((FieldError f) -> Map.of("field", f.getField(), "reason", String.valueOf(f.getDefaultMessage()))).toList();
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "请求内容无效 / the request is not valid");
        p.setProperty("errors", errors);
        if (!errors.isEmpty()) {
            p.setProperty("field", errors.getFirst().get("field"));
        }
        return answer(p);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ProblemDetail> invalidParameter(HandlerMethodValidationException e) {
        var first = e.getParameterValidationResults().getFirst();
        String name = first.getMethodParameter().getParameterName();
        String reason = first.getResolvableErrors().getFirst().getDefaultMessage();
        return field(HttpStatus.BAD_REQUEST, name, name + ": " + reason);
    }

    @ExceptionHandler({AccessDeniedException.class, AuthenticationException.class})
    ResponseEntity<Void> security(RuntimeException e) {
        throw e; // let Spring Security's handlers answer 401/403
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> unsupported(HttpMediaTypeNotSupportedException e) {
        return field(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type", "不支持的内容类型，请发送 application/json / unsupported media type: send application/json");
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ProblemDetail> unacceptable(HttpMediaTypeNotAcceptableException e) {
        return field(HttpStatus.NOT_ACCEPTABLE, "Accept", "无法以所要求的格式回答，可接受 application/json / cannot answer in that media type: accept application/json");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
        return field(HttpStatus.METHOD_NOT_ALLOWED, "method", "不支持 " + e.getMethod() + " 请求 / method " + e.getMethod() + " is not allowed here");
    }

    @ExceptionHandler(org.springframework.web.servlet.resource.NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noResource(org.springframework.web.servlet.resource.NoResourceFoundException e) {
        return field(HttpStatus.NOT_FOUND, "url", "没有这个地址 / no such resource");
    }

    @ExceptionHandler(org.springframework.http.converter.HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(org.springframework.http.converter.HttpMessageNotReadableException e) {
        // A value of the wrong type (temperature "hot", a date that is not a date): name the field it sits in.
        String f = JsonFaults.path(e);
        if (f != null) {
            return field(HttpStatus.BAD_REQUEST, f, "字段 " + f + " 的值无效 / value of " + f + " is not valid");
        }
        return field(HttpStatus.BAD_REQUEST, "body", "请求内容不是有效的JSON / the request body is not valid JSON");
    }

    /**
     * A value the database refused (too long for its column, out of range): validation should have named it first; if
     * it did not, the client still gets a 4xx, and the log says which check is missing.
     */
    @ExceptionHandler(org.springframework.dao.DataIntegrityViolationException.class)
    ResponseEntity<ProblemDetail> refusedByTheDatabase(org.springframework.dao.DataIntegrityViolationException e) {
        String incident = java.util.UUID.randomUUID().toString();
        log.warn("incident {}: a value reached the database unchecked", incident, e);
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "某个值过长或超出范围 / a value is too long or out of range");
        p.setProperty("field", "body");
        p.setProperty("incident", incident);
        return answer(p);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (e instanceof ErrorResponse r && r.getStatusCode().is4xxClientError()) {
            // The framework's other refusals (its exceptions know their status): answered with that status, never 500.
            ProblemDetail p = r.getBody();
            p.setProperty("field", "request");
            return answer(p);
        }
        String incident = java.util.UUID.randomUUID().toString();
        log.error("incident {}", incident, e);
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "系统内部错误，事件号 " + incident + " / internal error, incident " + incident);
        p.setProperty("incident", incident);
        return answer(p);
    }

    static ResponseEntity<ProblemDetail> field(HttpStatus status, String field, String reason) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, reason);
        p.setProperty("field", field);
        return answer(p);
    }

    static ResponseEntity<ProblemDetail> answer(ProblemDetail p) {
        return ResponseEntity.status(HttpStatusCode.valueOf(p.getStatus())).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }

    private static String allowed(Class<?> type) {
        return type != null && type.isEnum() ? " (" + String.join(", ", Arrays.stream(type.getEnumConstants()).map(Object::toString).toList()) + ")" : "";
    }
}
