package org.citybrain.flood.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.IntToDoubleFunction;

import org.citybrain.flood.RiskLevel;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * When a gauge's rain raises a rainstorm warning (暴雨预警), as data ({@code citybrain.flood.rain-warning.criteria[n]}:
 * level, hours, mm). The defaults are the China Meteorological Administration's rainstorm warning signals (气象灾害预警
 * 信号及防御指南, 中国气象局令第16号, 2007): blue, 50 mm in 12 h; yellow, 50 mm in 6 h; orange, 50 mm in 3 h; red,
 * 100 mm in 3 h. The signals speak of rain that "will reach, or has reached and may go on"; a gauge gives the rain that
 * has fallen, so the watch applies them to what the gauge measured in the last hours.
 */
@ConfigurationProperties("citybrain.flood.rain-warning")
record RainWarningCriteria(List<Criterion> criteria) {

    /** A level is met when at least {@code mm} fell in the last {@code hours}. */
    record Criterion(RiskLevel level, int hours, double mm) {
    }

    /** A level met, and by which criterion and amount: the warning's stated basis. */
    record Met(Criterion criterion, double mm) {
    }

    static final List<Criterion> CMA = List.of(new Criterion(RiskLevel.BLUE, 12, 50), new Criterion(RiskLevel.YELLOW, 6, 50),
            new Criterion(RiskLevel.ORANGE, 3, 50), new Criterion(RiskLevel.RED, 3, 100));

    RainWarningCriteria {
        criteria = criteria == null || criteria.isEmpty() ? CMA : List.copyOf(criteria);
        for (Criterion c : criteria) {
            if (c.level() == null || c.level() == RiskLevel.NONE || c.hours() < 1 || c.hours() > 24 || !(c.mm() > 0)) {
                throw new IllegalArgumentException("citybrain.flood.rain-warning.criteria: a level BLUE..RED, 1–24 hours and mm above 0 (" + c + ")");
            }
        }
    }

    /** The longest window any criterion looks back over (hours): how much of a gauge's history the watch reads. */
    int longestHours() {
        return criteria.stream().mapToInt(Criterion::hours).max().orElse(12);
    }

    /** The windows the criteria use (hours), for summing a gauge's rain once per window. */
    List<Integer> windows() {
        return criteria.stream().map(Criterion::hours).distinct().sorted().toList();
    }

    /** The highest level the rain meets, given the rain that fell in the last n hours; empty when none is met. */
    Optional<Met> levelOf(IntToDoubleFunction mmInLastHours) {
        return criteria.stream().filter(c -> mmInLastHours.applyAsDouble(c.hours()) >= c.mm())
                .max(Comparator.comparing(Criterion::level).thenComparingDouble(Criterion::mm))
                .map(c -> new Met(c, mmInLastHours.applyAsDouble(c.hours())));
    }
}
