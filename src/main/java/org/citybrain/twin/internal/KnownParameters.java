package org.citybrain.twin.internal;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.citybrain.twin.NgsiLdError;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses an NGSI-LD request whose query names a parameter its operation does not take ({@code pick} where it is not
 * supported, a typo such as {@code limt}): answered 400 with the names, never a 200 that silently ignored them.
 * An operation's parameters are its handler's {@code @RequestParam}s, so the list cannot drift from the code.
 */
final class KnownParameters implements HandlerInterceptor {

    private static final DefaultParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

    /** Derived from the code, the same on every node: a cache, not state. */
    private final Map<Method, Set<String>> known = new ConcurrentHashMap<>();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method) || request.getQueryString() == null) {
            return true;
        }
        Set<String> allowed = known.computeIfAbsent(method.getMethod(), KnownParameters::parametersOf);
        Set<String> unknown = new TreeSet<>();
        for (String name : request.getParameterMap().keySet()) {
            if (!allowed.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "this operation does not take the parameter(s) " + String.join(", ", unknown)
                    + "; it takes " + (allowed.isEmpty() ? "none" : String.join(", ", new TreeSet<>(allowed))));
        }
        return true;
    }

    private static Set<String> parametersOf(Method m) {
        Set<String> names = new TreeSet<>();
        String[] discovered = NAMES.getParameterNames(m);
        for (int i = 0; i < m.getParameterCount(); i++) {
            RequestParam p = new MethodParameter(m, i).getParameterAnnotation(RequestParam.class);
            if (p != null) {
                names.add(!p.name().isEmpty() ? p.name() : !p.value().isEmpty() ? p.value() : discovered[i]);
            }
        }
        return Set.copyOf(names);
    }
}
