package org.citybrain.flood.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.citybrain.flood.RiskLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The watch over the city's rain gauges (the warning rule). Every minute, on every node, it sums each gauge's rain over
 * the criteria's windows and raises the rainstorm warning each district's gauges meet, and the city's (the highest of
 * them); a district's warning raised or upgraded starts or raises the district's emergency response at the level the
 * plan gives that warning, which opens its tasks. A city-wide response is the headquarters' decision, taken on the
 * city's warning. The spots' water-level sensors are read and overdue tasks escalated on the same beat. Two nodes watching at once act once: every step is a
 * unique constraint or a compare-and-set.
 */
@Component
class RainfallWatch {

    private static final Logger log = LoggerFactory.getLogger(RainfallWatch.class);

    /** What one look at the gauges found and did: for the log and for tests. */
    record Look(Map<String, RiskLevel> districts, RiskLevel city, List<String> acted) {
    }

    private final RainGauges gauges;
    private final RainWarningCriteria criteria;
    private final CityArea area;
    private final FloodWarnings warnings;
    private final EmergencyResponses responses;
    private final EmergencyPlan plan;
    private final FloodTasks tasks;
    private final TransactionTemplate transaction;
    private final WaterLevels levels;

    RainfallWatch(WaterLevels levels, RainGauges gauges, RainWarningCriteria criteria, CityArea area, FloodWarnings warnings, EmergencyResponses responses, EmergencyPlan plan,
                  FloodTasks tasks, TransactionTemplate transaction) {
        this.gauges = gauges;
        this.criteria = criteria;
        this.area = area;
        this.warnings = warnings;
        this.responses = responses;
        this.plan = plan;
        this.tasks = tasks;
        this.transaction = transaction;
        this.levels = levels;
    }

    @Scheduled(fixedDelayString = "${citybrain.flood.watch-every:PT1M}", initialDelayString = "PT20S")
    void watch() {
        levels.readSensors(Instant.now().minus(java.time.Duration.ofMinutes(10)));
        Look look = look(Instant.now());
        if (!look.acted().isEmpty()) {
            log.info("flood watch: {}", String.join("; ", look.acted()));
        }
        transaction.executeWithoutResult(s -> tasks.escalate(Instant.now()));
    }

    /** Looks at the gauges as of {@code now} and acts on what they measured. */
    Look look(Instant now) {
        record Reading(RiskLevel level, String basis) {
        }
        Map<String, Reading> byDistrict = new LinkedHashMap<>();
        Map<String, String> districtNames = new LinkedHashMap<>();
        Reading city = new Reading(RiskLevel.NONE, "");
        for (RainGauges.Gauge g : gauges.at(now, criteria.windows())) {
            var met = criteria.levelOf(g::mmInLast);
            if (met.isEmpty()) {
                continue;
            }
            RainWarningCriteria.Criterion c = met.get().criterion();
            String basis = String.format("%s：%d小时降雨%.1f毫米，达到%s预警标准（%d小时%.0f毫米）/ %s: %.1f mm in %d h meets the %s criterion (%.0f mm in %d h)", g.name(),
                    c.hours(), met.get().mm(), zh(c.level()), c.hours(), c.mm(), g.name(), met.get().mm(), c.hours(), c.level().name().toLowerCase(java.util.Locale.ROOT),
                    c.mm(), c.hours());
            Reading r = new Reading(c.level(), basis);
            if (c.level().compareTo(city.level()) > 0) {
                city = r;
            }
            var located = area.at(g.lon(), g.lat());
            if (located.isPresent()) {
                String code = located.get().district().code();
                districtNames.put(code, located.get().district().name());
                Reading before = byDistrict.get(code);
                if (before == null || c.level().compareTo(before.level()) > 0) {
                    byDistrict.put(code, r);
                }
            }
        }
        List<String> acted = new ArrayList<>();
        Map<String, RiskLevel> levels = new LinkedHashMap<>();
        for (var e : byDistrict.entrySet()) {
            levels.put(e.getKey(), e.getValue().level());
            WarningScope scope = new WarningScope(WarningScope.Kind.DISTRICT, e.getKey(), districtNames.get(e.getKey()));
            transaction.executeWithoutResult(s -> warnings.raise(scope, e.getValue().level(), e.getValue().basis(), FloodActs.RULE).ifPresent(w -> {
                acted.add(scope.name() + " " + w.level() + " warning");
                int level = plan.levelFor(w.level());
                responses.start(scope, level, FloodActs.both(zh(w.level()) + "预警：", w.level().name().toLowerCase(java.util.Locale.ROOT) + " warning: ", w.basis()),
                        FloodActs.RULE)
                        .ifPresent(r -> acted.add(scope.name() + " response " + r.roman()));
            }));
        }
        if (city.level() != RiskLevel.NONE && !area.districts().isEmpty()) {
            WarningScope scope = EmergencyResponses.city(area.districts());
            Reading c = city;
            transaction.executeWithoutResult(s -> warnings.raise(scope, c.level(), c.basis(), FloodActs.RULE).ifPresent(w -> acted.add("city " + w.level() + " warning")));
        }
        return new Look(levels, city.level(), acted);
    }

    static String zh(RiskLevel level) {
        return switch (level) {
            case NONE -> "无";
            case BLUE -> "蓝色";
            case YELLOW -> "黄色";
            case ORANGE -> "橙色";
            case RED -> "红色";
        };
    }
}
