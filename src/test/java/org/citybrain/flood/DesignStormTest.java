package org.citybrain.flood;

import java.util.List;

import org.citybrain.flood.swmm.DesignStorm;
import org.citybrain.flood.swmm.KinematicWave;
import org.citybrain.flood.swmm.Runoff;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DesignStormTest {

    static final DesignStorm.Formula ZHENGZHOU = DesignStorm.Formula.ZHENGZHOU_HANDBOOK;

    @Test
    void theFormulaGivesTheDepthAnEngineerComputesByHand() {
        // q = 3073·(1 + 0.892·lg 3)/(120 + 15.1)^0.824 = 76.9 L/(s·ha) → 0.461 mm/min → 55.4 mm in two hours
        assertThat(ZHENGZHOU.depth(3, 120)).isCloseTo(55.4, within(0.2));
        assertThat(ZHENGZHOU.intensity(1, 60)).isLessThan(ZHENGZHOU.intensity(2, 60)).isLessThan(ZHENGZHOU.intensity(5, 60));
    }

    @Test
    void theChicagoStormHoldsTheFormulasDepthInEveryWindowAroundItsPeakAndInAll() {
        DesignStorm storm = new DesignStorm(ZHENGZHOU, 3, 120, 5, 0.4);
        List<Double> steps = storm.intensities();
        assertThat(steps).hasSize(24);
        double total = steps.stream().mapToDouble(i -> i * 5 / 60).sum();
        assertThat(total).isCloseTo(ZHENGZHOU.depth(3, 120), within(1e-9));
        assertThat(storm.totalDepth()).isCloseTo(total, within(1e-9));
        // the most intense step is the one holding the peak (at 48 min), and rain rises before it and falls after it
        int peak = steps.indexOf(steps.stream().max(Double::compare).orElseThrow());
        assertThat(peak).isEqualTo(9);
        for (int k = 1; k <= peak; k++) {
            assertThat(steps.get(k)).isGreaterThan(steps.get(k - 1));
        }
        for (int k = peak + 1; k < steps.size(); k++) {
            assertThat(steps.get(k)).isLessThan(steps.get(k - 1));
        }
        // no 5-minute step exceeds the formula's 5-minute intensity (the window centred on the peak holds exactly that)
        assertThat(steps.get(peak) / 60).isLessThanOrEqualTo(ZHENGZHOU.intensity(3, 5) + 1e-12);
        assertThatThrownBy(() -> new DesignStorm(ZHENGZHOU, 3, 120, 5, 1.2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRarerStormOnTheModelFloodsMore() {
        double[] flooded = new double[2];
        double[] periods = {1, 10};
        for (int i = 0; i < 2; i++) {
            var model = new DesignStorm(ZHENGZHOU, periods[i], 120, 5, 0.4).fallingOn(SwmmExample1Test.example1());
            Runoff.Result runoff = Runoff.run(model);
            assertThat(runoff.continuity().precipitation() / runoff.continuity().area() * 1000).isCloseTo(ZHENGZHOU.depth(periods[i], 120), within(0.01));
            KinematicWave.Result routing = KinematicWave.route(model, runoff);
            flooded[i] = routing.nodes().values().stream().mapToDouble(KinematicWave.NodeResult::floodVolume).sum();
        }
        assertThat(flooded[1]).isGreaterThan(flooded[0]);
    }

    @Test
    void theStormOf20July2021IsAScenarioOnAnyModel() {
        org.citybrain.flood.swmm.Hyetograph zz720 = org.citybrain.flood.swmm.Hyetograph.zhengzhou20210720();
        assertThat(zz720.mmPerHour()).hasSize(24).contains(201.9);
        assertThat(zz720.totalDepth()).isCloseTo(552.5, within(0.05));
        var model = zz720.fallingOn(SwmmExample1Test.example1());
        Runoff.Result runoff = Runoff.run(model);
        assertThat(runoff.continuity().precipitation() / runoff.continuity().area() * 1000).isCloseTo(552.5, within(0.1));
        KinematicWave.Result routing = KinematicWave.route(model, runoff);
        // a 1–2 ft network under 201.9 mm in an hour: every junction's inflow beyond its pipe is lost as flooding
        assertThat(routing.nodes().values().stream().filter(n -> n.hoursFlooded() > 0).count()).isGreaterThan(3);
        assertThat(routing.nodes().values()).allSatisfy(n -> assertThat(n.maxDepth()).isFinite());
        assertThat(Math.abs(routing.continuity().errorPercent())).isLessThan(1);
    }
}
