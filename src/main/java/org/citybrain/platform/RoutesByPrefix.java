package org.citybrain.platform;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.server.PathContainer;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Spring MVC's request mapping, finding a request's handler among the routes that share its path's first segments
 * instead of among all of them.
 *
 * <p>Why: Spring looks a path up directly only when a route has no variables; any other request (the family's
 * {@code POST /api/enrollment/v1/campaigns/{code}/applications}, a sensor's {@code PATCH /ngsi-ld/v1/entities/{id}/attrs})
 * is tried against every route of the city, some 700 of them, each asking the request for its method and headers
 * through Spring Security's wrappers. In the enrollment rush that search was a fifth of the node's CPU (JFR, docs/benchmarks.md).
 *
 * <p>How: each route is filed under its pattern's leading literal segments (at most {@value #DEPTH}); a request's
 * candidates are the routes filed under its own first zero to {@value #DEPTH} segments, compared as
 * {@link PathPattern} compares them (decoded, without matrix variables, case-sensitive as Spring's default parser is).
 * Every route that can match the path is among them, so Spring's own matching and ordering pick the same handler as
 * its full search. Whatever this does not settle — no match (404, 405, 415 and their reasons), two equally good matches,
 * a CORS pre-flight — goes to Spring's full search unchanged.
 */
class RoutesByPrefix extends RequestMappingHandlerMapping {

    static final int DEPTH = 3;

    record Route(RequestMappingInfo info, HandlerMethod handler) {
    }

    /** Rebuilt whole whenever a route is added or removed after start (rare): readers never see it half built. */
    private volatile Map<List<String>, List<Route>> routes = Map.of();

    @Override
    protected void handlerMethodsInitialized(Map<RequestMappingInfo, HandlerMethod> handlerMethods) {
        super.handlerMethodsInitialized(handlerMethods);
        file(handlerMethods);
    }

    @Override
    public void registerMapping(RequestMappingInfo mapping, Object handler, Method method) {
        super.registerMapping(mapping, handler, method);
        file(getHandlerMethods());
    }

    @Override
    public void unregisterMapping(RequestMappingInfo mapping) {
        super.unregisterMapping(mapping);
        file(getHandlerMethods());
    }

    private void file(Map<RequestMappingInfo, HandlerMethod> handlerMethods) {
        Map<List<String>, List<Route>> filed = new HashMap<>();
        handlerMethods.forEach((info, handler) -> {
            if (info.getPathPatternsCondition() == null) {
                filed.computeIfAbsent(List.of(), k -> new ArrayList<>()).add(new Route(info, handler));
                return;
            }
            for (PathPattern pattern : info.getPathPatternsCondition().getPatterns()) {
                filed.computeIfAbsent(literalPrefix(pattern.getPatternString()), k -> new ArrayList<>()).add(new Route(info, handler));
            }
        });
        filed.replaceAll((k, v) -> List.copyOf(v));
        routes = Map.copyOf(filed);
    }

    /** The pattern's leading segments that are plain text, at most {@value #DEPTH}: "/api/enrollment/v1/campaigns/{code}" → [api, enrollment, v1]. */
    static List<String> literalPrefix(String pattern) {
        List<String> prefix = new ArrayList<>(DEPTH);
        for (String segment : pattern.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (prefix.size() == DEPTH || segment.chars().anyMatch(c -> c == '{' || c == '}' || c == '*' || c == '?')) {
                break;
            }
            prefix.add(segment);
        }
        return List.copyOf(prefix);
    }

    @Override
    protected HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request) throws Exception {
        if (CorsUtils.isPreFlightRequest(request) || !ServletRequestPathUtils.hasParsedRequestPath(request)) {
            return super.lookupHandlerMethod(lookupPath, request);
        }
        // each candidate as Spring narrows it for this request (the patterns, methods and types that matched)
        List<Route> found = new ArrayList<>(2);
        for (Route r : candidates(request)) {
            RequestMappingInfo matching = getMatchingMapping(r.info(), request);
            if (matching != null) {
                found.add(new Route(matching, r.handler()));
            }
        }
        if (found.isEmpty()) {
            return super.lookupHandlerMethod(lookupPath, request);
        }
        Route best = found.getFirst();
        if (found.size() > 1) {
            Comparator<RequestMappingInfo> order = getMappingComparator(request);
            found.sort((a, b) -> order.compare(a.info(), b.info()));
            best = found.getFirst();
            if (order.compare(best.info(), found.get(1).info()) == 0 && best.handler() != found.get(1).handler()) {
                return super.lookupHandlerMethod(lookupPath, request); // Spring names the ambiguity
            }
        }
        request.setAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE, best.handler());
        handleMatch(best.info(), lookupPath, request);
        return best.handler();
    }

    /** The routes filed under the request path's first zero to {@value #DEPTH} segments. */
    List<Route> candidates(HttpServletRequest request) {
        List<String> segments = new ArrayList<>(DEPTH);
        for (PathContainer.Element e : ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication().elements()) {
            if (e instanceof PathContainer.PathSegment s) {
                if (segments.size() == DEPTH) {
                    break;
                }
                segments.add(s.valueToMatch());
            }
        }
        Map<List<String>, List<Route>> filed = routes;
        List<Route> candidates = new ArrayList<>();
        for (int k = 0; k <= segments.size(); k++) {
            candidates.addAll(filed.getOrDefault(segments.subList(0, k), List.of()));
        }
        return candidates;
    }

    /** Spring's own search among all routes: what the test compares this one with. */
    HandlerMethod fullSearch(String lookupPath, HttpServletRequest request) throws Exception {
        return super.lookupHandlerMethod(lookupPath, request);
    }
}
