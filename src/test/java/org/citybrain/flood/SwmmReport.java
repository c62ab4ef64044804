package org.citybrain.flood;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of a report EPA SWMM 5 printed ({@code .rpt}), read by their headings: what the engine's results are
 * compared with. Only the tables the tests compare are read.
 */
record SwmmReport(List<String> lines) {

    static SwmmReport of(String text) {
        return new SwmmReport(text.lines().toList());
    }

    /** A row of a continuity table ("Total Precipitation ......  15.679  2.650"): its numbers. */
    double[] continuity(String table, String row) {
        int at = find(table);
        for (int i = at; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.startsWith(row)) {
                // the numbers after the dotted leader ("Total Precipitation ......")
                String[] parts = l.replaceFirst("^.*?\\.{2,}", "").strip().split("\\s+");
                double[] v = new double[parts.length];
                for (int k = 0; k < parts.length; k++) {
                    v[k] = Double.parseDouble(parts[k]);
                }
                return v;
            }
        }
        throw new IllegalArgumentException(row + " not in " + table);
    }

    /** The rows of a summary table (after its dashed header lines), by the first column: each row's numbers. */
    Map<String, double[]> summary(String table) {
        int at = find(table);
        int dashes = 0;
        Map<String, double[]> rows = new LinkedHashMap<>();
        for (int i = at + 2; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.startsWith("---")) {
                dashes++;
                continue;
            }
            if (dashes < 2) {
                continue;
            }
            if (l.isEmpty()) {
                break;
            }
            String[] parts = l.split("\\s+");
            double[] v = new double[parts.length - 1];
            for (int k = 1; k < parts.length; k++) {
                try {
                    v[k - 1] = Double.parseDouble(parts[k]);
                } catch (NumberFormatException e) {
                    v[k - 1] = Double.NaN; // a type (JUNCTION, CONDUIT) or a time (0  03:00)
                }
            }
            rows.put(parts[0], v);
        }
        return rows;
    }

    private int find(String heading) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().startsWith(heading)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no " + heading + " in the report");
    }
}
