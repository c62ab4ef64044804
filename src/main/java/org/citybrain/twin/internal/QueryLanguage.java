package org.citybrain.twin.internal;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.citybrain.twin.NgsiLdError;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The NGSI-LD query language ({@code q}, GS CIM 009 clause 4.9): comparisons ({@code == != > >= < <=}), patterns
 * ({@code ~= !~=}), value lists ({@code ==a,b,c}), ranges ({@code ==1..5}), existence (a bare attribute), AND
 * ({@code ;}) binding tighter than OR ({@code |}), parentheses, sub-attribute paths ({@code a.b}) and paths into
 * compound values ({@code a[b][c]}). Relationships compare by their object URI.
 *
 * <p>Written here rather than taken from a library because no maintained Java library implements this grammar.
 */
final class QueryLanguage {

    sealed interface Expr permits And, Or, Comparison, ScopeQuery {
        boolean matches(ObjectNode entity, Function<String, String> expand);
    }

    /**
     * A scope query (GS CIM 009 4.19, {@code scopeQ}): scope paths where {@code +} stands for one level and {@code #}
     * (last) for any number of levels below, joined by {@code ;} (and) and {@code ,} or {@code |} (or); an entity
     * matches when one of its scopes matches.
     */
    record ScopeQuery(List<List<List<String>>> anyOf) implements Expr {

        static ScopeQuery parse(String text) {
            List<List<List<String>>> or = new ArrayList<>();
            for (String alternative : text.split("[,|]")) {
                List<List<String>> and = new ArrayList<>();
                for (String path : alternative.split(";")) {
                    String p = path.strip();
                    if (!p.matches("/|(/([\\p{L}\\p{N}_.-]+|\\+))*(/#)?")) {
                        throw new org.citybrain.twin.NgsiLdError(org.citybrain.twin.NgsiLdError.Type.BadRequestData,
                                "scopeQ: scope paths such as /Zhengzhou/Jinshui, /Zhengzhou/+/Parks or /Zhengzhou/#, joined by ; (and) or , (or)");
                    }
                    and.add(p.equals("/") ? List.of("#") : List.of(p.substring(1).split("/")));
                }
                or.add(and);
            }
            return new ScopeQuery(or);
        }

        public boolean matches(ObjectNode entity, Function<String, String> expand) {
            JsonNode scopes = entity.get(EntityDocuments.SCOPE);
            if (scopes == null) {
                return false;
            }
            List<List<String>> held = new ArrayList<>();
            for (JsonNode s : scopes.isArray() ? scopes : List.of(scopes)) {
                held.add(List.of(s.asString().substring(1).split("/")));
            }
            return anyOf.stream().anyMatch(and -> and.stream().allMatch(pattern -> held.stream().anyMatch(scope -> fits(pattern, scope))));
        }

        private static boolean fits(List<String> pattern, List<String> scope) {
            for (int i = 0; i < pattern.size(); i++) {
                if (pattern.get(i).equals("#")) {
                    return true;
                }
                if (i >= scope.size() || !pattern.get(i).equals("+") && !pattern.get(i).equals(scope.get(i))) {
                    return false;
                }
            }
            return pattern.size() == scope.size();
        }
    }

    record And(List<Expr> parts) implements Expr {
        public boolean matches(ObjectNode e, Function<String, String> x) {
            return parts.stream().allMatch(p -> p.matches(e, x));
        }
    }

    record Or(List<Expr> parts) implements Expr {
        public boolean matches(ObjectNode e, Function<String, String> x) {
            return parts.stream().anyMatch(p -> p.matches(e, x));
        }
    }

