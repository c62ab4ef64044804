package org.citybrain.health.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.citybrain.health.CodeColour;
import org.citybrain.standards.InvalidStandardValue;

/**
 * The health code's rules as a decision table with the FIRST hit policy (as in DMN): the inputs are the facts
 * summarised into a {@link Situation}; the first row whose conditions all hold gives the colour, the reason the
 * citizen reads and what turns the code green. The table is data, published in versions by the health commission.
 *
 * <p>Why not a DMN engine: Camunda 7's community edition reached its end of life in 2025 and Drools' DMN runtime
 * brings hundreds of megabytes; this table needs only “input equals value” conditions over seven enumerated inputs,
 * which the few lines below evaluate and {@code DecisionTableTest} covers row by row.
 *
 * @param lookbackDays     how far back arrivals, contacts and test results count
 * @param feverHours       how long a declaration of fever counts
 * @param feverTemperature from which temperature (°C) a declaration is fever
 */
record DecisionTable(int version, int lookbackDays, int feverHours, double feverTemperature, List<Rule> rules) {

    /** The inputs and the values each may take. */
    static final Map<String, Set<String>> INPUTS = Map.of(
            "manual", Set.of("NONE", "GREEN", "YELLOW", "RED"),
            "positive", Set.of("true", "false"),
            "quarantine", Set.of("true", "false"),
            "closeContact", Set.of("true", "false"),
            "riskArrival", Set.of("NONE", "MEDIUM", "HIGH"),
            "fever", Set.of("true", "false"),
            "cleared", Set.of("true", "false"));

    /** One row: conditions (input → value; an input not named matches anything), the colour, and texts by language. */
    record Rule(String id, Map<String, String> when, CodeColour colour, Map<String, String> why, Map<String, String> remedy) {

        boolean matches(Map<String, String> inputs) {
            return when.entrySet().stream().allMatch(c -> c.getValue().equals(inputs.get(c.getKey())));
        }

        String why(boolean english) {
            return why.getOrDefault(english ? "en" : "zh", why.getOrDefault("zh", id));
        }

        String remedy(boolean english) {
            return remedy.getOrDefault(english ? "en" : "zh", remedy.getOrDefault("zh", ""));
        }
    }

    Rule decide(Map<String, String> inputs) {
        return rules.stream().filter(r -> r.matches(inputs)).findFirst()
                .orElseThrow(() -> new IllegalStateException("decision table v" + version + " has no row for " + inputs));
    }

    Rule rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
    }

    /** Refuses a table that could leave a person without a colour or names inputs that do not exist. */
    DecisionTable validated() {
        if (rules == null || rules.isEmpty()) {
            throw new InvalidStandardValue("rules", "决策表至少需要一条规则 / the table needs at least one rule");
        }
        if (lookbackDays < 1 || lookbackDays > 60 || feverHours < 1 || feverHours > 168 || feverTemperature < 37.0 || feverTemperature > 39.0) {
            throw new InvalidStandardValue("lookbackDays", "回溯天数1–60、发热时效1–168小时、发热体温37.0–39.0 °C / lookback 1–60 days, fever 1–168 h and 37.0–39.0 °C");
        }
        Set<String> ids = new java.util.HashSet<>();
        for (Rule r : rules) {
            if (r.id() == null || !r.id().matches("[A-Z][A-Z0-9_]{1,39}") || !ids.add(r.id())) {
                throw new InvalidStandardValue("rules.id", "规则编号须唯一，大写字母、数字和下划线 / rule ids are unique upper-case words: " + r.id());
            }
            if (r.colour() == null || r.why() == null || r.why().get("zh") == null || r.remedy() == null) {
                throw new InvalidStandardValue("rules." + r.id(), "每条规则须有颜色、中文原因和转绿条件 / each rule needs a colour, a Chinese reason and a remedy");
            }
            if (r.when() == null) {
                throw new InvalidStandardValue("rules." + r.id() + ".when", "每条规则须有 when（无条件时为 {}） / each rule needs its when ({} for none)");
            }
            for (var c : r.when().entrySet()) {
                Set<String> allowed = INPUTS.get(c.getKey());
                if (allowed == null || !allowed.contains(c.getValue())) {
                    throw new InvalidStandardValue("rules." + r.id() + ".when." + c.getKey(), "未知的输入或取值 / unknown input or value; inputs: " + INPUTS);
                }
            }
        }
        // FIRST hit: a row whose conditions include all of an earlier row's can never be reached (the earlier row
        // matches whenever it would). Such a table does not say what its author meant: refused, naming both rows.
        for (int j = 1; j < rules.size(); j++) {
            for (int i = 0; i < j; i++) {
                if (rules.get(j).when().entrySet().containsAll(rules.get(i).when().entrySet())) {
                    throw new InvalidStandardValue("rules." + rules.get(j).id(), "规则 " + rules.get(j).id() + " 永远不会生效：前面的规则 " + rules.get(i).id()
                            + " 已涵盖它 / rule " + rules.get(j).id() + " can never apply: the earlier rule " + rules.get(i).id() + " matches whenever it would");
                }
            }
        }
        if (!rules.getLast().when().isEmpty()) {
            throw new InvalidStandardValue("rules", "最后一条规则须无条件，保证每人都有颜色 / the last rule must have no conditions, so that everyone gets a colour");
        }
        return this;
    }
}
