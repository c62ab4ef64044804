package org.citybrain.enrollment.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.citybrain.identity.CurrentUser;
import org.citybrain.notification.Notices;
import org.citybrain.platform.Conflict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Allocates a campaign's places once its window has closed and every application is checked: reveals the seed,
 * runs {@link PlaceAllocation}, writes each application's school and the published draws, all in one transaction.
 * Every node looks for such campaigns; the campaign's row lock lets one of them allocate, and the others find it done.
 */
@Component
class Allocations {

    private static final Logger log = LoggerFactory.getLogger(Allocations.class);

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final TransactionTemplate tx;
    private final Campaigns campaigns;
    private final JsonMapper json;
    private final Duration appealsFor;

    private final Notices notices;
    private final EnrollmentViews views;

    Allocations(JdbcClient jdbc, JdbcTemplate batch, TransactionTemplate tx, Campaigns campaigns, JsonMapper json, Notices notices, EnrollmentViews views,
                @Value("${citybrain.enrollment.appeals-for:P7D}") Duration appealsFor) {
        this.notices = notices;
        this.views = views;
        this.jdbc = jdbc;
        this.batch = batch;
        this.tx = tx;
        this.campaigns = campaigns;
        this.json = json;
        this.appealsFor = appealsFor;
    }

    @Scheduled(fixedDelayString = "${citybrain.enrollment.allocate-every:PT30S}", initialDelayString = "PT20S")
    void allocateClosed() {
        for (Campaign c : campaigns.closedUnallocated(Instant.now())) {
            if (pending(c.id()) == 0) {
                allocate(c.id());
            }
        }
    }

    /** The bureau asks for the allocation now (the window has closed): refused while applications wait for their check. */
    Campaign allocateNow(CurrentUser officer, String code) {
        Campaign c = campaigns.ofMyDepartment(officer, code);
        Campaign.Phase phase = c.phase(Instant.now());
        if (phase == Campaign.Phase.OPEN || phase == Campaign.Phase.NOT_YET_OPEN) {
            throw new Conflict("code", "报名截止后才能分配学位 / places are allocated after the window closes");
        }
        long waiting = pending(c.id());
        if (waiting > 0) {
            throw new Conflict("code", waiting + " 份报名尚在资格核验中，核验完毕后分配 / " + waiting + " applications are still being checked");
        }
        allocate(c.id());
        return campaigns.require(code);
    }

    private long pending(long campaignId) {
        return jdbc.sql("select count(*) from enr_application where campaign_id = ? and state = 'CHECK_PENDING'").param(campaignId).query(Long.class).single();
    }

    private void allocate(long campaignId) {
        tx.executeWithoutResult(s -> {
            Campaign c = jdbc.sql("select * from enr_campaign where id = ? for update").param(campaignId).query(Campaigns::row).single();
            if (c.allocatedAt() != null) {
                return; // another node did it while this one waited for the lock
            }
            long started = System.nanoTime();
            List<Enrollment> checked = jdbc.sql("select * from enr_application where campaign_id = ? and state = 'CHECKED'").param(campaignId)
                    .query(Enrollments::row).list();
            List<PlaceAllocation.Applicant> applicants = checked.stream()
                    .map(e -> new PlaceAllocation.Applicant(e.id(), e.number(), e.category(), e.catchmentSchool(), e.preferences())).toList();
            PlaceAllocation.Result r = PlaceAllocation.allocate(c.seed(), PlaceAllocation.places(campaigns.places(c)), applicants);
            List<Object[]> rows = new ArrayList<>(applicants.size());
            for (PlaceAllocation.Applicant a : applicants) {
                Long school = r.schoolOf().get(a.id());
                rows.add(new Object[] {school == null ? "REFERRED" : "ADMITTED", school, school == null ? "DISTRICT" : r.admittedBy().get(a.id()),
                        r.tickets().get(a.id()), a.id()});
            }
            batch.batchUpdate("update enr_application set state = ?, school_id = ?, admitted_by = ?, ticket = ? where id = ?", rows);
            // each family told in the allocation's transaction: the result and its notice commit together
            List<Notices.Notice> told = new ArrayList<>(checked.size());
            for (Enrollment e : checked) {
                Long school = r.schoolOf().get(e.id());
                String name = school == null ? null : views.schoolName(c, school);
                told.add(new Notices.Notice(e.parentId(), "enr:" + e.number(), school == null
                        ? e.childName() + "的入学报名（报名号 " + e.number() + "）：所报学校学位已满，由区教育局统筹安排，请留意后续通知；可在" + appealsFor.toDays() + "日内申诉。"
                        : e.childName() + "的入学报名（报名号 " + e.number() + "）：已被" + name + "录取。", school == null
                        ? e.childName() + "'s enrollment (" + e.number() + "): the schools chosen are full; the district places the child. You may appeal within " + appealsFor.toDays() + " days."
                        : e.childName() + "'s enrollment (" + e.number() + "): admitted to " + name + ".", "/enrollment/applications/" + e.number()));
            }
            notices.tellAll(told);
            List<Object[]> draws = new ArrayList<>();
            int seq = 0;
            for (PlaceAllocation.Draw d : r.draws()) {
                String competing = json.writeValueAsString(d.competing().stream()
                        .map(a -> Map.of("number", a.number(), "category", a.category().rank)).collect(Collectors.toList()));
                draws.add(new Object[] {campaignId, seq++, d.school(), d.round(), d.placesLeft(), competing, json.writeValueAsString(d.admitted()), d.lottery()});
            }
            batch.batchUpdate("insert into enr_draw (campaign_id, seq, school_id, round_name, places_left, applicants, admitted, lottery) values (?, ?, ?, ?, ?, ?, ?, ?)",
                    draws);
            Instant now = Instant.now();
            jdbc.sql("update enr_campaign set revealed_at = ?, allocated_at = ?, appeals_until = ? where id = ?")
                    .params(Timestamp.from(now), Timestamp.from(now), Timestamp.from(now.plus(appealsFor)), campaignId).update();
            log.info("enrollment {} allocated: {} applications, {} placed, {} draws, in {} ms", c.code(), applicants.size(), r.schoolOf().size(), draws.size(),
                    (System.nanoTime() - started) / 1_000_000);
        });
    }
}
