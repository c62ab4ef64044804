package org.citybrain;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.citybrain.identity.Action;
import org.citybrain.identity.Performs;
import org.citybrain.identity.Role;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every route of CityBrain as the tests that walk all of them see it: read from the application's request mappings,
 * with the actions each declares, the demo's callers (one per role, a device, a citizen, anonymous) and sample path
 * values that name nothing that exists (so that calling a route changes nothing).
 */
public final class Routes {

    /** A caller: who signs in (null: anonymous), and the roles the permission model should see. */
    public record Caller(String username, Set<Role> roles) {

        public boolean anonymous() {
            return username == null;
        }

        public boolean may(Route route) {
            return route.actions().stream().anyMatch(a -> a.isPublic() || !anonymous() && a.allows(roles));
        }

        public CityBrainClient client(int port) {
            return anonymous() ? CityBrainClient.anonymous(port) : CityBrainClient.basic(port, username, DemoAccounts.password(username));
        }

        @Override
        public String toString() {
            return anonymous() ? "anonymous" : username + " " + roles;
        }
    }

    public record Route(String method, String pattern, Set<Action> actions, boolean api, HandlerMethod handler) {

        /** The pattern with every path variable replaced by its sample (or {@code override} where given). */
        public String path(Map<String, String> override) {
            Matcher m = VARIABLE.matcher(pattern);
            StringBuilder path = new StringBuilder();
            while (m.find()) {
                String v = override.getOrDefault(m.group(1), SAMPLES.getOrDefault(m.group(1), "matrix"));
                m.appendReplacement(path, Matcher.quoteReplacement(v));
            }
            m.appendTail(path);
            return path.toString();
        }

        public String path() {
            return path(Map.of());
        }

        public List<String> variables() {
            List<String> names = new ArrayList<>();
            Matcher m = VARIABLE.matcher(pattern);
            while (m.find()) {
                names.add(m.group(1));
            }
            return names;
        }

        public boolean hasBody() {
            return !method.equals("GET") && !method.equals("DELETE");
        }

        @Override
        public String toString() {
            return method + " " + pattern;
        }
    }

    public static final List<Caller> CALLERS = List.of(
            new Caller(null, Set.of()),
            new Caller("jinshui.worker", EnumSet.of(Role.COMMUNITY_WORKER)),
            new Caller("jinshui.street", EnumSet.of(Role.STREET_OFFICIAL)),
            new Caller("jinshui", EnumSet.of(Role.DISTRICT_OFFICIAL)),
            new Caller("city", EnumSet.of(Role.CITY_OFFICIAL)),
            new Caller("health", EnumSet.of(Role.HEALTH_STAFF)),
            new Caller("hospital", EnumSet.of(Role.HOSPITAL_STAFF)),
            new Caller("commander", EnumSet.of(Role.COMMAND_CENTRE)),
            new Caller("bigdata", EnumSet.of(Role.DATA_BUREAU_ADMIN)),
            new Caller("auditor", EnumSet.of(Role.AUDITOR)),
            new Caller("jinshui.education", EnumSet.of(Role.DATA_OFFICER)),
            new Caller("gjj.officer", EnumSet.of(Role.SERVICE_OFFICER)),
            new Caller("hall.clerk", EnumSet.of(Role.HALL_CLERK)),
            new Caller("gate-410105001001", EnumSet.of(Role.DEVICE)),
            new Caller("410105198805120019", EnumSet.of(Role.CITIZEN)));

    /** Values for path variables: names nothing that exists, so that allowed callers change nothing. */
    public static final Map<String, String> SAMPLES = Map.ofEntries(Map.entry("id", "999999"), Map.entry("residentId", "999999"),
            Map.entry("taskId", "999999"), Map.entry("factId", "999999"), Map.entry("deviceId", "gate-410105001001"),
            Map.entry("divisionCode", "650000"), Map.entry("kid", "matrix-no-such-key"), Map.entry("attr", "matrixAttr"),
            Map.entry("type", "Hospital"), Map.entry("operation", "upsert"), Map.entry("account", "matrix-no-such-device"),
            Map.entry("code", "matrix-no-such-service"));
    static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");

    private Routes() {
    }

    /** CityBrain's own handlers; the error answers (/error) describe other requests' failures and perform no action. */
    public static boolean ours(HandlerMethod handler) {
        return handler.getBeanType().getPackageName().startsWith("org.citybrain")
                && !org.springframework.boot.webmvc.error.ErrorController.class.isAssignableFrom(handler.getBeanType());
    }

    public static List<Route> of(RequestMappingHandlerMapping mappings) {
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
                    routes.add(new Route(method, pattern, actions, api, handler));
                }
            }
        });
        return routes;
    }

    /** A demo caller the route allows, preferring a signed-in one (anonymous only for public routes). */
    public static Optional<Caller> allowedCaller(Route route) {
        return CALLERS.stream().filter(c -> !c.anonymous() && c.may(route)).findFirst().or(() -> CALLERS.stream().filter(c -> c.may(route)).findFirst());
    }
}
