package org.citybrain.flood.swmm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A subcatchment as [SUBCATCHMENTS], [SUBAREAS] and [INFILTRATION] describe it, in metres and seconds: the land
 * that drains to one node (or another subcatchment), with its impervious share, width of overland flow, slope,
 * Manning's roughness and depression storage for its impervious and pervious parts, the share of the impervious
 * part with no depression storage, and where the subareas send their runoff.
 */
public record Subcatchment(String name, String gage, String outlet, double area, double imperviousFraction, double width, double slope,
                           double nImpervious, double nPervious, double storageImpervious, double storagePervious, double zeroStorageFraction,
                           RouteTo routeTo, double routedFraction, Supplier<Infiltration> soil) {

    /** Where the subareas' runoff goes ([SUBAREAS] RouteTo): all to the outlet, or part onto the other kind of surface first. */
    public enum RouteTo { OUTLET, IMPERVIOUS, PERVIOUS }

    static List<Subcatchment> of(InpFile inp, Units units, String defaultInfiltration) {
        Map<String, InpFile.Row> subareas = byName(inp.rows("SUBAREAS"));
        Map<String, InpFile.Row> soils = byName(inp.rows("INFILTRATION"));
        return inp.rows("SUBCATCHMENTS").stream().map(r -> {
            if (r.size() < 7) {
                throw new InpError(r.line(), "[SUBCATCHMENTS] row needs Name RainGage Outlet Area %Imperv Width %Slope");
            }
            String name = r.value(0);
            InpFile.Row sa = subareas.get(name);
            if (sa == null || sa.size() < 7) {
                throw new InpError(r.line(), "subcatchment " + name + " has no complete row in [SUBAREAS]");
            }
            InpFile.Row soil = soils.get(name);
            if (soil == null) {
                throw new InpError(r.line(), "subcatchment " + name + " has no row in [INFILTRATION]");
            }
            RouteTo route;
            try {
                route = RouteTo.valueOf(sa.value(6).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InpError(sa.line(), "RouteTo must be OUTLET, IMPERVIOUS or PERVIOUS, not " + sa.value(6));
            }
            double routed = sa.size() > 7 ? sa.number(7, "PctRouted") / 100 : 1.0;
            return new Subcatchment(name, r.value(1), r.value(2), units.area(r.number(3, "Area")), r.number(4, "%Imperv") / 100,
                    units.length(r.number(5, "Width")), r.number(6, "%Slope") / 100,
                    sa.number(1, "N-Imperv"), sa.number(2, "N-Perv"), units.depth(sa.number(3, "S-Imperv")),
                    units.depth(sa.number(4, "S-Perv")), sa.number(5, "PctZero") / 100, route, route == RouteTo.OUTLET ? 0 : routed,
                    soil(soil, units, defaultInfiltration));
        }).toList();
    }

    private static Supplier<Infiltration> soil(InpFile.Row r, Units units, String defaultMethod) {
        // SWMM 5.2 lets a row name its own method after the parameters
        String method = defaultMethod;
        for (String v : r.values()) {
            String upper = v.toUpperCase(Locale.ROOT);
            if (upper.equals("HORTON") || upper.equals("MODIFIED_HORTON") || upper.equals("GREEN_AMPT") || upper.equals("MODIFIED_GREEN_AMPT")
                    || upper.equals("CURVE_NUMBER")) {
                method = upper;
            }
        }
        switch (method) {
            case "HORTON", "MODIFIED_HORTON" -> {
                if (r.size() < 5) {
                    throw new InpError(r.line(), "Horton infiltration needs MaxRate MinRate Decay DryTime [MaxInfil]");
                }
                double f0 = units.rate(r.number(1, "MaxRate"));
                double fmin = units.rate(r.number(2, "MinRate"));
                double kd = r.number(3, "Decay") / 3600;
                double dry = r.number(4, "DryTime") * 86_400;
                double max = r.size() > 5 && !r.value(5).matches("[A-Za-z_]+") ? units.depth(r.number(5, "MaxInfil")) : 0;
                Infiltration.Soil soil = new Infiltration.Soil(f0, fmin, kd, dry, max);
                return method.equals("HORTON") ? () -> new Infiltration.Horton(soil) : () -> new Infiltration.ModifiedHorton(soil);
            }
            case "GREEN_AMPT" -> {
                if (r.size() < 4) {
                    throw new InpError(r.line(), "Green–Ampt infiltration needs Suction Ksat IMD");
                }
                double suction = units.depth(r.number(1, "Suction"));
                double ks = units.rate(r.number(2, "Ksat"));
                double imd = r.number(3, "IMD");
                return () -> new Infiltration.GreenAmpt(suction, ks, imd);
            }
            case "CURVE_NUMBER" -> {
                if (r.size() < 4) {
                    throw new InpError(r.line(), "curve number infiltration needs CurveNo Ksat(unused) DryTime");
                }
                double cn = r.number(1, "CurveNo");
                double dry = r.number(3, "DryTime") * 86_400;
                return () -> new Infiltration.CurveNumber(cn, dry);
            }
            default -> throw new InpError(r.line(), "infiltration by " + method + " is not simulated yet (Horton, modified Horton, Green–Ampt and curve number are)");
        }
    }

    private static Map<String, InpFile.Row> byName(List<InpFile.Row> rows) {
        Map<String, InpFile.Row> m = new LinkedHashMap<>();
        rows.forEach(r -> m.putIfAbsent(r.value(0), r));
        return m;
    }

    /** The impervious area without depression storage, the impervious area with it, the pervious area (m²). */
    double[] subareaAreas() {
        double imperv = area * imperviousFraction;
        return new double[] {imperv * zeroStorageFraction, imperv * (1 - zeroStorageFraction), area - imperv};
    }
}
