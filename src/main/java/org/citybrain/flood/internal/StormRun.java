package org.citybrain.flood.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.citybrain.flood.swmm.Hyetograph;
import org.citybrain.flood.swmm.InpFile;
import org.citybrain.flood.swmm.KinematicWave;
import org.citybrain.flood.swmm.Runoff;
import org.citybrain.flood.swmm.Units;

/**
 * A storm falling on the city's model: the model's rain gages read the storm from 2021-07-19 20:00 (any start would
 * do; this one lets the storm of 7·20 keep its own clock), the simulation runs for the storm and the hours after it
 * while the network drains, with results every minute, and the water standing on the road over each junction is read
 * from the node's depth above its rim.
 */
record StormRun(Runoff.Result runoff, KinematicWave.Result routing, Map<String, Double> rims, double simulatedHours) {

    /** The hours simulated after the rain stops, for the network to drain and the ponds to empty. */
    static final int DRAIN_HOURS = 4;

    static StormRun of(InpFile model, Hyetograph storm) {
        double minutes = storm.mmPerHour().size() * storm.stepMinutes() + DRAIN_HOURS * 60;
        return over(storm.fallingOn(model), java.time.LocalDateTime.of(2021, 7, 19, 20, 0), minutes);
    }

    /** A model with its rain already on it, run from {@code start} (the model's clock) for {@code minutes}, reporting every minute. */
    static StormRun over(InpFile rained, java.time.LocalDateTime start, double minutes) {
        java.time.LocalDateTime end = start.plusMinutes(Math.round(minutes));
        java.time.format.DateTimeFormatter date = java.time.format.DateTimeFormatter.ofPattern("MM/dd/yyyy");
        java.time.format.DateTimeFormatter time = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss");
        InpFile inp = rained
                .withOption("START_DATE", start.format(date)).withOption("START_TIME", start.format(time))
                .withOption("REPORT_START_DATE", start.format(date)).withOption("REPORT_START_TIME", start.format(time))
                .withOption("END_DATE", end.format(date)).withOption("END_TIME", end.format(time))
                .withOption("REPORT_STEP", "00:01:00");
        Runoff.Result runoff = Runoff.run(inp);
        KinematicWave.Result routing = KinematicWave.route(inp, runoff);
        Units units = Units.of(inp.options().get("FLOW_UNITS"));
        Map<String, Double> rims = new HashMap<>();
        for (InpFile.Row r : inp.rows("JUNCTIONS")) {
            rims.put(r.value(0), units.length(r.number(2, "MaxDepth")));
        }
        return new StormRun(runoff, routing, rims, minutes / 60);
    }

    /** The water on the road over a junction (cm) at every minute from the first. */
    double[] surfaceCm(String node) {
        float[] depths = routing.depthsAt(node);
        double rim = rims.getOrDefault(node, Double.MAX_VALUE);
        double[] cm = new double[depths.length];
        for (int m = 0; m < depths.length; m++) {
            cm[m] = Math.max(0, depths[m] - rim) * 100;
        }
        return cm;
    }

    /** The junction nearest a point within reach (m), or null. */
    static String nearestJunction(Map<String, double[]> junctions, double lon, double lat, double reach) {
        String nearest = null;
        double best = reach;
        for (Map.Entry<String, double[]> j : junctions.entrySet()) {
            double d = DemoDrainageNetwork.metres(lon, lat, j.getValue()[0], j.getValue()[1]);
            if (d <= best) {
                best = d;
                nearest = j.getKey();
            }
        }
        return nearest;
    }

    /** The junctions of a model with their coordinates ([COORDINATES]: degrees of longitude and latitude for a city's model). */
    static Map<String, double[]> junctionsAt(InpFile model) {
        Map<String, double[]> at = new HashMap<>();
        List<String> junctions = model.rows("JUNCTIONS").stream().map(r -> r.value(0)).toList();
        Map<String, double[]> all = new HashMap<>();
        model.rows("COORDINATES").forEach(r -> all.put(r.value(0), new double[] {r.number(1, "X-Coord"), r.number(2, "Y-Coord")}));
        junctions.forEach(j -> {
            if (all.containsKey(j)) {
                at.put(j, all.get(j));
            }
        });
        return at;
    }
}