    /** A path, and optionally an operator with its value(s). */
    record Comparison(List<String> attributePath, List<String> valuePath, String op, List<Literal> values, Literal rangeFrom, Literal rangeTo)
            implements Expr {

        /** Simple enough to be answered from the property index: one attribute, no sub-path, a plain operator. */
        boolean indexable() {
            return attributePath.size() == 1 && valuePath.isEmpty()
                    && (op == null || (!op.equals("!=") && !op.contains("~") && (rangeFrom != null || values.size() == 1
                    || op.equals("=="))));
        }

        public boolean matches(ObjectNode entity, Function<String, String> expand) {
            JsonNode node = resolve(entity, expand);
            if (op == null) {
                return node != null && !node.isMissingNode() && !node.isNull();
            }
            if (node == null || node.isMissingNode() || node.isNull()) {
                return op.equals("!=") || op.equals("!~=");
            }
            if (node.isArray()) {
                boolean any = false;
                for (JsonNode element : node) {
                    any |= test(element, positive());
                }
                return op.equals("!=") || op.equals("!~=") ? !any : any;
            }
            boolean result = test(node, positive());
            return op.equals("!=") || op.equals("!~=") ? !result : result;
        }

        private String positive() {
            return switch (op) {
                case "!=" -> "==";
                case "!~=" -> "~=";
                default -> op;
            };
        }

        private boolean test(JsonNode node, String operator) {
            if (operator.equals("~=")) {
                return node.isString() && Pattern.compile(values.getFirst().text()).matcher(node.asString()).find();
            }
            if (rangeFrom != null) {
                return compare(node, rangeFrom) >= 0 && compare(node, rangeTo) <= 0;
            }
            if (operator.equals("==")) {
                return values.stream().anyMatch(v -> compare(node, v) == 0);
            }
            int c = compare(node, values.getFirst());
            if (c == Integer.MIN_VALUE) {
                return false;
            }
            return switch (operator) {
                case ">" -> c > 0;
                case ">=" -> c >= 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                default -> false;
            };
        }

        /** Members of an attribute that a query may name after a dot (GS CIM 009 4.9: {@code attr.observedAt}). */
        static final java.util.Set<String> TIMES_AND_UNITS = java.util.Set.of("observedAt", "unitCode", "datasetId", "createdAt", "modifiedAt");

        JsonNode resolve(ObjectNode entity, Function<String, String> expand) {
            JsonNode top = entity.get(expand.apply(attributePath.getFirst()));
            if (top != null && top.isArray() && !EntityDocuments.SCOPE.equals(attributePath.getFirst())) {
                // a multi-attribute: the values of all its instances, any of which may match
                return MultiAttribute.values(top, instance -> resolveIn(instance, expand));
            }
            return resolveIn(top, expand);
        }

        private JsonNode resolveIn(JsonNode attr, Function<String, String> expand) {
            for (int i = 1; i < attributePath.size() && attr != null; i++) {
                String part = attributePath.get(i);
                if (i == attributePath.size() - 1 && valuePath.isEmpty() && TIMES_AND_UNITS.contains(part)) {
                    // P100.observedAt>2026-07-20T08:00:00Z: a member of the attribute, not a sub-attribute of that name
                    return attr.get(part);
                }
                attr = attr.get(expand.apply(part));
            }
            if (attr == null) {
                return null;
            }
            JsonNode value = EntityDocuments.simplified(attr);
            for (String key : valuePath) {
                if (value == null) {
                    return null;
                }
                value = value.get(key);
            }
            return value;
        }
    }

    /**
     * The query with the string values compared with these attributes expanded as IRIs by the reader's context
     * ({@code expandValues}, GS CIM 009 4.9): a term, a compact IRI or a name of the default vocabulary becomes the
     * IRI it stands for, so that {@code q=category=="commercial"} matches a VocabProperty (whose vocab is stored
     * expanded) or a Property whose value is that IRI. Numbers, booleans and date-times are left as they are.
     */
    static Expr expandValues(Expr e, java.util.Set<String> expandedNames, Function<String, String> expand) {
        return switch (e) {
            case And and -> new And(and.parts().stream().map(p -> expandValues(p, expandedNames, expand)).toList());
            case Or or -> new Or(or.parts().stream().map(p -> expandValues(p, expandedNames, expand)).toList());
            case ScopeQuery s -> s;
            case Comparison c -> {
                if (c.op() == null || c.op().contains("~") || !expandedNames.contains(expand.apply(c.attributePath().getFirst()))) {
                    yield c;
                }
                Function<Literal, Literal> iri = l -> l == null || l.isNumber() || !l.quoted() && (l.text().equals("true")
                        || l.text().equals("false") || looksLikeDateTime(l.text())) ? l : new Literal(expand.apply(l.text()), true);
                yield new Comparison(c.attributePath(), c.valuePath(), c.op(), c.values().stream().map(iri).toList(), iri.apply(c.rangeFrom()),
                        iri.apply(c.rangeTo()));
            }
        };
    }

