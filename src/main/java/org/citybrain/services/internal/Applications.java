package org.citybrain.services.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.citybrain.audit.AuditTrail;
import org.citybrain.audit.PersonalDataAccess;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.platform.Conflict;
import org.citybrain.platform.FirstSubmissionWins;
import org.citybrain.platform.Forbidden;
import org.citybrain.platform.IdempotencyKey;
import org.citybrain.platform.NotFound;
import org.citybrain.platform.pages.CityTime;
import org.citybrain.population.AccessPurpose;
import org.citybrain.population.Resident;
import org.citybrain.population.ResidentDirectory;
import org.citybrain.standards.InvalidStandardValue;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.task.api.Task;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The activities of applying and deciding, the same for every channel and page: a citizen submits an application
 * (checked against the service's form, one per submission key), the workflow runs (materials fetched, the table
 * decides, the bank is paid), the department reviews what the table sent it (approve, return for correction, refuse
 * with a reason), the citizen corrects a returned one. Each checks the actor's role, and that the application is
 * hers or her department's; an officer's read of an application is audited as a read of the applicant's data.
 */
@Service
class Applications {

    enum Review { APPROVE, RETURN, REFUSE }

    private final ApplicationRecords records;
    private final ServiceCatalogue catalogue;
    private final ResidentDirectory residents;
    private final RuntimeService runtime;
    private final TaskService tasks;
    private final FirstSubmissionWins once;
    private final TransactionTemplate tx;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final AuditTrail audit;
    private final CityTime time;
    private final ServiceClock clock;
    private final SharedMaterials materials;
    private final Drafts drafts;

    Applications(ApplicationRecords records, ServiceCatalogue catalogue, ResidentDirectory residents, RuntimeService runtime, TaskService tasks,
                 FirstSubmissionWins once, TransactionTemplate tx, JdbcClient jdbc, JsonMapper json, AuditTrail audit, CityTime time, SharedMaterials materials, Drafts drafts,
                 @Value("${citybrain.services.holidays:}") List<String> holidays, @Value("${citybrain.services.workdays:}") List<String> workdays) {
        this.records = records;
        this.catalogue = catalogue;
        this.residents = residents;
        this.runtime = runtime;
        this.tasks = tasks;
        this.once = once;
        this.tx = tx;
        this.jdbc = jdbc;
        this.json = json;
        this.audit = audit;
        this.time = time;
        this.materials = materials;
        this.drafts = drafts;
        this.clock = new ServiceClock(time.zone(), dates(holidays), dates(workdays));
    }

    // ---- the citizen ----

    /** Submits an application for the citizen herself; the same submission key twice is one application. */
    Application submit(CurrentUser citizen, String serviceCode, JsonNode form, Application.Channel channel, String submissionKey) {
        Action.APPLY_FOR_SERVICE.demand(citizen);
        long me = citizen.self();
        ServiceCatalogue.Published service = catalogue.current(serviceCode == null ? "" : serviceCode);
        JsonNode data = checked(service, form);
        Resident applicant = residents.get(me, AccessPurpose.GOVERNMENT_SERVICE, true, "办理「" + service.definition().nameZh() + "」 / applying for "
                + service.definition().nameEn());
        return store(new Applicant(me, applicant.name(), applicant.idNumber()), service, data, channel == null ? Application.Channel.PC : channel, null,
                submissionKey);
    }

    /** Who an application is for: the resident, her name and ID number as the case file carries them. */
    record Applicant(long residentId, String name, String idNumber) {
    }

