package org.citybrain.services.internal;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.operaton.bpm.dmn.engine.DmnDecision;
import org.operaton.bpm.dmn.engine.DmnDecisionTableResult;
import org.operaton.bpm.dmn.engine.DmnDecisionRuleResult;
import org.operaton.bpm.dmn.engine.DmnEngine;
import org.operaton.bpm.dmn.engine.DmnEngineConfiguration;
import org.operaton.bpm.model.dmn.Dmn;
import org.operaton.bpm.model.dmn.DmnModelInstance;
import org.operaton.bpm.model.dmn.instance.Decision;
import org.operaton.bpm.model.dmn.instance.DecisionTable;
import org.operaton.bpm.model.dmn.instance.Input;
import org.operaton.bpm.model.dmn.instance.Output;

/**
 * A service's eligibility as a DMN 1.3 decision table, run by Operaton's DMN engine with FEEL (the Scala FEEL
 * engine it ships). The table's rows are the service's rules in order (hit policy FIRST): each refusing row names the
 * condition that failed and what would change it, the granting row computes the amount. Its outputs are fixed so
 * that every decision explains itself: {@code outcome} (GRANT, REFUSE, REVIEW), {@code rule}, {@code reasonZh},
 * {@code reasonEn}, and optionally {@code amount}.
 */
final class EligibilityTable {

    /** One engine for all tables: it is thread-safe and costly to build. */
    private static final DmnEngine ENGINE = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();

    static final List<String> OUTPUTS = List.of("outcome", "rule", "reasonZh", "reasonEn");

    enum Outcome { GRANT, REFUSE, REVIEW }

    /** The table's answer for one application: its outcome, the rule that gave it, why (both languages), and the amount. */
    record Verdict(Outcome outcome, String rule, String reasonZh, String reasonEn, BigDecimal amount) {
    }

    private final DmnDecision decision;
    private final Set<String> inputNames;

    private EligibilityTable(DmnDecision decision, Set<String> inputNames) {
        this.decision = decision;
        this.inputNames = inputNames;
    }

