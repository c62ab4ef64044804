package org.citybrain.flood.swmm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What makes a drainage model impossible to solve, found before any run: no outfall, a conduit of no length or joining
 * nodes the model does not have, a subcatchment draining to nothing, a junction from which no conduit leads to an
 * outfall (water reaching it could never leave). Each problem names its line.
 */
public final class NetworkCheck {

    private NetworkCheck() {
    }

    public static List<InpError> problems(InpFile inp) {
        List<InpError> problems = new ArrayList<>();
        Set<String> outfalls = new HashSet<>();
        inp.rows("OUTFALLS").forEach(r -> outfalls.add(r.value(0)));
        Map<String, InpFile.Row> junctions = new HashMap<>();
        for (String section : List.of("JUNCTIONS", "STORAGE", "DIVIDERS")) {
            inp.rows(section).forEach(r -> junctions.put(r.value(0), r));
        }
        if (outfalls.isEmpty()) {
            problems.add(new InpError(0, "the model has no outfall: water could never leave it"));
        }
        Map<String, List<String>> downstream = new HashMap<>();
        for (String section : List.of("CONDUITS", "PUMPS", "ORIFICES", "WEIRS", "OUTLETS")) {
            for (InpFile.Row r : inp.rows(section)) {
                for (int end = 1; end <= 2; end++) {
                    if (!junctions.containsKey(r.value(end)) && !outfalls.contains(r.value(end))) {
                        problems.add(new InpError(r.line(), "link " + r.value(0) + " joins node " + r.value(end) + ", which the model does not have"));
                    }
                }
                if (section.equals("CONDUITS") && r.number(3, "Length") <= 0) {
                    problems.add(new InpError(r.line(), "conduit " + r.value(0) + " has a length of " + r.value(3) + ": a conduit is longer than 0"));
                }
                downstream.computeIfAbsent(r.value(1), k -> new ArrayList<>()).add(r.value(2));
            }
        }
        Set<String> subcatchments = new HashSet<>();
        inp.rows("SUBCATCHMENTS").forEach(s -> subcatchments.add(s.value(0)));
        for (InpFile.Row r : inp.rows("SUBCATCHMENTS")) {
            if (!junctions.containsKey(r.value(2)) && !outfalls.contains(r.value(2)) && !subcatchments.contains(r.value(2))) {
                problems.add(new InpError(r.line(), "subcatchment " + r.value(0) + " drains to " + r.value(2) + ", which is neither a node nor a subcatchment"));
            }
        }
        // the nodes from which an outfall can be reached, walking the links upstream from every outfall
        Map<String, List<String>> upstream = new HashMap<>();
        downstream.forEach((from, tos) -> tos.forEach(to -> upstream.computeIfAbsent(to, k -> new ArrayList<>()).add(from)));
        Set<String> drained = new HashSet<>(outfalls);
        Deque<String> next = new ArrayDeque<>(outfalls);
        while (!next.isEmpty()) {
            for (String from : upstream.getOrDefault(next.poll(), List.of())) {
                if (drained.add(from)) {
                    next.add(from);
                }
            }
        }
        junctions.forEach((name, row) -> {
            if (!drained.contains(name)) {
                problems.add(new InpError(row.line(), "node " + name + " is not connected to any outfall: water reaching it could never leave"));
            }
        });
        problems.sort(java.util.Comparator.comparingInt(InpError::line));
        return problems;
    }
}
