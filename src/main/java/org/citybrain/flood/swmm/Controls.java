package org.citybrain.flood.swmm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rule-based controls ([CONTROLS], SWMM 5 user's manual, "Rule-Based Controls"): each rule's premises (IF, AND, OR)
 * about a node's DEPTH, HEAD or INFLOW, a link's FLOW or DEPTH, a pump's STATUS, or the SIMULATION TIME or CLOCKTIME
 * (hours), compared by =, <>, <, <=, >, >= with a number (ON and OFF for a status); its actions (THEN, and ELSE when the
 * premises fail) set a pump's STATUS or a pump's, orifice's, weir's or outlet's SETTING. When rules act on the same
 * link, the one of highest PRIORITY wins, the later of equal ones. A rule that cannot be read is refused naming its line.
 */
final class Controls {

    /** What a premise reads, as the router knows it at the time of the step. */
    interface State {
        double node(String name, String attribute);

        double link(String name, String attribute);

        /** Hours since the start, and the hour of the day. */
        double hours();

        double clock();
    }

    record Premise(boolean or, String object, String name, String attribute, String relation, double value, int line) {
    }

    record Action(String name, String attribute, double value) {
    }

    record Rule(String id, List<Premise> premises, List<Action> then, List<Action> otherwise, double priority) {

        boolean holds(State s) {
            boolean result = false;
            boolean first = true;
            for (Premise p : premises) {
                boolean v = test(p, s);
                result = first ? v : p.or() ? result || v : result && v;
                first = false;
            }
            return result;
        }
    }

    private Controls() {
    }

    static List<Rule> read(InpFile inp) {
        List<Rule> rules = new ArrayList<>();
        String id = null;
        List<Premise> premises = null;
        List<Action> then = null, otherwise = null;
        List<Action> current = null;
        double priority = 0;
        for (InpFile.Row r : inp.rows("CONTROLS")) {
            String word = r.value(0).toUpperCase(Locale.ROOT);
            switch (word) {
                case "RULE" -> {
                    if (id != null) {
                        rules.add(new Rule(id, premises, then, otherwise, priority));
                    }
                    id = r.value(1);
                    premises = new ArrayList<>();
                    then = new ArrayList<>();
                    otherwise = new ArrayList<>();
                    priority = 0;
                    current = null;
                }
                case "IF", "AND", "OR" -> {
                    require(id, r);
                    premises.add(premise(r, word.equals("OR")));
                }
                case "THEN" -> {
                    require(id, r);
                    current = then;
                    current.add(action(r));
                }
                case "ELSE" -> {
                    require(id, r);
                    current = otherwise;
                    current.add(action(r));
                }
                case "PRIORITY" -> {
                    require(id, r);
                    priority = r.number(1, "Priority");
                }
                default -> throw new InpError(r.line(), "[CONTROLS]: a rule's lines start with RULE, IF, AND, OR, THEN, ELSE or PRIORITY, not " + r.value(0));
            }
            if (word.equals("AND") && current != null && premises.isEmpty()) {
                throw new InpError(r.line(), "[CONTROLS]: AND after an action is not read yet");
            }
        }
        if (id != null) {
            rules.add(new Rule(id, premises, then, otherwise, priority));
        }
        return rules;
    }

    /** The actions the rules take now, one per link and attribute: the highest priority's (the later among equals). */
    static List<Action> actions(List<Rule> rules, State state) {
        Map<String, Action> chosen = new java.util.LinkedHashMap<>();
        Map<String, Double> priorities = new java.util.HashMap<>();
        for (Rule rule : rules) {
            for (Action a : rule.holds(state) ? rule.then() : rule.otherwise()) {
                String key = a.name() + "\u0000" + a.attribute();
                if (!priorities.containsKey(key) || rule.priority() >= priorities.get(key)) {
                    priorities.put(key, rule.priority());
                    chosen.put(key, a);
                }
            }
        }
        return List.copyOf(chosen.values());
    }

    private static void require(String id, InpFile.Row r) {
        if (id == null) {
            throw new InpError(r.line(), "[CONTROLS]: " + r.value(0) + " before any RULE");
        }
    }

    private static Premise premise(InpFile.Row r, boolean or) {
        String object = r.value(1).toUpperCase(Locale.ROOT);
        if (object.equals("SIMULATION")) {
            // IF SIMULATION TIME > 2.5 | IF SIMULATION CLOCKTIME >= 8
            return new Premise(or, object, "", r.value(2).toUpperCase(Locale.ROOT), relation(r, 3), number(r, 4), r.line());
        }
        if (!List.of("NODE", "JUNCTION", "STORAGE", "OUTFALL", "LINK", "CONDUIT", "PUMP", "ORIFICE", "WEIR", "OUTLET").contains(object)) {
            throw new InpError(r.line(), "[CONTROLS]: a premise names a NODE, LINK, PUMP, ORIFICE, WEIR, OUTLET or the SIMULATION, not " + r.value(1));
        }
        return new Premise(or, object, r.value(2), r.value(3).toUpperCase(Locale.ROOT), relation(r, 4), number(r, 5), r.line());
    }

    private static Action action(InpFile.Row r) {
        // THEN PUMP P1 STATUS = ON | THEN ORIFICE O1 SETTING = 0.5
        String attribute = r.value(3).toUpperCase(Locale.ROOT);
        if (!attribute.equals("STATUS") && !attribute.equals("SETTING") || !r.value(4).equals("=")) {
            throw new InpError(r.line(), "[CONTROLS]: an action sets a STATUS or a SETTING with =, as in THEN PUMP P1 STATUS = ON");
        }
        return new Action(r.value(2), attribute, number(r, 5));
    }

    private static String relation(InpFile.Row r, int i) {
        String rel = r.value(i);
        if (!List.of("=", "<>", "<", "<=", ">", ">=").contains(rel)) {
            throw new InpError(r.line(), "[CONTROLS]: " + rel + " is not a relation (=, <>, <, <=, >, >=)");
        }
        return rel;
    }

    private static double number(InpFile.Row r, int i) {
        String v = r.value(i).toUpperCase(Locale.ROOT);
        return switch (v) {
            case "ON", "OPEN" -> 1;
            case "OFF", "CLOSED" -> 0;
            default -> {
                if (v.contains(":")) {
                    yield Rainfall.hours(r.line(), v);
                }
                yield r.number(i, "Value");
            }
        };
    }

    private static boolean test(Premise p, State s) {
        double v = switch (p.object()) {
            case "SIMULATION" -> p.attribute().equals("CLOCKTIME") ? s.clock() : s.hours();
            case "NODE", "JUNCTION", "STORAGE", "OUTFALL" -> s.node(p.name(), p.attribute());
            default -> s.link(p.name(), p.attribute());
        };
        return switch (p.relation()) {
            case "=" -> Math.abs(v - p.value()) < 1e-9;
            case "<>" -> Math.abs(v - p.value()) >= 1e-9;
            case "<" -> v < p.value();
            case "<=" -> v <= p.value();
            case ">" -> v > p.value();
            default -> v >= p.value();
        };
    }
}
