package org.citybrain.flood.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.platform.pages.Paged;
import org.springframework.stereotype.Service;

/**
 * What the flood-control headquarters sees at a glance (防汛指挥部态势): the warnings in force, the responses and their
 * tasks by state, the open tasks (overdue first), the gauges with their last readings and recent sums, the citizens'
 * incidents of the last day, and the latest acts. Staff of a district or street see their part of it.
 */
@Service
class HeadquartersBoard {

    record ResponseLine(EmergencyResponses.Response response, Map<FloodTasks.State, Long> tasks) {

        public long open() {
            return tasks.getOrDefault(FloodTasks.State.OPEN, 0L) + tasks.getOrDefault(FloodTasks.State.ACCEPTED, 0L);
        }

        public long done() {
            return tasks.getOrDefault(FloodTasks.State.DONE, 0L);
        }
    }

    record Board(List<FloodWarnings.Warning> warnings, List<ResponseLine> responses, Paged<FloodTasks.Task> openTasks, List<RainGauges.Gauge> gauges,
                 List<FloodReports.Incident> incidents, List<FloodActs.Act> acts, String planName) {
    }

    private final FloodWarnings warnings;
    private final EmergencyResponses responses;
    private final FloodTasks tasks;
    private final RainGauges gauges;
    private final RainWarningCriteria criteria;
    private final FloodReports reports;
    private final FloodActs acts;
    private final EmergencyPlan plan;

    HeadquartersBoard(FloodWarnings warnings, EmergencyResponses responses, FloodTasks tasks, RainGauges gauges, RainWarningCriteria criteria,
                      FloodReports reports, FloodActs acts, EmergencyPlan plan) {
        this.warnings = warnings;
        this.responses = responses;
        this.tasks = tasks;
        this.gauges = gauges;
        this.criteria = criteria;
        this.reports = reports;
        this.acts = acts;
        this.plan = plan;
    }

    Board board(CurrentUser user, int taskPage) {
        Action.READ_FLOOD_RESPONSE.demand(user);
        return new Board(warnings.active(user), responses(user), tasks.list(user, true, taskPage, 20), gauges(user), reports.recentIncidents(user),
                Action.DIRECT_FLOOD_RESPONSE.allows(user.roles()) ? acts.latest(30) : List.of(), plan.name());
    }

    /** The responses in force, each with its tasks by state. */
    List<ResponseLine> responses(CurrentUser user) {
        return responses.active(user).stream().map(r -> new ResponseLine(r, tasks.countsOf(r.id()))).toList();
    }

    /** The gauges with the rain of each criterion's window up to now. */
    List<RainGauges.Gauge> gauges(CurrentUser user) {
        Action.READ_FLOOD_RESPONSE.demand(user);
        return gauges.at(Instant.now(), criteria.windows());
    }

    List<Integer> windows() {
        return criteria.windows();
    }
}
