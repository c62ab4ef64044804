package org.citybrain.identity;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainClient.Answer;
import org.citybrain.CityBrainTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route of CityBrain — each request mapping of the application and each operation of its OpenAPI document, so
 * that a new route is covered without editing this test — called as anonymous, as every role, as a device and as a
 * citizen, and each answer compared with the permission model ({@link Action}): no caller gets past a route whose
 * actions her roles do not allow, and no caller the model allows is refused for her role.
 */
@CityBrainTest
class PermissionMatrixTest {

    /** A caller: who signs in, and the roles the model should see. */
    record Caller(String username, String password, Set<Role> roles) {

        boolean anonymous() {
            return username == null;
        }

        @Override
        public String toString() {
            return anonymous() ? "anonymous" : username + " " + roles;
        }
    }

    record Route(String method, String pattern, Set<Action> actions, boolean api) {
    }

    static final List<Caller> CALLERS = List.of(
            new Caller(null, null, Set.of()),
            new Caller("jinshui.worker", "citybrain", EnumSet.of(Role.COMMUNITY_WORKER)),
            new Caller("jinshui.street", "citybrain", EnumSet.of(Role.STREET_OFFICIAL)),
            new Caller("jinshui", "citybrain", EnumSet.of(Role.DISTRICT_OFFICIAL)),
            new Caller("city", "citybrain", EnumSet.of(Role.CITY_OFFICIAL)),
            new Caller("health", "citybrain", EnumSet.of(Role.HEALTH_STAFF)),
            new Caller("hospital", "citybrain", EnumSet.of(Role.HOSPITAL_STAFF)),
            new Caller("commander", "citybrain", EnumSet.of(Role.COMMAND_CENTRE)),
            new Caller("bigdata", "citybrain", EnumSet.of(Role.DATA_BUREAU_ADMIN)),
            new Caller("auditor", "citybrain", EnumSet.of(Role.AUDITOR)),
            new Caller("gate-410105001001", null, EnumSet.of(Role.DEVICE)),
            new Caller("410105198805120019", "citybrain", EnumSet.of(Role.CITIZEN)));

    /** Values for path variables: names nothing that exists, so that allowed callers change nothing. */
    static final Map<String, String> SAMPLES = Map.ofEntries(Map.entry("id", "999999"), Map.entry("residentId", "999999"),
            Map.entry("taskId", "999999"), Map.entry("factId", "999999"), Map.entry("deviceId", "gate-410105001001"),
            Map.entry("divisionCode", "650000"), Map.entry("kid", "matrix-no-such-key"), Map.entry("attr", "matrixAttr"),
            Map.entry("type", "Hospital"), Map.entry("operation", "upsert"));
    static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;
    @Test
    void everyHandlerNamesItsAction() {
        List<String> undeclared = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            if (ours(handler) && handler.getMethodAnnotation(Performs.class) == null) {
                undeclared.add(handler.toString());
            }
        });
        assertThat(undeclared).as("handlers without @Performs").isEmpty();
    }

    @Test
    void everyOpenApiOperationIsARouteOfTheMatrix() {
        JsonNode doc = client(CALLERS.get(8)).get("/v3/api-docs").json();
        Set<String> routes = new LinkedHashSet<>();
        routes().forEach(r -> routes.add(r.method() + " " + r.pattern()));
        List<String> missing = new ArrayList<>();
        doc.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            String key = op.getKey().toUpperCase() + " " + path.getKey();
            if (!routes.contains(key)) {
                missing.add(key);
            }
        }));
        assertThat(missing).isEmpty();
        assertThat(routes.size()).isGreaterThan(80);
    }

    @Test
    void noCallerGetsPastARouteHerRolesDoNotAllow() {
        List<String> wrong = new ArrayList<>();
        int calls = 0;
        for (Caller caller : CALLERS) {
            CityBrainClient client = client(caller);
            for (Route route : routes()) {
                Answer a = call(client, route);
                calls++;
                boolean allowed = route.actions().stream().anyMatch(x -> x.isPublic() || !caller.anonymous() && x.allows(caller.roles()));
                String verdict = verdict(caller, route, allowed, a);
                if (verdict != null) {
                    wrong.add(caller + " " + route.method() + " " + route.pattern() + " " + route.actions() + ": " + verdict);
                }
            }
        }
        assertThat(wrong).as("answers that disagree with the permission model").isEmpty();
        assertThat(calls).isGreaterThan(CALLERS.size() * 80);
    }

    /** Null when the answer agrees with the model, else what is wrong with it. */
    static String verdict(Caller caller, Route route, boolean allowed, Answer a) {
        boolean roleRefusal = a.body().contains("your role may not") || a.body().contains("your role does not allow");
        boolean loginAsked = a.status() == 401 || a.status() == 302 && a.headers().firstValue("Location").orElse("").endsWith("/login");
        if (a.status() >= 500) {
            return "server error " + a.status();
        }
        if (!allowed) {
            if (caller.anonymous()) {
                // asked to sign in, or (a form post without a CSRF token) refused before anything else
                return loginAsked || a.status() == 403 ? null : "anonymous got " + a.status();
            }
            return a.status() == 403 ? null : "not allowed, got " + a.status();
        }
        if (loginAsked && !route.actions().stream().allMatch(Action::isPublic)) {
            return "allowed, but asked to sign in (" + a.status() + ")";
        }
        return a.status() == 403 && roleRefusal ? "allowed, but refused for the role" : null;
    }

    Answer call(CityBrainClient client, Route route) {
        Matcher m = VARIABLE.matcher(route.pattern());
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(path, Matcher.quoteReplacement(SAMPLES.getOrDefault(m.group(1), "matrix")));
        }
        m.appendTail(path);
        boolean body = !route.method().equals("GET") && !route.method().equals("DELETE");
        if (route.api()) {
            return client.request(route.method(), path.toString(), body ? "{}" : null, "Content-Type", "application/json", "Accept", "application/json");
        }
        return client.request(route.method(), path.toString(), body ? "" : null, "Content-Type", "application/x-www-form-urlencoded", "Accept", "text/html");
    }

    CityBrainClient client(Caller caller) {
        if (caller.anonymous()) {
            return CityBrainClient.anonymous(port);
        }
        return CityBrainClient.basic(port, caller.username(), caller.password() == null ? org.citybrain.DemoAccounts.password(caller.username()) : caller.password());
    }

    List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        mappings.getHandlerMethods().forEach((RequestMappingInfo info, HandlerMethod handler) -> {
            if (!ours(handler)) {
                return;
            }
            Performs performs = handler.getMethodAnnotation(Performs.class);
            Set<Action> actions = performs == null ? Set.of() : Set.of(performs.value());
            boolean api = handler.getBeanType().isAnnotationPresent(RestController.class);
            Set<String> methods = new LinkedHashSet<>();
            info.getMethodsCondition().getMethods().forEach(x -> methods.add(x.name()));
            if (methods.isEmpty()) {
                methods.add("GET");
            }
            for (String pattern : info.getPatternValues()) {
                for (String method : methods) {
                    routes.add(new Route(method, pattern, actions, api));
                }
            }
        });
        return routes;
    }

    static boolean ours(HandlerMethod handler) {
        return handler.getBeanType().getPackageName().startsWith("org.citybrain");
    }

}
