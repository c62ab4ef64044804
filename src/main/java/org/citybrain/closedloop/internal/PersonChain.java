package org.citybrain.closedloop.internal;

import java.util.List;

import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.population.AccessPurpose;
import org.citybrain.population.Resident;
import org.citybrain.population.ResidentDirectory;
import org.citybrain.scanpoint.DeviceKind;
import org.citybrain.scanpoint.Passage;
import org.citybrain.scanpoint.Passages;
import org.springframework.stereotype.Service;

/**
 * One person's chain across checkpoint → community → enterprise → venues: their passages by kind, and their
 * follow-up tasks. The person is read through the population module (jurisdiction, masking, audit).
 */
@Service
class PersonChain {

    record Chain(Resident person, List<Passage> checkpoints, List<Passage> gates, List<Passage> entrances, List<Passage> venues,
                 List<FollowUpTask> tasks) {
    }

    private final ResidentDirectory directory;
    private final Passages passages;
    private final FollowUpTasks tasks;

    private final CurrentUsers users;

    PersonChain(ResidentDirectory directory, Passages passages, FollowUpTasks tasks, CurrentUsers users) {
        this.users = users;
        this.directory = directory;
        this.passages = passages;
        this.tasks = tasks;
    }

    Chain of(long residentId) {
        users.require(Action.READ_PERSON_CHAIN);
        Resident person = directory.get(residentId, AccessPurpose.EPIDEMIC_PREVENTION, false, null);
        List<Passage> all = passages.of(residentId, 500);
        return new Chain(person, only(all, DeviceKind.CHECKPOINT), only(all, DeviceKind.GATE), only(all, DeviceKind.ENTRANCE), only(all, DeviceKind.VENUE),
                tasks.ofResident(residentId));
    }

    private static List<Passage> only(List<Passage> all, DeviceKind kind) {
        return all.stream().filter(p -> p.kind() == kind).toList();
    }
}
