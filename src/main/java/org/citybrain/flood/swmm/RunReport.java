package org.citybrain.flood.swmm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A run's results written in the layout of EPA SWMM 5's report file ({@code .rpt}): the same headings, units and
 * columns, so that an engineer compares the two side by side and the tools that read SWMM's reports read this one.
 * Sections of the input that change nothing simulated here (water quality, the map) are named at the top as read and
 * kept but not simulated; an input that needs what is not simulated yet is refused before it runs ({@link InpError}).
 */
public final class RunReport {

    /** The sections this engine reads and simulates; the others are reported as kept, not simulated. */
    static final Set<String> SIMULATED = Set.of("TITLE", "OPTIONS", "EVAPORATION", "RAINGAGES", "SUBCATCHMENTS", "SUBAREAS", "INFILTRATION",
            "JUNCTIONS", "OUTFALLS", "CONDUITS", "XSECTIONS", "TIMESERIES", "REPORT", "COORDINATES", "VERTICES", "POLYGONS", "SYMBOLS", "MAP", "TAGS",
            // routed by the dynamic wave
            "STORAGE", "PUMPS", "ORIFICES", "WEIRS", "OUTLETS", "CURVES", "CONTROLS");

    private RunReport() {
    }

    public static String write(InpFile inp, Runoff.Result runoff, KinematicWave.Result routing) {
        Map<String, String> options = inp.options();
        Units u = Units.of(options.get("FLOW_UNITS"));
        StringBuilder out = new StringBuilder();
        line(out, "");
        line(out, "  CityBrain flood engine, in the layout of EPA STORM WATER MANAGEMENT MODEL 5 reports");
        line(out, "  ------------------------------------------------------------");
        line(out, "");
        for (InpFile.Row r : inp.rows("TITLE")) {
            line(out, "  " + r.value(0));
        }
        List<String> kept = new ArrayList<>();
        for (InpFile.Section s : inp.sections()) {
            if (!SIMULATED.contains(s.name().toUpperCase(Locale.ROOT)) && !s.dataRows().isEmpty()) {
                kept.add("[" + s.name().toUpperCase(Locale.ROOT) + "]");
            }
        }
        if (!kept.isEmpty()) {
            line(out, "");
            line(out, "  NOTE: read and kept, not simulated: " + String.join(" ", kept));
        }
        line(out, "");
        line(out, "  ****************");
        line(out, "  Analysis Options");
        line(out, "  ****************");
        line(out, "  Flow Units ............... " + u.name());
        line(out, "  Infiltration Method ...... " + options.getOrDefault("INFILTRATION", "HORTON").toUpperCase(Locale.ROOT));
        line(out, "  Flow Routing Method ...... " + options.getOrDefault("FLOW_ROUTING", "KINWAVE").toUpperCase(Locale.ROOT));
        line(out, "  Wet Time Step ............ " + options.getOrDefault("WET_STEP", "0:05:00"));
        line(out, "  Dry Time Step ............ " + options.getOrDefault("DRY_STEP", "1:00:00"));
        line(out, "  Routing Time Step ........ " + String.format(Locale.ROOT, "%.2f sec", Rainfall.hours(0, options.getOrDefault("ROUTING_STEP", "0:00:20")) * 3600));

        Runoff.Continuity c = runoff.continuity();
        String volume = u.us() ? "acre-feet" : "hectare-m";
        line(out, "");
        line(out, "");
        line(out, "  **************************        Volume         Depth");
        line(out, String.format(Locale.ROOT, "  Runoff Quantity Continuity  %12s  %12s", volume, u.us() ? "inches" : "mm"));
        line(out, "  **************************     ---------       -------");
        continuity(out, "Total Precipitation ......", u.toRunoffVolume(c.precipitation()), u.toDepth(c.precipitation() / c.area()));
        continuity(out, "Evaporation Loss .........", u.toRunoffVolume(c.evaporation()), u.toDepth(c.evaporation() / c.area()));
        continuity(out, "Infiltration Loss ........", u.toRunoffVolume(c.infiltration()), u.toDepth(c.infiltration() / c.area()));
        continuity(out, "Surface Runoff ...........", u.toRunoffVolume(c.runoff()), u.toDepth(c.runoff() / c.area()));
        continuity(out, "Final Storage ............", u.toRunoffVolume(c.finalStorage()), u.toDepth(c.finalStorage() / c.area()));
        line(out, String.format(Locale.ROOT, "  Continuity Error (%%) .....  %12.3f", c.errorPercent()));

        KinematicWave.Continuity f = routing.continuity();
        line(out, "");
        line(out, "");
        line(out, "  **************************        Volume        Volume");
        line(out, String.format(Locale.ROOT, "  Flow Routing Continuity     %12s  %12s", volume, u.us() ? "10^6 gal" : "10^6 ltr"));
        line(out, "  **************************     ---------     ---------");
        continuity(out, "Dry Weather Inflow .......", 0, 0);
        continuity(out, "Wet Weather Inflow .......", u.toRunoffVolume(f.wetWeatherInflow()), u.toMillionsOfVolume(f.wetWeatherInflow()));
        continuity(out, "Groundwater Inflow .......", 0, 0);
        continuity(out, "RDII Inflow ..............", 0, 0);
        continuity(out, "External Inflow ..........", 0, 0);
        continuity(out, "External Outflow .........", u.toRunoffVolume(f.externalOutflow()), u.toMillionsOfVolume(f.externalOutflow()));
        continuity(out, "Flooding Loss ............", u.toRunoffVolume(f.flooding()), u.toMillionsOfVolume(f.flooding()));
        continuity(out, "Evaporation Loss .........", 0, 0);
        continuity(out, "Exfiltration Loss ........", 0, 0);
        continuity(out, "Initial Stored Volume ....", u.toRunoffVolume(f.initialStored()), u.toMillionsOfVolume(f.initialStored()));
        continuity(out, "Final Stored Volume ......", u.toRunoffVolume(f.finalStored()), u.toMillionsOfVolume(f.finalStored()));
        line(out, String.format(Locale.ROOT, "  Continuity Error (%%) .....  %12.3f", f.errorPercent()));

        String depth = u.us() ? "in" : "mm";
        String flow = u.name();
        String length = u.us() ? "Feet" : "Meters";
        heading(out, "Subcatchment Runoff Summary");
        String dashes = "  " + "-".repeat(126);
        line(out, dashes);
        line(out, "                            Total      Total      Total      Total     Imperv       Perv      Total       Total     Peak  Runoff");
        line(out, "                           Precip      Runon       Evap      Infil     Runoff     Runoff     Runoff      Runoff   Runoff   Coeff");
        line(out, String.format(Locale.ROOT, "  %-20s %10s %10s %10s %10s %10s %10s %10s %11s %8s", "Subcatchment", depth, depth, depth, depth, depth, depth, depth,
                u.us() ? "10^6 gal" : "10^6 ltr", flow));
        line(out, dashes);
        for (Runoff.SubcatchmentTotals s : runoff.subcatchments()) {
            line(out, String.format(Locale.ROOT, "  %-20s %10.2f %10.2f %10.2f %10.2f %10.2f %10.2f %10.2f %11.2f %8.2f %7.3f", s.name(), u.toDepth(s.precipitation()),
                    u.toDepth(s.runon()), u.toDepth(s.evaporation()), u.toDepth(s.infiltration()), u.toDepth(s.imperviousRunoff()), u.toDepth(s.perviousRunoff()),
                    u.toDepth(s.runoffDepth()), u.toMillionsOfVolume(s.runoffVolume()), u.toFlow(s.peakRunoff()), s.coefficient()));
        }

        java.util.Set<String> storage = new java.util.HashSet<>();
        inp.rows("STORAGE").forEach(r -> storage.add(r.value(0)));
        heading(out, "Node Depth Summary");
        dashes = "  " + "-".repeat(81);
        line(out, dashes);
        line(out, "                                 Average  Maximum  Maximum  Time of Max    Reported");
        line(out, "                                   Depth    Depth      HGL   Occurrence   Max Depth");
        line(out, String.format(Locale.ROOT, "  %-20s %-8s %8s %8s %8s  days hr:min %11s", "Node", "Type", length, length, length, length));
        line(out, dashes);
        Map<String, Double> inverts = inverts(inp);
        routing.nodes().values().forEach(n -> line(out, String.format(Locale.ROOT, "  %-20s %-8s %8.2f %8.2f %8.2f  %s %11.2f", n.name(), n.outfall() ? "OUTFALL" : storage.contains(n.name()) ? "STORAGE" : "JUNCTION",
                u.toLength(n.averageDepth()), u.toLength(n.maxDepth()), u.toLength(n.maxDepth()) + inverts.getOrDefault(n.name(), 0.0), when(n.timeOfMaxDepth()),
                u.toLength(n.maxDepth()))));

        heading(out, "Node Flooding Summary");
        List<KinematicWave.NodeResult> flooded = routing.nodes().values().stream().filter(n -> n.hoursFlooded() > 0).toList();
        if (flooded.isEmpty()) {
            line(out, "  No nodes were flooded.");
        } else {
            line(out, "  Flooding refers to all water that overflows a node, whether it ponds or not.");
            dashes = "  " + "-".repeat(74);
            line(out, dashes);
            line(out, "                                                             Total   Maximum");
            line(out, "                                 Maximum   Time of Max       Flood    Ponded");
            line(out, String.format(Locale.ROOT, "                        Hours       Rate    Occurrence      Volume    Volume"));
            line(out, String.format(Locale.ROOT, "  %-20s Flooded %10s   days hr:min  %10s  %8s", "Node", flow, u.us() ? "10^6 gal" : "10^6 ltr", u.us() ? "1000 ft3" : "1000 m3"));
            line(out, dashes);
            flooded.forEach(n -> line(out, String.format(Locale.ROOT, "  %-20s %7.2f %10.2f    %s  %10.3f  %8.3f", n.name(), n.hoursFlooded(), u.toFlow(n.maxFloodRate()),
                    when(n.timeOfMaxFlood()), u.toMillionsOfVolume(n.floodVolume()), u.toThousandsOfCubic(n.maxPondedVolume()))));
        }

        heading(out, "Outfall Loading Summary");
        dashes = "  " + "-".repeat(55);
        line(out, dashes);
        line(out, "                         Flow       Avg       Max       Total");
        line(out, "                         Freq      Flow      Flow      Volume");
        line(out, String.format(Locale.ROOT, "  %-20s Pcnt %9s %9s %11s", "Outfall Node", flow, flow, u.us() ? "10^6 gal" : "10^6 ltr"));
        line(out, dashes);
        routing.nodes().values().stream().filter(KinematicWave.NodeResult::outfall).forEach(n -> line(out, String.format(Locale.ROOT, "  %-20s %5.2f %9.2f %9.2f %11.3f",
                n.name(), 100 * n.flowingShare(), u.toFlow(n.averageFlowWhileFlowing(runoff.duration())), u.toFlow(n.maxInflow()), u.toMillionsOfVolume(n.outflowVolume()))));

        heading(out, "Link Flow Summary");
        dashes = "  " + "-".repeat(77);
        line(out, dashes);
        line(out, "                                 Maximum  Time of Max   Maximum    Max/    Max/");
        line(out, "                                  |Flow|   Occurrence   |Veloc|    Full    Full");
        line(out, String.format(Locale.ROOT, "  %-20s %-8s %7s  days hr:min  %8s    Flow   Depth", "Link", "Type", flow, u.us() ? "ft/sec" : "m/sec"));
        line(out, dashes);
        Map<String, String> linkTypes = new java.util.HashMap<>();
        for (String[] t : new String[][] {{"PUMPS", "PUMP"}, {"ORIFICES", "ORIFICE"}, {"WEIRS", "WEIR"}, {"OUTLETS", "DUMMY"}}) {
            inp.rows(t[0]).forEach(r -> linkTypes.put(r.value(0), t[1]));
        }
        routing.links().values().forEach(l -> line(out, String.format(Locale.ROOT, "  %-20s %-8s %7.2f  %s  %8.2f %7.2f %7.2f", l.name(),
                linkTypes.getOrDefault(l.name(), "CONDUIT"), u.toFlow(l.maxFlow()),
                when(l.timeOfMax()), u.toLength(l.maxVelocity()), l.maxOverFullFlow(), l.maxOverFullDepth())));
        line(out, "");
        return out.toString();
    }

    /** Each node's invert elevation as the model gives it, in the report's length unit already. */
    private static Map<String, Double> inverts(InpFile inp) {
        Map<String, Double> m = new java.util.HashMap<>();
        for (String section : List.of("JUNCTIONS", "OUTFALLS", "STORAGE")) {
            inp.rows(section).forEach(r -> m.put(r.value(0), r.number(1, "Elevation")));
        }
        return m;
    }

    /** SWMM's "days hr:min" of a time from the start. */
    private static String when(double seconds) {
        long minutes = Math.round(seconds / 60);
        return String.format(Locale.ROOT, "%4d  %02d:%02d", minutes / 1440, minutes % 1440 / 60, minutes % 60);
    }

    private static void heading(StringBuilder out, String title) {
        line(out, "");
        line(out, "");
        line(out, "  " + "*".repeat(title.length()));
        line(out, "  " + title);
        line(out, "  " + "*".repeat(title.length()));
        line(out, "");
    }

    private static void continuity(StringBuilder out, String label, double volume, double second) {
        line(out, String.format(Locale.ROOT, "  %s  %12.3f  %12.3f", label, volume, second));
    }

    private static void line(StringBuilder out, String text) {
        out.append(text).append('\n');
    }
}