    /** The attributes a query compares (expanded), for reading their history. */
    static java.util.Set<String> attributes(Expr e, Function<String, String> expand) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        collect(e, expand, names);
        return names;
    }

    private static void collect(Expr e, Function<String, String> expand, java.util.Set<String> names) {
        switch (e) {
            case And and -> and.parts().forEach(p -> collect(p, expand, names));
            case Or or -> or.parts().forEach(p -> collect(p, expand, names));
            case Comparison c -> names.add(expand.apply(c.attributePath().getFirst()));
            case ScopeQuery s -> { }
        }
    }

    /**
     * Whether the query held at some time of a history (the temporal query's {@code q}, GS CIM 009 5.7.3–5.7.4):
     * each comparison is met by at least one instance of its attribute in the time range; scopes are the entity's
     * current ones. {@code instances} gives an attribute's instances (expanded name → instances in the range).
     */
    static boolean heldSometime(Expr e, ObjectNode current, Function<String, List<ObjectNode>> instances, Function<String, String> expand,
                                tools.jackson.databind.node.JsonNodeFactory nodes) {
        return switch (e) {
            case And and -> and.parts().stream().allMatch(p -> heldSometime(p, current, instances, expand, nodes));
            case Or or -> or.parts().stream().anyMatch(p -> heldSometime(p, current, instances, expand, nodes));
            case ScopeQuery s -> s.matches(current, expand);
            case Comparison c -> {
                String name = expand.apply(c.attributePath().getFirst());
                boolean any = false;
                for (ObjectNode instance : instances.apply(name)) {
                    ObjectNode alone = nodes.objectNode();
                    alone.set(name, instance);
                    if (c.matches(alone, expand)) {
                        any = true;
                        break;
                    }
                }
                yield any;
            }
        };
    }

    /** A literal of the query: its text, and whether it was quoted (a string for certain). */
    record Literal(String text, boolean quoted) {

        boolean isNumber() {
            return !quoted && text.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
        }

        double number() {
            return Double.parseDouble(text);
        }
    }

    /** Compares a stored value with a literal: <0, 0, >0, or Integer.MIN_VALUE when they cannot be compared. */
    static int compare(JsonNode node, Literal literal) {
        if (node.isNumber() && literal.isNumber()) {
            return Double.compare(node.doubleValue(), literal.number());
        }
        if (node.isBoolean() && !literal.quoted() && (literal.text().equals("true") || literal.text().equals("false"))) {
            return Boolean.compare(node.booleanValue(), Boolean.parseBoolean(literal.text()));
        }
        if (node.isString()) {
            String s = node.asString();
            if (!literal.quoted() && looksLikeDateTime(literal.text()) && looksLikeDateTime(s)) {
                try {
                    return OffsetDateTime.parse(s).toInstant().compareTo(OffsetDateTime.parse(literal.text()).toInstant());
                } catch (RuntimeException e) {
                    // fall through to text comparison
                }
            }
            if (literal.isNumber()) {
                return Integer.MIN_VALUE;
            }
            return Integer.signum(s.compareTo(literal.text()));
        }
        return Integer.MIN_VALUE;
    }

    static boolean looksLikeDateTime(String s) {
        return s.length() >= 20 && Character.isDigit(s.charAt(0)) && s.charAt(4) == '-' && s.charAt(10) == 'T';
    }

    // ---- parsing ----

    private final String text;
    private int pos;

    private QueryLanguage(String text) {
        this.text = text;
    }

    static Expr parse(String q) {
        if (q == null || q.isBlank()) {
            throw invalid("q is empty");
        }
        QueryLanguage p = new QueryLanguage(q.trim());
        Expr e = p.or();
        if (p.pos < p.text.length()) {
            throw invalid("unexpected '" + p.text.charAt(p.pos) + "' at position " + p.pos + " of q");
        }
        return e;
    }

    private Expr or() {
        List<Expr> parts = new ArrayList<>(List.of(and()));
        while (peek('|')) {
            pos++;
            parts.add(and());
        }
        return parts.size() == 1 ? parts.getFirst() : new Or(parts);
    }

    private Expr and() {
        List<Expr> parts = new ArrayList<>(List.of(term()));
        while (peek(';')) {
            pos++;
            parts.add(term());
        }
        return parts.size() == 1 ? parts.getFirst() : new And(parts);
    }

    /** How deep parentheses may nest in q: deeper is no query a person writes, and each level costs stack. */
    static final int MAX_DEPTH = 32;
    private int depth;

    private Expr term() {
        if (peek('(')) {
            pos++;
            if (++depth > MAX_DEPTH) {
                throw invalid("q nests parentheses deeper than " + MAX_DEPTH + " levels");
            }
            Expr inner = or();
            depth--;
            if (!peek(')')) {
                throw invalid("missing ')' in q");
            }
            pos++;
            return inner;
        }
        return comparison();
    }

    private Comparison comparison() {
        List<String> attributePath = new ArrayList<>();
        List<String> valuePath = new ArrayList<>();
        attributePath.add(name());
        while (pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            attributePath.add(name());
        }
        while (peek('[')) {
            pos++;
            valuePath.add(name());
            if (!peek(']')) {
                throw invalid("missing ']' in q");
            }
            pos++;
        }
        String op = operator();
        if (op == null) {
            return new Comparison(attributePath, valuePath, null, List.of(), null, null);
        }
        String raw = rawValue();
        if (raw.isEmpty()) {
            throw invalid("a value is missing after " + op + " in q");
        }
        if (op.contains("~")) {
            String pattern = unquote(raw).text();
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw invalid("not a valid regular expression: " + pattern);
            }
            return new Comparison(attributePath, valuePath, op, List.of(new Literal(pattern, true)), null, null);
        }
        List<String> items = split(raw, ',');
        int range = indexOutsideQuotes(raw, "..");
        if (items.size() == 1 && range > 0) {
            if (!op.equals("==") && !op.equals("!=")) {
                throw invalid("a range needs == or != in q");
            }
            return new Comparison(attributePath, valuePath, op, List.of(), unquote(raw.substring(0, range)), unquote(raw.substring(range + 2)));
        }
        if (items.size() > 1 && !op.equals("==") && !op.equals("!=")) {
            throw invalid("a list of values needs == or != in q");
        }
        return new Comparison(attributePath, valuePath, op, items.stream().map(QueryLanguage::unquote).toList(), null, null);
    }

    private String name() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || "_:/#@-".indexOf(text.charAt(pos)) >= 0)) {
            pos++;
        }
        if (start == pos) {
            throw invalid("an attribute name is expected at position " + start + " of q");
        }
        return text.substring(start, pos);
    }

    private String operator() {
        for (String op : new String[] {"==", "!=", ">=", "<=", "!~=", "~=", ">", "<"}) {
            if (text.startsWith(op, pos)) {
                pos += op.length();
                return op;
            }
        }
        if (pos < text.length() && text.charAt(pos) == '=') {
            throw invalid("unknown operator '=' in q (use ==)");
        }
        return null;
    }

    private String rawValue() {
        int start = pos;
        boolean quoted = false;
        int depth = 0;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"' && (pos == 0 || text.charAt(pos - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && (c == ';' || c == '|' || (c == ')' && depth == 0))) {
                break;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
            }
            pos++;
        }
        if (quoted) {
            throw invalid("unterminated string in q");
        }
        return text.substring(start, pos).trim();
    }

    private static List<String> split(String raw, char sep) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == sep && !quoted) {
                parts.add(raw.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(raw.substring(start));
        return parts;
    }

    private static int indexOutsideQuotes(String raw, String needle) {
        boolean quoted = false;
        for (int i = 0; i + needle.length() <= raw.length(); i++) {
            if (raw.charAt(i) == '"') {
                quoted = !quoted;
            } else if (!quoted && raw.startsWith(needle, i)) {
                return i;
            }
        }
        return -1;
    }

    private static Literal unquote(String raw) {
        String t = raw.trim();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            return new Literal(t.substring(1, t.length() - 1).replace("\\\"", "\""), true);
        }
        if (t.isEmpty()) {
            throw invalid("an empty value in q");
        }
        for (char c : t.toCharArray()) {
            if ("<>=!~\"(),;|".indexOf(c) >= 0 || Character.isWhitespace(c)) {
                throw invalid("'" + t + "' is not a value: quote strings, e.g. \"" + t + "\"");
            }
        }
        return new Literal(t, false);
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private static NgsiLdError invalid(String detail) {
        return new NgsiLdError(NgsiLdError.Type.BadRequestData, detail);
    }
}
