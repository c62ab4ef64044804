package org.citybrain.identity;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainClient.Answer;
import org.citybrain.CityBrainTest;
import org.citybrain.Routes;
import org.citybrain.Routes.Caller;
import org.citybrain.Routes.Route;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
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

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyHandlerNamesItsAction() {
        List<String> undeclared = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            if (Routes.ours(handler) && handler.getMethodAnnotation(Performs.class) == null) {
                undeclared.add(handler.toString());
            }
        });
        assertThat(undeclared).as("handlers without @Performs").isEmpty();
    }

    @Test
    void everyOpenApiOperationIsARouteOfTheMatrix() {
        JsonNode doc = CityBrainClient.basic(port, "bigdata", "citybrain").get("/v3/api-docs").json();
        Set<String> routes = new LinkedHashSet<>();
        Routes.of(mappings).forEach(r -> routes.add(r.toString()));
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
        List<Route> routes = Routes.of(mappings);
        for (Caller caller : Routes.CALLERS) {
            CityBrainClient client = caller.client(port);
            for (Route route : routes) {
                Answer a = call(client, route);
                calls++;
                String verdict = verdict(caller, route, caller.may(route), a);
                if (verdict != null) {
                    wrong.add(caller + " " + route + " " + route.actions() + ": " + verdict);
                }
            }
        }
        assertThat(wrong).as("answers that disagree with the permission model").isEmpty();
        assertThat(calls).isGreaterThan(Routes.CALLERS.size() * 80);
    }

    /**
     * docs/security.md carries the permission model as a table generated from the code: every action, the roles it
     * allows, and the routes that perform it. When the code changes, the test fails and leaves the new table in
     * target/permission-table.md to copy into the document.
     */
    @Test
    void docsSecurityStatesThePermissionModelOfTheCode() throws Exception {
        java.util.Map<Action, java.util.SortedSet<String>> routesOf = new java.util.EnumMap<>(Action.class);
        for (Route r : Routes.of(mappings)) {
            r.actions().forEach(a -> routesOf.computeIfAbsent(a, k -> new java.util.TreeSet<>()).add("`" + r + "`"));
        }
        StringBuilder table = new StringBuilder("| action | 中文 | roles allowed | routes |\n|---|---|---|---|\n");
        for (Action a : Action.values()) {
            String roles = a.isPublic() ? "anyone, signed in or not" : a.roles().size() == Role.values().length ? "every role"
                    : String.join(", ", a.roles().stream().map(Role::name).toList());
            table.append("| ").append(a.name()).append(" (").append(a.en()).append(") | ").append(a.zh()).append(" | ").append(roles).append(" | ")
                    .append(String.join("<br>", routesOf.getOrDefault(a, new java.util.TreeSet<>(List.of("(URL rules, see above)"))))).append(" |\n");
        }
        String generated = table.toString();
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target"));
        java.nio.file.Files.writeString(java.nio.file.Path.of("target/permission-table.md"), generated);
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("docs/security.md"));
        String start = "<!-- permission-table:start -->\n";
        String end = "<!-- permission-table:end -->";
        assertThat(doc).contains(start).contains(end);
        assertThat(doc.substring(doc.indexOf(start) + start.length(), doc.indexOf(end)))
                .as("docs/security.md's table differs from the code: copy target/permission-table.md into it").isEqualTo(generated);
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

    static Answer call(CityBrainClient client, Route route) {
        if (route.api()) {
            return client.request(route.method(), route.path(), route.hasBody() ? "{}" : null, "Content-Type", "application/json", "Accept", "application/json");
        }
        return client.request(route.method(), route.path(), route.hasBody() ? "" : null, "Content-Type", "application/x-www-form-urlencoded",
                "Accept", "text/html");
    }
}
