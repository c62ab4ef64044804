package org.citybrain.enrollment.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.citybrain.city.Divisions;
import org.citybrain.datahub.SharedData;
import org.citybrain.identity.ResidentRegistry;
import org.citybrain.platform.Forbidden;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Checks submitted applications in the background, from the other departments' registers through the data hub's
 * grants to the campaign's department: the child's and the parent's household registration, the parent's homes,
 * residence permits and social insurance; then {@link EligibilityPolicy} decides the category and catchment school,
 * and the parent reads the answer with its reason. Every node runs the checks: each application is claimed by a
 * compare-and-set, and a claim not finished in two minutes (its node stopped) is taken over. A check reads the same
 * records again if it runs twice, and writes the same answer.
 */
@Component
class EligibilityChecks {

    private static final Logger log = LoggerFactory.getLogger(EligibilityChecks.class);
    private static final Duration CLAIM = Duration.ofMinutes(2);
    private static final String ACTOR = "system:enrollment";

    private final JdbcClient jdbc;
    private final SharedData shared;
    private final ResidentRegistry registry;
    private final Campaigns campaigns;
    private final CatchmentAreas catchments;
    private final Divisions divisions;
    private final ZoneId zone;
    private final int batch;
    private final Map<String, List<Divisions.Division>> communitiesOfDistrict = new ConcurrentHashMap<>();

    EligibilityChecks(JdbcClient jdbc, SharedData shared, ResidentRegistry registry, Campaigns campaigns, CatchmentAreas catchments, Divisions divisions,
                      @Value("${citybrain.city.zone:Asia/Shanghai}") String zone, @Value("${citybrain.enrollment.checks-per-run:50}") int batch) {
        this.jdbc = jdbc;
        this.shared = shared;
        this.registry = registry;
        this.campaigns = campaigns;
        this.catchments = catchments;
        this.divisions = divisions;
        this.zone = ZoneId.of(zone);
        this.batch = batch;
    }

    /**
     * Each run checks at most a batch: the checks take their time (four receipted reads each) and give the window's
     * submissions the node first. 50 a second per node check 150,000 families in under an hour, in a window that
     * stays open for days.
     */
    @Scheduled(fixedDelayString = "${citybrain.enrollment.check-every:PT1S}", initialDelayString = "PT5S")
    void checkPending() {
        checkBatch();
    }

    /** Checks up to a batch of pending applications; returns how many this node checked. */
    int checkBatch() {
        Instant now = Instant.now();
        List<Long> candidates = jdbc.sql("""
                        select id from enr_application where state = 'CHECK_PENDING' and (check_claimed_at is null or check_claimed_at < ?)
                        order by id fetch first ? rows only""")
                .params(Timestamp.from(now.minus(CLAIM)), batch).query(Long.class).list();
        int done = 0;
        for (long id : candidates) {
            String claim = UUID.randomUUID().toString();
            int claimed = jdbc.sql("""
                            update enr_application set check_claim = ?, check_claimed_at = ?
                            where id = ? and state = 'CHECK_PENDING' and (check_claimed_at is null or check_claimed_at < ?)""")
                    .params(claim, Timestamp.from(now), id, Timestamp.from(now.minus(CLAIM))).update();
            if (claimed == 1 && check(id, claim)) {
                done++;
            }
        }
        return done;
    }

    private boolean check(long id, String claim) {
        Enrollment e = jdbc.sql("select * from enr_application where id = ?").param(id).query(Enrollments::row).single();
        Campaign c = campaigns.byId(e.campaignId()).orElseThrow();
        String purpose = "入学报名资格核验 / checking a school enrollment";
        EligibilityPolicy.Verdict verdict;
        try {
            Optional<String> parentIdNumber = registry.idNumberOf(e.parentId());
            Optional<Map<String, Object>> childHousehold = first(read(c, "household-registry", e.childIdNumber(), e.number(), purpose));
            Optional<Map<String, Object>> parentHousehold = Optional.empty();
            List<Map<String, Object>> homes = List.of();
            List<Map<String, Object>> permits = List.of();
            List<Map<String, Object>> insurance = List.of();
            if (parentIdNumber.isPresent()) {
                String parent = parentIdNumber.get();
                parentHousehold = first(read(c, "household-registry", parent, e.number(), purpose));
                homes = read(c, "housing-owners", parent, e.number(), purpose);
                if (childHousehold.isEmpty() && homes.isEmpty()) {
                    // only a family with neither a registration nor a home here is asked about its residence permit
                    permits = read(c, "residence-permits", parent, e.number(), purpose);
                    insurance = permits.isEmpty() ? List.of() : read(c, "social-insurance", parent, e.number(), purpose);
                }
            }
            EligibilityPolicy policy = new EligibilityPolicy(community -> catchments.schoolFor(c.stage(), community), divisions::nameOf, this::communityOf);
            verdict = policy.decide(e.childName(), new EligibilityPolicy.Records(childHousehold, parentHousehold, homes, permits, insurance),
                    LocalDate.now(zone));
        } catch (Forbidden noGrant) {
            log.warn("enrollment check of {} waits: {}", e.number(), noGrant.getMessage());
            return false;
        }
        return jdbc.sql("""
                        update enr_application set state = 'CHECKED', category = ?, catchment_school = ?, reason_zh = ?, reason_en = ?, checked_at = ?,
                            check_claim = null where id = ? and check_claim = ? and state = 'CHECK_PENDING'""")
                .params(verdict.category().name(), verdict.catchmentSchool(), verdict.reasonZh(), verdict.reasonEn(), Timestamp.from(Instant.now()), id, claim)
                .update() == 1;
    }

    private List<Map<String, Object>> read(Campaign c, String dataset, String idNumber, String caseRef, String purpose) {
        return shared.naming(new SharedData.Fetch(c.department(), dataset, idNumber, caseRef, ACTOR, purpose)).stream()
                .map(SharedData.Fetched::values).toList();
    }

    private static Optional<Map<String, Object>> first(List<Map<String, Object>> records) {
        return records.stream().findFirst();
    }

    /**
     * The community a property lies in: its 坐落 names the district and then the community (as the register writes
     * an address), so the district's communities are tried by name, the longest first (so that 第一社区 is not taken
     * for 第一社区东 or the like).
     */
    Optional<String> communityOf(Map<String, Object> home) {
        Object district = home.get("district");
        Object address = home.get("address");
        if (district == null || address == null) {
            return Optional.empty();
        }
        List<Divisions.Division> communities = communitiesOfDistrict.computeIfAbsent(district.toString(), d -> {
            Map<String, Divisions.Division> all = new HashMap<>();
            divisions.children(d).forEach(street -> divisions.children(street.code()).forEach(com -> all.put(com.code(), com)));
            return all.values().stream().sorted((a, b) -> b.name().length() - a.name().length()).toList();
        });
        String text = address.toString();
        return communities.stream().filter(com -> text.contains(com.name())).map(Divisions.Division::code).findFirst();
    }
}
