package org.citybrain.closedloop.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.citybrain.audit.AuditTrail;
import org.citybrain.audit.PersonalDataAccess;
import org.citybrain.health.HealthFacts;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.platform.Forbidden;
import org.citybrain.platform.NotFound;
import org.citybrain.population.Residency;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Staff see the open tasks of their jurisdiction and close them with a result. A task closes once; the result goes
 * to the health code as a fact, so that the code turns green only when the rule allows it.
 */
@Service
class ClosingFollowUps {

    /** A task as staff see it: the person by masked name and ID number. */
    record TaskView(FollowUpTask task, String maskedName, String maskedIdNumber, boolean overdue, String ageBucket) {
    }

    private final FollowUpTasks tasks;
    private final HealthFacts facts;
    private final Residency residency;
    private final AuditTrail audit;

    ClosingFollowUps(FollowUpTasks tasks, HealthFacts facts, Residency residency, AuditTrail audit) {
        this.tasks = tasks;
        this.facts = facts;
        this.residency = residency;
        this.audit = audit;
    }

    @Transactional
    List<TaskView> openTasks(CurrentUser user) {
        Action.READ_FOLLOW_UP_TASKS.demand(user);
        if (user.jurisdiction().onlySelf()) {
            throw new Forbidden("jurisdiction", "仅限工作人员 / for staff only");
        }
        Instant now = Instant.now();
        List<TaskView> views = new ArrayList<>();
        List<PersonalDataAccess> reads = new ArrayList<>();
        for (FollowUpTask t : tasks.openIn(user.jurisdiction().communityPrefix(), 500)) {
            Residency.Residence r = residency.of(t.residentId()).orElse(null);
            views.add(new TaskView(t, r == null ? "?" : r.maskedName(), r == null ? "?" : r.maskedIdNumber(), t.overdue(now), t.ageBucket(now)));
            reads.add(new PersonalDataAccess(user.username(), PersonalDataAccess.residentSubject(t.residentId()), "READ",
                    "闭环任务列表（已遮蔽） / follow-up task list, masked", "疫情防控 / epidemic prevention"));
        }
        audit.recordAll(reads);
        return views;
    }

    @Transactional
    FollowUpTask close(CurrentUser user, long taskId, String result, String note) {
        Action.CLOSE_FOLLOW_UP_TASK.demand(user);
        FollowUpTask t = tasks.byIdForUpdate(taskId).orElseThrow(() -> new NotFound("taskId", "没有该任务 / no such task"));
        if (user.jurisdiction().onlySelf() || !user.jurisdiction().coversCommunity(t.communityCode())) {
            throw new Forbidden("taskId", "该任务不在您的管辖范围内 / the task is outside your jurisdiction");
        }
        if (!t.open()) {
            throw new InvalidStandardValue("taskId", "任务已办结 / the task is closed already");
        }
        HealthFacts.FollowUpResult outcome;
        try {
            outcome = HealthFacts.FollowUpResult.valueOf(result == null ? "" : result.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new InvalidStandardValue("result", "办结结果为 CLEARED、POSITIVE 或 TRANSFERRED / the result is CLEARED, POSITIVE or TRANSFERRED");
        }
        note = org.citybrain.platform.Limits.text("note", note, org.citybrain.platform.Limits.NOTE, true);
        Instant now = Instant.now();
        tasks.close(taskId, outcome.name(), note, user.username(), now);
        audit.record(new PersonalDataAccess(user.username(), PersonalDataAccess.residentSubject(t.residentId()), "CHANGE",
                "办结闭环任务 " + t.kind() + "：" + outcome + " / closed follow-up task", "疫情防控 / epidemic prevention"));
        facts.followUpClosed(t.residentId(), outcome, now, user.username(), "task:" + taskId);
        return tasks.byId(taskId).orElseThrow();
    }

    static Map<String, Long> countBy(List<TaskView> views, java.util.function.Function<TaskView, String> key) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        views.forEach(v -> counts.merge(key.apply(v), 1L, Long::sum));
        return counts;
    }
}
