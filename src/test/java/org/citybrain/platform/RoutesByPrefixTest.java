package org.citybrain.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

import jakarta.servlet.http.HttpServletRequest;
import org.citybrain.CityBrainTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request mapping that searches by prefix finds, for every route of the city and for requests no route takes, what
 * Spring's full search finds: the same handler with the same path variables, or the same refusal.
 */
@CityBrainTest
class RoutesByPrefixTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyRouteIsFoundAsSpringsFullSearchFindsIt() throws Exception {
        assertThat(mappings).isInstanceOf(RoutesByPrefix.class);
        RoutesByPrefix byPrefix = (RoutesByPrefix) mappings;
        List<String[]> requests = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mappings.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = e.getKey();
            List<String> methods = new ArrayList<>();
            info.getMethodsCondition().getMethods().forEach(m -> methods.add(m.name()));
            if (methods.isEmpty()) {
                methods.add("GET");
            }
            String contentType = info.getConsumesCondition().isEmpty() ? null : info.getConsumesCondition().getConsumableMediaTypes().iterator().next().toString();
            String accept = info.getProducesCondition().isEmpty() ? "*/*" : info.getProducesCondition().getProducibleMediaTypes().iterator().next().toString();
            for (String pattern : info.getPatternValues()) {
                MockHttpServletRequest own = new MockHttpServletRequest(methods.getFirst(), sample(pattern));
                ServletRequestPathUtils.parseAndCache(own);
                assertThat(byPrefix.candidates(own)).as("the routes searched for " + pattern).extracting(RoutesByPrefix.Route::handler).contains(e.getValue());
                for (String method : methods) {
                    requests.add(new String[] {method, sample(pattern), contentType, accept});
                    requests.add(new String[] {method, sample(pattern), null, "*/*"});
                }
            }
        }
        assertThat(requests).as("the city's routes").hasSizeGreaterThan(500);
        // requests no route takes: an unknown path, a known path with a method it lacks, a type it does not read
        requests.add(new String[] {"GET", "/api/enrollment/v1/nothing-here/x/y", null, "*/*"});
        requests.add(new String[] {"DELETE", "/api/enrollment/v1/applications", null, "*/*"});
        requests.add(new String[] {"POST", "/api/enrollment/v1/campaigns/c1/applications", "text/csv", "*/*"});
        requests.add(new String[] {"GET", "/ngsi-ld/v1/entities/urn%3Angsi-ld%3AHospital%3A1", null, "application/ld+json"});
        requests.add(new String[] {"GET", "/a%2Fb/c", null, "*/*"});
        int found = 0;
        for (String[] r : requests) {
            Object byPrefixAnswer = answer(r, req -> byPrefix.lookupHandlerMethod(ServletRequestPathUtils.getParsedRequestPath(req).pathWithinApplication().value(), req));
            Object fullAnswer = answer(r, req -> byPrefix.fullSearch(ServletRequestPathUtils.getParsedRequestPath(req).pathWithinApplication().value(), req));
            assertThat(byPrefixAnswer).as(String.join(" ", r[0], r[1], String.valueOf(r[2]), r[3])).isEqualTo(fullAnswer);
            if (byPrefixAnswer instanceof Found) {
                found++;
            }
        }
        assertThat(found).as("requests that reached a handler").isGreaterThan(500);
    }

    private interface Lookup {
        HandlerMethod find(HttpServletRequest request) throws Exception;
    }

    private record Found(String handler, Object variables) {
    }

    private static Object answer(String[] r, Lookup lookup) {
        MockHttpServletRequest request = new MockHttpServletRequest(r[0], r[1]);
        if (r[2] != null) {
            request.setContentType(r[2]);
        }
        request.addHeader("Accept", r[3]);
        ServletRequestPathUtils.parseAndCache(request);
        try {
            HandlerMethod h = lookup.find(request);
            return h == null ? "none" : new Found(h.toString(), request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE));
        } catch (Exception e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    private static String sample(String pattern) {
        Matcher m = java.util.regex.Pattern.compile("\\{\\*?([^}]+)}|\\*\\*|\\*").matcher(pattern);
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(path, m.group(1) != null ? "s-" + m.group(1) : "x");
        }
        m.appendTail(path);
        return path.isEmpty() ? "/" : path.toString();
    }

    @Test
    void patternsAreFiledUnderTheirPlainLeadingSegments() {
        assertThat(RoutesByPrefix.literalPrefix("/api/enrollment/v1/campaigns/{code}/applications")).containsExactly("api", "enrollment", "v1");
        assertThat(RoutesByPrefix.literalPrefix("/wallet/{n}")).containsExactly("wallet");
        assertThat(RoutesByPrefix.literalPrefix("/")).isEmpty();
        assertThat(RoutesByPrefix.literalPrefix("/{lang}/help")).isEmpty();
        assertThat(RoutesByPrefix.literalPrefix("/files/*.json")).containsExactly("files");
    }
}