    /** Parses and checks a table: one decision table, hit policy FIRST, the fixed outputs; refused with the reason. */
    static EligibilityTable parse(String xml) {
        DmnModelInstance model;
        try {
            model = Dmn.readModelFromStream(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("DMN 文件无法解析 / the DMN file does not parse: " + rootMessage(e));
        }
        List<Decision> decisions = new ArrayList<>(model.getModelElementsByType(Decision.class));
        if (decisions.size() != 1) {
            throw new IllegalArgumentException("DMN 文件应只有一个决策 / the DMN file must hold exactly one decision (it holds " + decisions.size() + ")");
        }
        if (!(decisions.getFirst().getExpression() instanceof DecisionTable table)) {
            throw new IllegalArgumentException("决策应为决策表 / the decision must be a decision table");
        }
        if (!"FIRST".equals(table.getHitPolicy().name())) {
            throw new IllegalArgumentException("决策表的命中策略应为 FIRST（按行序，第一条符合的规则决定） / the table's hit policy must be FIRST (the first matching row decides)");
        }
        Set<String> outputs = new LinkedHashSet<>();
        for (Output o : table.getOutputs()) {
            outputs.add(o.getName());
        }
        for (String required : OUTPUTS) {
            if (!outputs.contains(required)) {
                throw new IllegalArgumentException("决策表缺少输出列 " + required + " / the table lacks the output " + required);
            }
        }
        Set<String> names = new LinkedHashSet<>();
        for (Input in : table.getInputs()) {
            String text = in.getInputExpression() == null || in.getInputExpression().getText() == null ? "" : in.getInputExpression().getText().getTextContent();
            names.addAll(leadingNames(text));
        }
        int outcomeColumn = new ArrayList<>(outputs).indexOf("outcome");
        for (var rule : table.getRules()) {
            // an outcome the workflow does not know would fail the first application it decides: refuse it on publishing
            var outcomeEntry = new ArrayList<>(rule.getOutputEntries()).get(outcomeColumn);
            String literal = outcomeEntry.getText() == null ? "" : outcomeEntry.getText().getTextContent().strip();
            if (literal.startsWith("\"") && literal.endsWith("\"") && java.util.Arrays.stream(Outcome.values())
                    .noneMatch(o -> literal.equals("\"" + o.name() + "\""))) {
                throw new IllegalArgumentException("决策表的结果 " + literal + " 不是 GRANT、REFUSE 或 REVIEW / the outcome " + literal
                        + " is not GRANT, REFUSE or REVIEW");
            }
            for (var entry : rule.getInputEntries()) {
                names.addAll(leadingNames(entry.getText() == null ? "" : entry.getText().getTextContent()));
            }
            for (var entry : rule.getOutputEntries()) {
                names.addAll(leadingNames(entry.getText() == null ? "" : entry.getText().getTextContent()));
            }
        }
        DmnDecision decision;
        try {
            decision = ENGINE.parseDecision(decisions.getFirst().getId(), model);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("DMN 决策无法解析 / the DMN decision does not parse: " + rootMessage(e));
        }
        return new EligibilityTable(decision, names);
    }

    /** The variables the table reads (the first name of each input expression and computed output): checked against the form and materials. */
    Set<String> names() {
        return inputNames;
    }

    Verdict decide(Map<String, Object> variables) {
        DmnDecisionTableResult result;
        try {
            result = ENGINE.evaluateDecisionTable(decision, variables);
        } catch (RuntimeException e) {
            throw new IllegalStateException("决策表求值失败 / the eligibility table failed: " + rootMessage(e), e);
        }
        DmnDecisionRuleResult first = result.getFirstResult();
        if (first == null) {
            return new Verdict(Outcome.REVIEW, "NO_RULE", "没有规则适用，转人工审核", "no rule applies: the department reviews it", null);
        }
        Map<String, Object> out = first.getEntryMap();
        Object amount = out.get("amount");
        BigDecimal money = amount instanceof Number n ? new BigDecimal(n.toString()).setScale(2, java.math.RoundingMode.DOWN) : null;
        return new Verdict(Outcome.valueOf(String.valueOf(out.get("outcome"))), String.valueOf(out.get("rule")), String.valueOf(out.get("reasonZh")),
                String.valueOf(out.get("reasonEn")), money);
    }

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern NAME = Pattern.compile("(?<![\\w.])([A-Za-z_][A-Za-z0-9_]*)");
    /** FEEL's own words and built-in functions: not variables. */
    private static final Set<String> FEEL = Set.of("and", "or", "not", "if", "then", "else", "for", "in", "return", "some", "every", "satisfies",
            "instance", "of", "between", "true", "false", "null", "function", "date", "time", "duration", "count",
            "min", "max", "sum", "mean", "floor", "ceiling", "decimal", "abs", "string", "number", "contains", "starts", "with", "ends", "matches",
            "substring", "length", "upper", "lower", "case", "list", "append", "now", "is", "get", "value", "entries", "round", "up", "down",
            "half", "modulo", "sqrt", "exists", "all", "any", "flatten", "sort", "distinct", "values", "index", "union", "concatenate", "insert", "remove",
            "reverse", "product", "median", "stddev", "mode", "split", "replace", "context", "put", "merge", "week", "year", "month", "day", "hour",
            "minute", "second", "time_offset", "timezone", "weekday", "later", "earlier", "less", "greater", "than", "number_", "x", "item", "P");

    /** The first name of each path in a FEEL expression ({@code account.balance} → account), strings and FEEL's own words left out. */
    static Set<String> leadingNames(String feel) {
        Set<String> names = new LinkedHashSet<>();
        // FEEL's built-in names with spaces in them ("years and months duration") are not variables
        String text = STRING.matcher(feel).replaceAll("\"\"").replaceAll("years and months duration|days and time duration|date and time|string length"
                + "|upper case|lower case|starts with|ends with|instance of|get value|get entries|list contains|index of|insert before|day of week|day of year"
                + "|month of year|week of year", "fn");
        Matcher m = NAME.matcher(text);
        while (m.find()) {
            String n = m.group(1);
            int after = m.end();
            boolean call = after < text.length() && text.substring(after).stripLeading().startsWith("(");
            boolean property = after < text.length() && text.charAt(after) == ':'; // a context's key, {a: 1}
            if (!FEEL.contains(n) && !call && !property && !n.equals("fn")) {
                names.add(n);
            }
        }
        return names;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.length() > 300 ? m.substring(0, 300) : m;
    }
}
