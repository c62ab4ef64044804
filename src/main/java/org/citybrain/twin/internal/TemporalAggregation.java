package org.citybrain.twin.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.citybrain.twin.NgsiLdError;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The aggregated temporal representation (GS CIM 009 4.5.19, {@code options=aggregatedValues}): an attribute's
 * history folded into periods of {@code aggrPeriodDuration} (the whole range when absent), each method giving one
 * {@code [value, startAt, endAt]} per period that has instances — a flood gauge's hourly maximum, a detector's
 * five-minute counts. Periods start at the range's start ({@code timeAt}) or, without one, at the first instance.
 *
 * @param methods totalCount, distinctCount, sum, avg, min, max, stddev, sumsq (the specification's names)
 * @param period  the length of one period; null for one period over the whole range
 */
record TemporalAggregation(Set<String> methods, Duration period) {

    static final Set<String> METHODS = Set.of("totalCount", "distinctCount", "sum", "avg", "min", "max", "stddev", "sumsq");

    /** Null unless aggregated values were asked for; refuses unknown methods and durations by name. */
    static TemporalAggregation parse(List<String> options, String aggrMethods, String aggrPeriodDuration) {
        if (!options.contains("aggregatedValues")) {
            if (aggrMethods != null || aggrPeriodDuration != null) {
                throw bad("aggrMethods and aggrPeriodDuration go with options=aggregatedValues");
            }
            return null;
        }
        if (aggrMethods == null || aggrMethods.isBlank()) {
            throw bad("aggrMethods: one or more of " + String.join(", ", new java.util.TreeSet<>(METHODS)));
        }
        Set<String> methods = new LinkedHashSet<>(NgsiLdHttp.split(aggrMethods));
        for (String m : methods) {
            if (!METHODS.contains(m)) {
                throw bad("aggrMethods: " + m + " is not one of " + String.join(", ", new java.util.TreeSet<>(METHODS)));
            }
        }
        Duration period = null;
        if (aggrPeriodDuration != null) {
            try {
                period = Duration.parse(aggrPeriodDuration);
            } catch (DateTimeParseException e) {
                throw bad("aggrPeriodDuration: an ISO 8601 duration in days, hours, minutes or seconds, such as PT1H or P1D");
            }
            if (period.isNegative() || period.isZero()) {
                throw bad("aggrPeriodDuration: a duration longer than zero");
            }
            if (period.compareTo(Duration.ofSeconds(1)) < 0) {
                throw bad("aggrPeriodDuration: at least one second");
            }
        }
        return new TemporalAggregation(methods, period);
    }

    /** The attribute's instances (in time order) as the aggregated representation of one attribute. */
    ObjectNode aggregate(JsonMapper json, String type, List<TwinStore.Instance> instances, Instant rangeStart, Instant rangeEnd) {
        ObjectNode attr = json.createObjectNode();
        attr.put("type", type);
        List<ArrayNode> lists = new ArrayList<>();
        for (String m : methods) {
            lists.add(attr.putArray(m));
        }
        if (instances.isEmpty()) {
            return attr;
        }
        Instant start = rangeStart != null ? rangeStart : instances.getFirst().observedAt();
        Instant last = instances.getLast().observedAt();
        int i = 0;
        while (i < instances.size()) {
            Instant periodStart = period == null ? start
                    : start.plus(period.multipliedBy(Duration.between(start, instances.get(i).observedAt()).dividedBy(period)));
            Instant periodEnd = period == null ? (rangeEnd != null ? rangeEnd : last.plusNanos(1)) : periodStart.plus(period);
            List<JsonNode> values = new ArrayList<>();
            while (i < instances.size() && instances.get(i).observedAt().isBefore(periodEnd)) {
                values.add(EntityDocuments.simplified(instances.get(i).instance()));
                i++;
            }
            int k = 0;
            for (String m : methods) {
                JsonNode v = fold(json, m, values);
                ArrayNode triple = lists.get(k++).addArray();
                triple.add(v);
                triple.add(periodStart.toString());
                triple.add(periodEnd.toString());
            }
        }
        return attr;
    }

    /** One method over one period's values; numeric methods skip values that are not numbers (null if none is). */
    private static JsonNode fold(JsonMapper json, String method, List<JsonNode> values) {
        var f = json.getNodeFactory();
        if (method.equals("totalCount")) {
            return f.numberNode(values.size());
        }
        if (method.equals("distinctCount")) {
            Set<String> distinct = new HashSet<>();
            values.forEach(v -> distinct.add(v == null ? "null" : v.toString()));
            return f.numberNode(distinct.size());
        }
        double[] numbers = values.stream().filter(v -> v != null && v.isNumber()).mapToDouble(JsonNode::doubleValue).toArray();
        if (numbers.length == 0) {
            return f.nullNode();
        }
        double sum = 0;
        double sumsq = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double d : numbers) {
            sum += d;
            sumsq += d * d;
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        double mean = sum / numbers.length;
        return switch (method) {
            case "sum" -> f.numberNode(sum);
            case "avg" -> f.numberNode(mean);
            case "min" -> f.numberNode(min);
            case "max" -> f.numberNode(max);
            case "sumsq" -> f.numberNode(sumsq);
            // the population standard deviation of the period's values
            case "stddev" -> f.numberNode(Math.sqrt(Math.max(0, sumsq / numbers.length - mean * mean)));
            default -> throw bad("aggrMethods: " + method);
        };
    }

    private static NgsiLdError bad(String detail) {
        return new NgsiLdError(NgsiLdError.Type.BadRequestData, detail);
    }
}