    /**
     * Submits an application at the counter for the walk-in citizen the clerk identified, with her consent; the clerk
     * is recorded as who served her, and the citizen's draft of the service, if she saved one, is used up.
     */
    Application submitAtCounter(CurrentUser clerk, Applicant citizen, String serviceCode, JsonNode form, boolean consent, String submissionKey) {
        Action.SERVE_AT_COUNTER.demand(clerk);
        ServiceCatalogue.Published service = catalogue.current(serviceCode == null ? "" : serviceCode);
        JsonNode data = checked(service, form);
        if (!consent) {
            throw new InvalidStandardValue("consent", "须经申请人本人同意后代为提交 / the applicant agrees before the counter submits for her");
        }
        return store(citizen, service, data, Application.Channel.COUNTER, clerk, submissionKey);
    }

    private JsonNode checked(ServiceCatalogue.Published service, JsonNode form) {
        JsonNode data = form == null || form.isNull() ? json.createObjectNode() : form;
        if (!data.isObject()) {
            throw new InvalidStandardValue("form", "表单应为 JSON 对象 / the form is a JSON object");
        }
        List<InvalidStandardValue> problems = service.form().check(data);
        if (!problems.isEmpty()) {
            throw problems.getFirst().withOthers(problems);
        }
        return data;
    }

    private Application store(Applicant applicant, ServiceCatalogue.Published service, JsonNode data, Application.Channel channel, CurrentUser clerk,
                              String submissionKey) {
        String key = submissionKey == null || submissionKey.isBlank() ? UUID.randomUUID().toString() : IdempotencyKey.of(submissionKey);
        ServiceDefinition d = service.definition();
        long me = applicant.residentId();
        // stored and committed first: a submission acknowledged is one the workflow will run, started here or, after a
        // crash, by UnstartedApplications
        Application stored = tx.execute(s -> {
            Instant now = Instant.now();
            boolean inserted = once.insert(() -> jdbc.sql("""
                    insert into svc_application (service_code, service_version, department, applicant_id, applicant_name, applicant_id_number, channel, form,
                        state, submitted_at, promised_by, legal_by, submission_key, served_by, consent_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, 'SUBMITTED', ?, ?, ?, ?, ?, ?)""").params(d.code(), d.version(), d.department(), me, applicant.name(),
                    applicant.idNumber(), channel.name(), json.writeValueAsString(data), Timestamp.from(now),
                    Timestamp.from(clock.due(now, d.promisedDays())), Timestamp.from(clock.due(now, d.legalDays())), key,
                    clerk == null ? null : clerk.username(), clerk == null ? null : Timestamp.from(now)).update());
            if (!inserted) {
                return null;
            }
            Application a = records.byKey(me, key).orElseThrow();
            String by = clerk == null ? applicant.name() : clerk.displayName();
            records.step(a.id(), "SUBMITTED", by, (clerk == null ? "" : "经申请人同意，由" + clerk.displayName() + "代为") + "提交「" + d.nameZh()
                    + "」申请，受理编号 " + a.number(time.zone()), (clerk == null ? "Applied" : "Submitted at the counter by " + clerk.displayName()
                    + " with the applicant's consent") + " for “" + d.nameEn() + "”, case number " + a.number(time.zone()));
            drafts.useUp(me, d.code());
            return a;
        });
        // a retry answers with the application its first submission stored
        return stored == null ? records.byKey(me, key).orElseThrow() : startWorkflow(stored, applicant.idNumber());
    }

    /**
     * Fetches a submitted application's shared materials (outside any transaction: see {@link SharedMaterials}), then
     * starts its workflow on them. Once: of two callers (the submission and a node's recovery) the one that finds the
     * application unstarted under its row lock starts it; the other's fetch is receipted but unused.
     */
    Application startWorkflow(long id) {
        return startWorkflow(records.require(id), records.idNumberOf(id));
    }

    private Application startWorkflow(Application a, String idNumber) {
        long id = a.id();
        ServiceCatalogue.Published service = catalogue.version(a.serviceCode(), a.serviceVersion());
        List<SharedMaterials.Outcome> fetched = materials.fetch(a, service.definition(), idNumber);
        return tx.execute(s -> {
            if (records.lockUnstarted(id)) {
                String process = runtime.createProcessInstanceBuilder().processDefinitionId(service.processDefinitionId()).businessKey(String.valueOf(id))
                        .variables(Map.of("applicationId", id, "applicant", idNumber)).transientVariable(SharedMaterials.VARIABLE, fetched).start().getId();
                records.processStarted(id, process);
                settle(id, process);
            }
            return records.require(id);
        });
    }

