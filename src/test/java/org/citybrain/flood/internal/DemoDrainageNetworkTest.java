package org.citybrain.flood.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.citybrain.city.Place;
import org.citybrain.city.PlaceKind;
import org.citybrain.flood.swmm.DesignStorm;
import org.citybrain.flood.swmm.Hyetograph;
import org.citybrain.flood.swmm.InpFile;
import org.citybrain.flood.swmm.NetworkCheck;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo city's sewers as designed on a grid like its core city's, and what storms of several sizes do to its spots. */
class DemoDrainageNetworkTest {

    static final double[] EW = {34.806, 34.788, 34.777, 34.766, 34.756, 34.748, 34.731, 34.716, 34.697};
    static final double[] NS = {113.575, 113.596, 113.615, 113.628, 113.641, 113.652, 113.683, 113.705, 113.726, 113.746};

    /** A grid of the core city's main roads (as the demo city has them) with 51 spots at its intersections. */
    private static InpFile designed(List<Place> spots) {
        List<Place> inter = new ArrayList<>(), seg = new ArrayList<>();
        long id = 1;
        long[][] ids = new long[EW.length][NS.length];
        for (int i = 0; i < EW.length; i++) {
            for (int j = 0; j < NS.length; j++) {
                ids[i][j] = id;
                inter.add(new Place(id++, PlaceKind.INTERSECTION, null, "i" + i + "j" + j, null, null, null, NS[j], EW[i], null, Map.of()));
            }
        }
        for (int i = 0; i < EW.length; i++) {
            for (int j = 0; j + 1 < NS.length; j++) {
                seg.add(new Place(id++, PlaceKind.ROAD_SEGMENT, null, "s", null, null, null, 0, 0, null, Map.of("from", ids[i][j], "to", ids[i][j + 1])));
            }
        }
        for (int j = 0; j < NS.length; j++) {
            for (int i = 0; i + 1 < EW.length; i++) {
                seg.add(new Place(id++, PlaceKind.ROAD_SEGMENT, null, "s", null, null, null, 0, 0, null, Map.of("from", ids[i][j], "to", ids[i + 1][j])));
            }
        }
        java.util.Random r = new java.util.Random(7);
        java.util.Set<Long> chosen = new java.util.LinkedHashSet<>();
        while (chosen.size() < 51) {
            chosen.add(1 + (long) r.nextInt(90));
        }
        int k = 0;
        for (long c : chosen) {
            spots.add(new Place(id++, PlaceKind.WATERLOGGING_SPOT, null, "spot" + (k % 7 == 0 ? "下穿隧道" : ""), null, null, null, 0, 0, null, Map.of("intersectionId", c)));
            k++;
        }
        return new DemoDrainageNetwork(1).design(inter, seg, spots);
    }

    @Test
    void theSewersFormATreeThatDrainsEveryManholeToARiver() {
        InpFile inp = designed(new ArrayList<>());
        assertThat(NetworkCheck.problems(inp)).isEmpty();
        assertThat(inp.rows("JUNCTIONS")).hasSizeGreaterThan(400);
        assertThat(inp.rows("OUTFALLS")).hasSizeGreaterThanOrEqualTo(20);
        Map<String, Long> leaving = inp.rows("CONDUITS").stream().collect(java.util.stream.Collectors.groupingBy(r -> r.value(1), java.util.stream.Collectors.counting()));
        inp.rows("JUNCTIONS").forEach(j -> assertThat(leaving.get(j.value(0))).as(j.value(0)).isEqualTo(1L));
        // every pipe lies below its ground with at least the cover the design asks, upstream end and downstream end
        Map<String, double[]> nodes = new java.util.HashMap<>();
        inp.rows("JUNCTIONS").forEach(j -> nodes.put(j.value(0), new double[] {j.number(1, "inv"), j.number(2, "depth")}));
        Map<String, Double> heights = new java.util.HashMap<>();
        inp.rows("XSECTIONS").forEach(x -> heights.put(x.value(0), x.number(2, "Geom1")));
        for (InpFile.Row c : inp.rows("CONDUITS")) {
            double[] from = nodes.get(c.value(1));
            double crown = from[0] + c.number(5, "InOffset") + heights.get(c.value(0));
            assertThat(crown).as(c.value(0)).isLessThanOrEqualTo(from[0] + from[1] - 0.995);
        }
    }

    @Test
    void theStormItWasBuiltForFloodsFewSpotsAndTheStormOf720FloodsMost() {
        List<Place> spots = new ArrayList<>();
        InpFile inp = designed(spots);
        int design = spotsOver15cm(inp, spots, new DesignStorm(DesignStorm.Formula.ZHENGZHOU_HANDBOOK, 3, 120, 5, 0.4).hyetograph());
        int fifty = spotsOver15cm(inp, spots, new DesignStorm(DesignStorm.Formula.ZHENGZHOU_HANDBOOK, 50, 180, 5, 0.4).hyetograph());
        int july20 = spotsOver15cm(inp, spots, Hyetograph.zhengzhou20210720());
        assertThat(design).isBetween(1, 51 / 4);
        assertThat(fifty).isGreaterThan(design).isLessThan(51);
        assertThat(july20).isGreaterThan(fifty).isGreaterThanOrEqualTo(51 * 3 / 4);
    }

    private static int spotsOver15cm(InpFile inp, List<Place> spots, Hyetograph storm) {
        StormRun run = StormRun.of(inp, storm);
        assertThat(Math.abs(run.routing().continuity().errorPercent())).isLessThan(2);
        int over = 0;
        for (Place s : spots) {
            double peak = java.util.Arrays.stream(run.surfaceCm("J" + s.properties().get("intersectionId"))).max().orElse(0);
            over += peak >= 15 ? 1 : 0;
        }
        return over;
    }
}
