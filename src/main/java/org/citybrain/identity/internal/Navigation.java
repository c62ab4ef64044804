package org.citybrain.identity.internal;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.identity.Role;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The navigation by role, from the one permission model: a destination is listed for a user exactly when its action
 * allows her roles, so the menu and the home page never offer a page that would refuse her. The layout reads it as
 * {@code ${@navigation.items()}}; a new capability adds its page here (with its action) and nowhere else.
 */
@Component("navigation")
class Navigation {

    /** A page in the menu: its address, the message keys of its name and one-line description, and the action it performs. */
    record Item(String path, String label, String description, Action action, boolean current) {
    }

    private static final List<Item> ALL = List.of(
            new Item("/", "nav.home", "home.lead", Action.VIEW_HOME, false),
            new Item("/health/code", "nav.health", "home.health", Action.OWN_HEALTH_CODE, false),
            new Item("/services", "nav.services", "home.services", Action.APPLY_FOR_SERVICE, false),
            new Item("/enrollment", "nav.enrollment", "home.enrollment", Action.ENROLL_CHILD, false),
            new Item("/wallet", "nav.wallet", "home.wallet", Action.READ_OWN_CERTIFICATES, false),
            new Item("/messages", "nav.messages", "home.messages", Action.READ_OWN_NOTICES, false),
            new Item("/community", "nav.community", "home.community", Action.REGISTER_VISIT, false),
            new Item("/me", "nav.me", "home.me", Action.READ_OWN_RECORD, false),
            new Item("/loops", "nav.loops", "home.loops", Action.READ_FOLLOW_UP_TASKS, false),
            new Item("/residents", "nav.residents", "home.residents", Action.READ_RESIDENTS, false),
            new Item("/community", "nav.registrations", "home.registrations", Action.READ_REGISTRATIONS, false),
            new Item("/health/desk", "nav.healthDesk", "home.healthDesk", Action.READ_CORRECTIONS, false),
            new Item("/health/tests", "nav.tests", "home.tests", Action.RECORD_TEST_RESULT, false),
            new Item("/overview", "nav.overview", "home.overview", Action.VIEW_CITY_OVERVIEW, false),
            new Item("/twin", "nav.twin", "twin.lead", Action.READ_TWIN, false),
            new Item("/flood/report", "nav.floodReport", "home.floodReport", Action.REPORT_FLOODING, false),
            new Item("/flood/command", "nav.floodCommand", "home.floodCommand", Action.READ_FLOOD_RESPONSE, false),
            new Item("/flood", "nav.flood", "home.flood", Action.READ_FLOOD_SCENARIOS, false),
            new Item("/datahub", "nav.datahub", "home.datahub", Action.READ_DATA_SOURCES, false),
            new Item("/datahub/catalogue", "nav.catalogue", "home.catalogue", Action.READ_CATALOGUE, false),
            new Item("/datahub/sharing", "nav.sharing", "home.sharing", Action.READ_SHARING, false),
            new Item("/datahub/exchange", "nav.exchange", "home.exchange", Action.READ_EXCHANGE_LOG, false),
            // no role both manages the peers and asks them, so one of these two shows at most
            new Item("/datahub/peers", "nav.peers", "home.peers", Action.MANAGE_PEER_REGIONS, false),
            new Item("/datahub/peers", "nav.peers", "home.peers", Action.ASK_PEER_REGION, false),
            new Item("/services/queue", "nav.serviceQueue", "home.serviceQueue", Action.HANDLE_APPLICATIONS, false),
            new Item("/services/designer", "nav.designer", "home.designer", Action.PUBLISH_SERVICE, false),
            new Item("/services/counter", "nav.counter", "home.counter", Action.SERVE_AT_COUNTER, false),
            new Item("/enrollment/manage", "nav.enrollmentManage", "home.enrollmentManage", Action.RUN_ENROLLMENT, false),
            new Item("/services/statistics", "nav.serviceStatistics", "home.serviceStatistics", Action.READ_SERVICE_STATISTICS, false),
            new Item("/certificates/issuers", "nav.issuers", "home.issuers", Action.MANAGE_TRUSTED_ISSUERS, false),
            new Item("/audit", "nav.audit", "home.audit", Action.READ_AUDIT_TRAIL, false),
            new Item("/swagger-ui.html", "nav.api", "home.api", Action.READ_API_DOCS, false));

    private final CurrentUsers users;

    Navigation(CurrentUsers users) {
        this.users = users;
    }

    /** The signed-in user's destinations, the page being shown marked current; nothing for someone not signed in. */
    public List<Item> items() {
        CurrentUser user = users.current().orElse(null);
        if (user == null) {
            return List.of();
        }
        String path = currentPath();
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<Item> mine = ALL.stream().filter(i -> i.action().allows(user.roles())).filter(i -> seen.add(i.path())).toList();
        // the current destination is the longest one the path lies under (/flood/command, not /flood too)
        String current = mine.stream().map(Item::path).filter(p -> p.equals("/") ? "/".equals(path) : path.startsWith(p))
                .max(java.util.Comparator.comparingInt(String::length)).orElse(null);
        return mine.stream().map(i -> new Item(i.path(), i.label(), i.description(), i.action(), i.path().equals(current))).toList();
    }

    /** The destinations the home page offers as tiles: all but home itself. */
    public List<Item> tiles() {
        return items().stream().filter(i -> !i.path().equals("/")).toList();
    }

    /**
     * Who is signed in, as the top bar shows it: a citizen by her masked name (the bar is on the phone she holds up to
     * a guard, so never her ID number); staff by name and unit.
     */
    public String who() {
        CurrentUser user = users.current().orElse(null);
        if (user == null) {
            return "";
        }
        if (user.has(Role.CITIZEN)) {
            return maskName(user.displayName());
        }
        String name = user.displayName() == null || user.displayName().isBlank() ? user.username() : user.displayName();
        return user.unitName() == null || user.unitName().isBlank() ? name : name + " · " + user.unitName();
    }

    static String maskName(String name) {
        if (name == null || name.length() < 2) {
            return "*";
        }
        return name.length() == 2 ? name.charAt(0) + "*" : name.charAt(0) + "*".repeat(name.length() - 2) + name.charAt(name.length() - 1);
    }

    private static String currentPath() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a) {
            HttpServletRequest r = a.getRequest();
            return r.getRequestURI().substring(r.getContextPath().length());
        }
        return "";
    }
}