    List<Application> mine(CurrentUser citizen, int offset, int limit) {
        Action.READ_OWN_APPLICATIONS.demand(citizen);
        return records.ofApplicant(citizen.self(), offset, limit);
    }

    long countMine(CurrentUser citizen) {
        Action.READ_OWN_APPLICATIONS.demand(citizen);
        return records.countOfApplicant(citizen.self());
    }

    /** An application as the one asking may see it: her own, or (an officer) her department's, audited. */
    Application read(CurrentUser user, long id) {
        Application a = records.find(id).orElseThrow(() -> new NotFound("id", "没有这个办件 / no such application"));
        if (user.has(org.citybrain.identity.Role.CITIZEN)) {
            Action.READ_OWN_APPLICATIONS.demand(user);
            if (a.applicantId() != user.self()) {
                // the same answer as for one that does not exist: nobody learns which numbers are someone's
                throw new NotFound("id", "没有这个办件 / no such application");
            }
            return a;
        }
        if (user.has(org.citybrain.identity.Role.HALL_CLERK)) {
            Action.SERVE_AT_COUNTER.demand(user);
            // a clerk sees what she submitted herself (to print its receipt), nothing else
            if (!user.username().equals(a.servedBy())) {
                throw new NotFound("id", "没有这个办件 / no such application");
            }
            audit.record(new PersonalDataAccess(user.username(), PersonalDataAccess.residentSubject(a.applicantId()), "READ",
                    "办件 " + a.number(time.zone()) + "（" + a.serviceCode() + "） / application " + a.number(time.zone()),
                    AccessPurpose.GOVERNMENT_SERVICE.describe() + " · 窗口回执 / counter receipt"));
            return a;
        }
        Action.HANDLE_APPLICATIONS.demand(user);
        if (!a.department().equals(user.unitName())) {
            throw new Forbidden("id", "该办件不属于本部门的事项 / the application is not for your department's services");
        }
        audit.record(new PersonalDataAccess(user.username(), PersonalDataAccess.residentSubject(a.applicantId()), "READ",
                "办件 " + a.number(time.zone()) + "（" + a.serviceCode() + "） / application " + a.number(time.zone()),
                AccessPurpose.GOVERNMENT_SERVICE.describe() + " · 审核 / review"));
        return a;
    }

    List<Step> steps(CurrentUser user, long id) {
        read(user, id);
        return records.steps(id);
    }

    List<Material> materials(CurrentUser user, long id) {
        read(user, id);
        return records.materials(id);
    }

    /** The citizen corrects a returned application: the new form is checked, and the workflow fetches and decides again. */
    Application correct(CurrentUser citizen, long id, JsonNode form) {
        Action.APPLY_FOR_SERVICE.demand(citizen);
        Application a = read(citizen, id);
        if (a.state() != Application.State.RETURNED) {
            throw new Conflict("id", "该办件不在补正状态 / the application is not waiting for a correction");
        }
        ServiceCatalogue.Published service = catalogue.version(a.serviceCode(), a.serviceVersion());
        List<InvalidStandardValue> problems = service.form().check(form);
        if (!problems.isEmpty()) {
            throw problems.getFirst().withOthers(problems);
        }
        List<SharedMaterials.Outcome> fetched = materials.fetch(a, service.definition(), records.idNumberOf(id));
        return tx.execute(s -> {
            if (!claim(a)) {
                throw new Conflict("id", "该办件已补正 / the application was corrected already");
            }
            records.form(id, json.writeValueAsString(form));
            records.move(id, Application.State.RETURNED, Application.State.SUBMITTED, null);
            records.step(id, "CORRECTED", a.applicantName(), "申请人已补正", "The applicant corrected the application");
            tasks.complete(a.taskId(), Map.of(), Map.of(SharedMaterials.VARIABLE, fetched));
            settle(id, a.processInstanceId());
            return records.require(id);
        });
    }

