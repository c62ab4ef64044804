package org.citybrain.platform;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request parameter (query or form) that carries a NUL or another control character other than tab and line
 * breaks: no field of CityBrain takes one, and PostgreSQL cannot even store a NUL in text, so such a value would fail
 * deep inside a query instead of being named here. Answered 400 as ProblemDetails naming the parameter.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 6)
class ParameterGate extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
        for (Map.Entry<String, String[]> p : request.getParameterMap().entrySet()) {
            boolean bad = controls(p.getKey());
            for (String v : p.getValue()) {
                bad |= controls(v);
            }
            if (bad) {
                String field = controls(p.getKey()) ? "parameter" : p.getKey().replaceAll("[^A-Za-z0-9_.\\-\\[\\]]", "");
                response.setStatus(400);
                response.setContentType("application/problem+json;charset=UTF-8");
                response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\"参数含有控制字符 / the parameter "
                        + "contains a control character\",\"field\":\"" + field + "\"}");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static boolean controls(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f) {
                return true;
            }
        }
        return false;
    }
}
