package org.citybrain.platform;

import java.util.List;
import java.util.Map;

import org.citybrain.standards.InvalidStandardValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Turns bad input into a 4xx problem detail that names the field and the reason. Anything unexpected is
 * logged with an incident id and answered 500 with that id only: no stack trace reaches a client.
 */
@RestControllerAdvice(annotations = org.springframework.web.bind.annotation.RestController.class)
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 10)
class ProblemAnswers {

    private static final Logger log = LoggerFactory.getLogger(ProblemAnswers.class);

    @ExceptionHandler(InvalidStandardValue.class)
    ProblemDetail invalidValue(InvalidStandardValue e) {
        return field(HttpStatus.BAD_REQUEST, e.field(), e.getMessage());
    }

    @ExceptionHandler(NotFound.class)
    ProblemDetail notFound(NotFound e) {
        return field(HttpStatus.NOT_FOUND, e.field(), e.getMessage());
    }

    @ExceptionHandler(Forbidden.class)
    ProblemDetail forbidden(Forbidden e) {
        return field(HttpStatus.FORBIDDEN, e.field(), e.getMessage());
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ProblemDetail missing(MissingServletRequestParameterException e) {
        Class<?> type = e.getMethodParameter() == null ? null : e.getMethodParameter().getParameterType();
        String allowed = type != null && type.isEnum()
                ? " (" + String.join(", ", java.util.Arrays.stream(type.getEnumConstants()).map(Object::toString).toList()) + ")"
                : "";
        return field(HttpStatus.BAD_REQUEST, e.getParameterName(), "缺少参数 " + e.getParameterName() + " / parameter " + e.getParameterName() + " is required" + allowed);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail mismatch(MethodArgumentTypeMismatchException e) {
        String allowed = e.getRequiredType() != null && e.getRequiredType().isEnum()
                ? " (" + String.join(", ", java.util.Arrays.stream(e.getRequiredType().getEnumConstants()).map(Object::toString).toList()) + ")"
                : "";
        return field(HttpStatus.BAD_REQUEST, e.getName(), "参数 " + e.getName() + " 的值无效 / value of " + e.getName() + " is not valid" + allowed);
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ProblemDetail invalidBody(MethodArgumentNotValidException e) {
        List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
                .map((FieldError f) -> Map.of("field", f.getField(), "reason", String.valueOf(f.getDefaultMessage()))).toList();
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "请求内容无效 / the request is not valid");
        p.setProperty("errors", errors);
        if (!errors.isEmpty()) {
            p.setProperty("field", errors.getFirst().get("field"));
        }
        return p;
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ProblemDetail invalidParameter(HandlerMethodValidationException e) {
        var first = e.getParameterValidationResults().getFirst();
        String name = first.getMethodParameter().getParameterName();
        String reason = first.getResolvableErrors().getFirst().getDefaultMessage();
        return field(HttpStatus.BAD_REQUEST, name, name + ": " + reason);
    }

    @ExceptionHandler({AccessDeniedException.class, AuthenticationException.class})
    ResponseEntity<Void> security(RuntimeException e) {
        throw e; // let Spring Security's handlers answer 401/403
    }

    @ExceptionHandler(org.springframework.web.ErrorResponseException.class)
    ProblemDetail framework(org.springframework.web.ErrorResponseException e) {
        return e.getBody();
    }

    @ExceptionHandler(org.springframework.web.servlet.resource.NoResourceFoundException.class)
    ProblemDetail noResource(org.springframework.web.servlet.resource.NoResourceFoundException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "没有这个地址 / no such resource");
    }

    @ExceptionHandler(org.springframework.http.converter.HttpMessageNotReadableException.class)
    ProblemDetail unreadable(org.springframework.http.converter.HttpMessageNotReadableException e) {
        // A value of the wrong type (temperature "hot", a date that is not a date): name the field it sits in.
        if (e.getCause() instanceof tools.jackson.core.JacksonException j && j.getPath() != null && !j.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (var r : j.getPath()) {
                if (r.getPropertyName() != null) {
                    path.append(path.isEmpty() ? "" : ".").append(r.getPropertyName());
                } else {
                    path.append('[').append(r.getIndex()).append(']');
                }
            }
            String f = path.toString();
            return field(HttpStatus.BAD_REQUEST, f, "字段 " + f + " 的值无效 / value of " + f + " is not valid");
        }
        return field(HttpStatus.BAD_REQUEST, "body", "请求内容不是有效的JSON / the request body is not valid JSON");
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        String incident = java.util.UUID.randomUUID().toString();
        log.error("incident {}", incident, e);
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "系统内部错误，事件号 " + incident + " / internal error, incident " + incident);
        p.setProperty("incident", incident);
        return p;
    }

    static ProblemDetail field(HttpStatus status, String field, String reason) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, reason);
        p.setProperty("field", field);
        return p;
    }
}
