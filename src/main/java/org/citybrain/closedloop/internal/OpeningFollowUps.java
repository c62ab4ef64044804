package org.citybrain.closedloop.internal;

import org.citybrain.city.CityMap;
import org.citybrain.health.HealthCodeChanged;
import org.citybrain.population.Residency;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * A code turned yellow or red: the community where the person lives gets a follow-up task, and their employer, if
 * they have one, a task to keep them from work until it is closed. The event is delivered after the code's
 * transaction commits and is kept by the event publication registry until this listener has run, so no flagged
 * person is lost between the two modules.
 */
@Component
class OpeningFollowUps {

    private final FollowUpTasks tasks;
    private final Residency residency;
    private final CityMap city;

    OpeningFollowUps(FollowUpTasks tasks, Residency residency, CityMap city) {
        this.tasks = tasks;
        this.residency = residency;
        this.city = city;
    }

    @ApplicationModuleListener
    void on(HealthCodeChanged changed) {
        if (!changed.flagged()) {
            return;
        }
        Residency.Residence person = residency.of(changed.residentId()).orElse(null);
        if (person == null) {
            return;
        }
        FollowUpKind kind = FollowUpKind.forRule(changed.ruleId());
        if (!tasks.hasOpen(person.residentId(), kind, "COMMUNITY")) {
            String community = city.places(org.citybrain.city.PlaceKind.COMMUNITY, person.communityCode(), 1).stream()
                    .filter(p -> person.communityCode().equals(p.code())).map(p -> p.name()).findFirst().orElse(person.communityCode());
            tasks.open(person.residentId(), kind, changed.ruleId(), "COMMUNITY", community, person.communityCode(), changed.at());
        }
        if (person.employerId() != null && !tasks.hasOpen(person.residentId(), FollowUpKind.STAFF_WATCH, "ENTERPRISE")) {
            city.place(person.employerId()).ifPresent(enterprise -> tasks.open(person.residentId(), FollowUpKind.STAFF_WATCH, changed.ruleId(), "ENTERPRISE",
                    enterprise.name(), enterprise.divisionCode(), changed.at()));
        }
    }
}
