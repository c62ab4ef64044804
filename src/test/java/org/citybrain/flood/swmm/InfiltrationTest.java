package org.citybrain.flood.swmm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Each infiltration method against a worked example of its textbook, or its defining equation. */
class InfiltrationTest {

    private static final double CM = 0.01;
    private static final double HOUR = 3600;

    @Test
    void greenAmptTakesWhatChowMaidmentAndMaysExample431Computes() {
        // Chow, Maidment and Mays, Applied Hydrology (1988), example 4.3.1: silt loam, ψ = 16.7 cm, Ks = 0.65 cm/h,
        // Δθ = (1 − 0.30)·0.486 = 0.340, ponded: after one hour F = 3.17 cm and f = 1.81 cm/h
        Infiltration.GreenAmpt soil = new Infiltration.GreenAmpt(16.7 * CM, 0.65 * CM / HOUR, 0.340);
        double depth = 0;
        for (int step = 0; step < 12; step++) {
            depth += soil.infiltrate(1, 1, 300) * 300;
        }
        assertThat(depth / CM).isCloseTo(3.17, within(0.01));
        // the next minute's rate is the capacity at F = 3.17 cm
        assertThat(soil.infiltrate(1, 1, 60) / CM * HOUR).isCloseTo(1.81, within(0.01));
        // light rain, below what the soil takes, soaks in whole
        Infiltration.GreenAmpt dry = new Infiltration.GreenAmpt(16.7 * CM, 0.65 * CM / HOUR, 0.340);
        assertThat(dry.infiltrate(0.2 * CM / HOUR, 0.2 * CM / HOUR, 600)).isEqualTo(0.2 * CM / HOUR);
    }

    @Test
    void theCurveNumberKeepsWhatTheRunoffEquationSaysInfiltrates() {
        // CN 80: S = 1000/80 − 10 = 2.5 in = 63.5 mm; of 50 mm of rain, P·S/(P + S) = 27.97 mm infiltrates
        Infiltration.CurveNumber soil = new Infiltration.CurveNumber(80, 7 * 86_400);
        double rate = 10e-3 / HOUR; // 10 mm/h for five hours, with more water at the surface than falls
        double depth = 0;
        for (int step = 0; step < 60; step++) {
            depth += soil.infiltrate(rate, 2 * rate, 300) * 300;
        }
        assertThat(depth * 1000).isCloseTo(50 * 63.5 / (50 + 63.5), within(1e-6));
        // after the drying time with no water, a new event starts with the whole retention again
        soil.infiltrate(0, 0, 7 * 86_400);
        assertThat(soil.infiltrate(rate, rate, 300)).isCloseTo(rate, within(rate * 0.05));
    }

    @Test
    void hortonsCapacityFallsAlongItsCurveAndRecoversWhenDry() {
        // f0 = 3 in/h, fmin = 0.5 in/h, kd = 4/h: ponded for an hour, F = fmin·t + (f0 − fmin)/kd·(1 − e^(−kd·t))
        double in = 0.0254;
        Infiltration.Horton soil = new Infiltration.Horton(new Infiltration.Soil(3 * in / HOUR, 0.5 * in / HOUR, 4 / HOUR, 2 * 86_400, 0));
        double depth = 0;
        for (int step = 0; step < 4; step++) {
            depth += soil.infiltrate(1, 1, 900) * 900;
        }
        assertThat(depth / in).isCloseTo(0.5 + 2.5 / 4 * (1 - Math.exp(-4)), within(1e-9));
        double wet = soil.infiltrate(1, 1, 60);
        soil.infiltrate(0, 0, 2 * 86_400);
        assertThat(soil.infiltrate(1, 1, 60)).isGreaterThan(wet).isCloseTo(3 * in / HOUR, within(0.2 * in / HOUR)); // 98 % back, less the minute's own decay
    }
}
