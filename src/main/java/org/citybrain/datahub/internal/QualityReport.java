package org.citybrain.datahub.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run found, as the bureau reads it: rows read, accepted and rejected (by field and reason), duplicates within
 * the delivery, records inserted, updated and unchanged, completeness per field, values out of range, what each sink
 * did, and for a refused delivery why. Counted as the rows stream past, so its size depends on the mapping, not the
 * file.
 *
 * @param rejectedByField field → kind of problem (missing, invalid, out of range, unreadable) → rows
 * @param filled          field → rows in which it had a value (completeness = filled / read)
 */
record QualityReport(long read, long accepted, long rejected, long duplicates, long inserted, long updated, long unchanged,
                     Map<String, Map<String, Long>> rejectedByField, Map<String, Long> filled, Map<String, Long> outOfRange,
                     Map<String, Long> sinks, String refusedBecause, boolean rolledBack, Map<String, String> examples) {

    /** Completeness of each mapped field, 0–1, over the rows that could be read. */
    Map<String, Double> completeness() {
        long readable = read - rejectedByField.getOrDefault("row", Map.of()).values().stream().mapToLong(Long::longValue).sum();
        Map<String, Double> out = new LinkedHashMap<>();
        filled.forEach((f, n) -> out.put(f, readable == 0 ? 0 : Math.min(1.0, n / (double) readable)));
        return out;
    }

    /** The share of rows accepted, 0–100: the catalogue's quality score of the dataset's latest run. */
    double score() {
        return read == 0 ? 100 : 100.0 * accepted / read;
    }

    /** The running tally of a run. Not thread-safe: one run is loaded by one thread. */
    static final class Tally {
        long read;
        long accepted;
        long rejected;
        long duplicates;
        long inserted;
        long updated;
        long unchanged;
        final Map<String, Map<String, Long>> rejectedByField = new TreeMap<>();
        final Map<String, Long> filled = new LinkedHashMap<>();
        final Map<String, Long> outOfRange = new TreeMap<>();
        final Map<String, Long> sinks = new TreeMap<>();
        final Map<String, String> examples = new TreeMap<>();
        String refusedBecause;
        boolean rolledBack;

        Tally(List<String> fields) {
            fields.forEach(f -> filled.put(f, 0L));
        }

        void row(RowMapping.Mapped m) {
            read++;
            m.filled().forEach(f -> filled.merge(f, 1L, Long::sum));
            if (m.accepted()) {
                accepted++;
                return;
            }
            rejected++;
            for (RowMapping.Problem p : m.problems()) {
                String kind = p.kind().name().toLowerCase();
                rejectedByField.computeIfAbsent(p.field(), k -> new TreeMap<>()).merge(kind, 1L, Long::sum);
                examples.putIfAbsent(p.field() + "/" + kind, p.reason());
                if (p.kind() == RowMapping.Problem.Kind.OUT_OF_RANGE) {
                    outOfRange.merge(p.field(), 1L, Long::sum);
                }
            }
        }

        void sink(Map<String, Long> outcome) {
            outcome.forEach((k, v) -> sinks.merge(k, v, Long::sum));
        }

        QualityReport report() {
            return new QualityReport(read, accepted, rejected, duplicates, inserted, updated, unchanged, copy(rejectedByField), new LinkedHashMap<>(filled),
                    Map.copyOf(outOfRange), Map.copyOf(sinks), refusedBecause, rolledBack, Map.copyOf(examples));
        }

        private static Map<String, Map<String, Long>> copy(Map<String, Map<String, Long>> m) {
            Map<String, Map<String, Long>> out = new TreeMap<>();
            m.forEach((k, v) -> out.put(k, Map.copyOf(v)));
            return out;
        }
    }
}