    // ---- the department ----

    List<Application> queue(CurrentUser officer, Application.State state, int offset, int limit) {
        Action.HANDLE_APPLICATIONS.demand(officer);
        return records.ofDepartment(officer.unitName(), state, offset, limit);
    }

    long countQueue(CurrentUser officer, Application.State state) {
        Action.HANDLE_APPLICATIONS.demand(officer);
        return records.countOfDepartment(officer.unitName(), state);
    }

    /** The officer's decision on an application under review; returning or refusing gives the reason the citizen will read. */
    Application review(CurrentUser officer, long id, Review decision, String reason) {
        Action.HANDLE_APPLICATIONS.demand(officer);
        Application a = read(officer, id);
        if (decision == null) {
            throw new InvalidStandardValue("decision", "请选择审核结果 / choose the decision");
        }
        String why = reason == null ? "" : reason.strip();
        if (decision != Review.APPROVE && why.isEmpty()) {
            throw new InvalidStandardValue("reason", decision == Review.REFUSE ? "不予办理须说明理由 / a refusal gives its reason"
                    : "退回补正须说明需补正的内容 / say what is to be corrected");
        }
        if (why.length() > 1000) {
            throw new InvalidStandardValue("reason", "不超过1000个字符 / at most 1000 characters");
        }
        if (a.state() != Application.State.UNDER_REVIEW) {
            throw new Conflict("id", "该办件不在审核中 / the application is not waiting for review");
        }
        return tx.execute(s -> {
            if (!claim(a)) {
                throw new Conflict("id", "该办件已由其他工作人员审核 / another officer reviewed it already");
            }
            switch (decision) {
                case APPROVE -> records.step(id, "REVIEWED", officer.displayName(), "审核通过" + (why.isEmpty() ? "" : "：" + why),
                        "Approved in review" + (why.isEmpty() ? "" : ": " + why));
                case RETURN -> records.step(id, "RETURNED", officer.displayName(), "退回补正：" + why, "Returned for correction: " + why);
                case REFUSE -> {
                    records.refusedBy(id, why);
                    records.step(id, "REVIEWED", officer.displayName(), "审核不通过：" + why, "Refused in review: " + why);
                }
            }
            tasks.complete(a.taskId(), Map.of("review", decision.name()));
            settle(id, a.processInstanceId());
            return records.require(id);
        });
    }

    // ---- the workflow's waits ----

    /** Compare-and-set on the waiting task: of two officers (or a double click) one acts. */
    private boolean claim(Application a) {
        return a.taskId() != null && jdbc.sql("update svc_application set task_id = null where id = ? and task_id = ?").params(a.id(), a.taskId()).update() == 1;
    }

    /** After the engine ran: where the workflow waits now (the department's review, the applicant's correction) becomes the state. */
    private void settle(long id, String processInstanceId) {
        Task waiting = tasks.createTaskQuery().processInstanceId(processInstanceId).active().singleResult();
        if (waiting == null) {
            return;
        }
        if ("review".equals(waiting.getTaskDefinitionKey())) {
            records.move(id, null, Application.State.UNDER_REVIEW, waiting.getId());
        } else if ("correction".equals(waiting.getTaskDefinitionKey())) {
            records.move(id, null, Application.State.RETURNED, waiting.getId());
        }
    }


    private static Set<LocalDate> dates(List<String> values) {
        Set<LocalDate> out = new HashSet<>();
        values.stream().filter(v -> v != null && !v.isBlank()).forEach(v -> out.add(LocalDate.parse(v.strip())));
        return out;
    }

    ServiceClock clock() {
        return clock;
    }
}
