package org.citybrain.flood.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.citybrain.flood.RiskLevel;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The city's flood emergency plan (防汛应急预案) as data: response levels IV (the lowest) to I, each triggered by a
 * warning level and carrying its actions, each action done by a responsible unit to each of its targets within a time
 * limit. A response at a level takes the actions of that level and of every lower one (a level-II response still
 * patrols the spots level IV sends people to). The demo's plan is {@code classpath:flood/emergency-plan.json}, after the
 * structure of 郑州市防汛应急预案; a city sets its own file with {@code citybrain.flood.emergency-plan}. It is checked when
 * read: four levels, each action's kind, targets and limit known, keys unique.
 */
@Component
class EmergencyPlan {

    /** Who or what an action is done to. */
    enum Target {
        /** every waterlogging spot in the response's area */
        SPOTS,
        /** the spots that are underpasses or tunnels (下穿隧道) */
        TUNNELS,
        /** the spots at risk: underpasses and the spots the city rates high (高) */
        HIGH_RISK_SPOTS,
        /** the communities within {@link #NEAR_SPOT_METRES} of a spot at risk */
        COMMUNITIES_AT_RISK,
        /** the response's area itself: one task for the district (or the city) */
        AREA
    }

    /** What is done: the kind decides how (warning residents is sent by the system itself). */
    enum Kind { PATROL, PUMP_TRUCK, CLOSE_ROAD, GUARD_METRO, EVACUATE, WARN_RESIDENTS, STANDBY }

    /** The reach of "near a spot" for the communities to warn and evacuate. */
    static final double NEAR_SPOT_METRES = 800;

    record PlanAction(String key, Kind kind, String unit, Target target, int minutes, String zh, String en) {
    }

    record Level(int number, RiskLevel triggeredBy, List<PlanAction> actions) {

        /** IV, III, II, I: as the plan and the headquarters name the level. */
        String roman() {
            return roman(number);
        }

        static String roman(int number) {
            return switch (number) {
                case 1 -> "I";
                case 2 -> "II";
                case 3 -> "III";
                case 4 -> "IV";
                default -> throw new IllegalArgumentException("a response level is 1..4: " + number);
            };
        }
    }

    record Plan(String name, List<Level> levels) {
    }

    private final Plan plan;

    EmergencyPlan(JsonMapper json, @Value("${citybrain.flood.emergency-plan:classpath:flood/emergency-plan.json}") Resource file) throws IOException {
        try (InputStream in = file.getInputStream()) {
            this.plan = checked(json.readValue(in, Plan.class), file.getDescription());
        }
    }

    String name() {
        return plan.name();
    }

    List<Level> levels() {
        return plan.levels();
    }

    /** The response level a warning of this level triggers: the most serious whose trigger it meets; 0 when none. */
    int levelFor(RiskLevel warning) {
        return plan.levels().stream().filter(l -> warning.compareTo(l.triggeredBy()) >= 0).mapToInt(Level::number).min().orElse(0);
    }

    /** The actions a response at this level takes: its own and every lower level's, the lowest level's first. */
    List<PlanAction> actionsAt(int number) {
        List<PlanAction> actions = new ArrayList<>();
        plan.levels().stream().filter(l -> l.number() >= number).sorted(java.util.Comparator.comparingInt(Level::number).reversed())
                .forEach(l -> actions.addAll(l.actions()));
        return actions;
    }

    private static Plan checked(Plan plan, String where) {
        if (plan.name() == null || plan.name().isBlank() || plan.levels() == null || plan.levels().size() != 4) {
            throw new IllegalStateException(where + ": a plan has a name and the four levels IV..I");
        }
        Set<Integer> numbers = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (Level l : plan.levels()) {
            if (l.number() < 1 || l.number() > 4 || !numbers.add(l.number()) || l.triggeredBy() == null || l.triggeredBy() == RiskLevel.NONE) {
                throw new IllegalStateException(where + ": each level is one of 1..4 (IV..I), once, triggered by BLUE..RED");
            }
            for (PlanAction a : l.actions() == null ? List.<PlanAction>of() : l.actions()) {
                if (a.key() == null || !a.key().matches("[a-z0-9-]{1,40}") || !keys.add(a.key()) || a.kind() == null || a.target() == null
                        || a.unit() == null || a.unit().isBlank() || a.minutes() < 1 || a.minutes() > 24 * 60 || a.zh() == null || a.en() == null) {
                    throw new IllegalStateException(where + ": action " + a.key() + " needs a unique key (a-z, 0-9, -), kind, target, unit, 1–1440 minutes, zh and en");
                }
            }
        }
        return plan;
    }
}
