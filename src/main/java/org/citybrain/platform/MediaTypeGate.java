package org.citybrain.platform;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before anything reads the request, a Content-Type that names no concrete media type ({@code *}/{@code *},
 * {@code text/*}, or no media type at all): Spring's own parsing fails on those deep inside the handler with an error
 * that is not the client's field. Answered 415 as ProblemDetails naming the header.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class MediaTypeGate extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
        String contentType = request.getContentType();
        if (contentType != null && !contentType.isBlank()) {
            String refusal = null;
            try {
                MediaType type = MediaType.parseMediaType(contentType);
                if (type.isWildcardType() || type.isWildcardSubtype()) {
                    refusal = "请求内容类型须为具体类型，不能是通配符 / the Content-Type must name a concrete media type, not a wildcard";
                }
            } catch (InvalidMediaTypeException e) {
                refusal = "请求内容类型无法解析 / the Content-Type is not a media type";
            }
            if (refusal != null) {
                response.setStatus(415);
                response.setContentType("application/problem+json;charset=UTF-8");
                response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Unsupported Media Type\",\"status\":415,\"detail\":\"" + refusal
                        + "\",\"field\":\"Content-Type\"}");
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
