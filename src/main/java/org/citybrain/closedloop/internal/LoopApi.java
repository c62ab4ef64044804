package org.citybrain.closedloop.internal;

import org.citybrain.identity.Action;
import org.citybrain.identity.Performs;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.citybrain.identity.CurrentUsers;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/loops/v1")
@Tag(name = "Closed loop", description = "Follow-up tasks for flagged people: open in the responsible unit until closed with a result")
class LoopApi {

    record TaskClosure(@io.swagger.v3.oas.annotations.media.Schema(allowableValues = {"CLEARED", "POSITIVE", "TRANSFERRED"}) String result,
                       @io.swagger.v3.oas.annotations.media.Schema(maxLength = org.citybrain.platform.Limits.NOTE) String note) {
    }

    private final ClosingFollowUps closing;
    private final PersonChain chains;
    private final CurrentUsers users;

    LoopApi(ClosingFollowUps closing, PersonChain chains, CurrentUsers users) {
        this.closing = closing;
        this.chains = chains;
        this.users = users;
    }

    @Performs(Action.READ_FOLLOW_UP_TASKS)
    @GetMapping("/tasks")
    @Operation(summary = "Open follow-up tasks in my jurisdiction, oldest first")
    List<ClosingFollowUps.TaskView> open() {
        return closing.openTasks(users.require());
    }

    @Performs(Action.CLOSE_FOLLOW_UP_TASK)
    @PostMapping("/tasks/{taskId}/close")
    @Operation(summary = "Close a task: {result: CLEARED|POSITIVE|TRANSFERRED, note}")
    FollowUpTask close(@PathVariable long taskId, @RequestBody TaskClosure body) {
        return closing.close(users.require(), taskId, body.result(), body.note());
    }

    @Performs(Action.READ_PERSON_CHAIN)
    @GetMapping("/people/{residentId}/chain")
    @Operation(summary = "One person's chain: checkpoint arrivals, gate passages, entrances, venue check-ins, tasks (audited)")
    PersonChain.Chain chain(@PathVariable long residentId) {
        return chains.of(residentId);
    }
}
