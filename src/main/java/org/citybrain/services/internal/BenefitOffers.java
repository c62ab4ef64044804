package org.citybrain.services.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.citybrain.datahub.SharedData;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.ResidentRegistry;
import org.citybrain.platform.Conflict;
import org.citybrain.platform.Forbidden;
import org.citybrain.platform.NotFound;
import org.citybrain.platform.pages.CityTime;
import org.citybrain.standards.IdNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Benefits granted without applying (免申即享): a service whose definition says {@code proactive} — the dataset, its
 * ID-number field and the age from which the benefit is due — is swept each night through the data hub's grant for
 * the residents it is due to, and each is offered it once. She confirms with one tap: that submits the application
 * for her, with nothing to fill in, and the service's own rule table and workflow decide and pay it (the elderly
 * allowance: to her social security card). She may decline. One node sweeps each service each night (a claim row);
 * an offer is made once (the unique constraint), whichever node makes it.
 */
@Component
class BenefitOffers {

    private static final Logger log = LoggerFactory.getLogger(BenefitOffers.class);

    /** An offer as the citizen sees it. */
    record Offer(long id, String serviceCode, String name, Instant offeredAt, String state, Long applicationId) {
    }

    private final JdbcClient jdbc;
    private final ServiceCatalogue catalogue;
    private final SharedData shared;
    private final ResidentRegistry registry;
    private final Applications applications;
    private final CityTime time;
    private final JsonMapper json;

    BenefitOffers(JdbcClient jdbc, ServiceCatalogue catalogue, SharedData shared, ResidentRegistry registry, Applications applications, CityTime time,
                  JsonMapper json) {
        this.jdbc = jdbc;
        this.catalogue = catalogue;
        this.shared = shared;
        this.registry = registry;
        this.applications = applications;
        this.time = time;
        this.json = json;
    }

    /** Each night, on whichever node claims it: every proactive service swept once. */
    @Scheduled(cron = "${citybrain.services.benefits.sweep-cron:0 30 2 * * *}", zone = "${citybrain.city.zone:Asia/Shanghai}")
    void nightly() {
        LocalDate today = LocalDate.now(time.zone());
        for (ServiceCatalogue.Published p : catalogue.all()) {
            if (!p.definition().source().path("proactive").isObject()) {
                continue;
            }
            String claim = UUID.randomUUID().toString();
            try {
                jdbc.sql("insert into svc_benefit_sweep (service_code, swept_on, node_claim) values (?, ?, ?)").params(p.definition().code(), today, claim).update();
            } catch (DuplicateKeyException sweptByAnotherNode) {
                continue;
            }
            int offered = sweep(p, "system:benefits");
            jdbc.sql("update svc_benefit_sweep set offered = ?, finished_at = ? where service_code = ? and swept_on = ?")
                    .params(offered, Timestamp.from(Instant.now()), p.definition().code(), today).update();
        }
    }

    /** The department sweeps its service now (a rule changed, a register was reloaded); returns how many were newly offered it. */
    int sweepNow(CurrentUser officer, String serviceCode) {
        Action.HANDLE_APPLICATIONS.demand(officer);
        ServiceCatalogue.Published p = catalogue.current(serviceCode);
        if (!p.definition().department().equals(officer.unitName())) {
            throw new Forbidden("code", "只能处理本部门的事项 / only your own department's services");
        }
        if (!p.definition().source().path("proactive").isObject()) {
            throw new Conflict("code", "该事项不是免申即享事项 / this service is not granted without applying");
        }
        return sweep(p, officer.username());
    }

    private int sweep(ServiceCatalogue.Published p, String actor) {
        JsonNode rule = p.definition().source().path("proactive");
        LocalDate bornBy = LocalDate.now(time.zone()).minusYears(rule.path("ageFrom").asInt(80));
        String code = p.definition().code();
        int offered = 0;
        String after = null;
        do {
            SharedData.SweepPage page = shared.bornOnOrBefore(new SharedData.Sweep(p.definition().department(), rule.path("dataset").asString(),
                    rule.path("idField").asString("idNumber"), bornBy, "免申即享:" + code, actor,
                    "免申即享 / granted without applying", after, 500));
            for (SharedData.Fetched f : page.found()) {
                Object id = f.values().get(rule.path("idField").asString("idNumber"));
                Optional<ResidentRegistry.RegisteredResident> resident = id == null || !IdNumber.isValid(id.toString()) ? Optional.empty()
                        : registry.findByIdNumber(new IdNumber(id.toString()));
                if (resident.isEmpty()) {
                    continue; // in the register, not (or no longer) a resident CityBrain knows: nobody to offer it to
                }
                try {
                    jdbc.sql("insert into svc_benefit_offer (service_code, resident_id, name, offered_at, state) values (?, ?, ?, ?, 'OFFERED')")
                            .params(code, resident.get().residentId(), resident.get().name(), Timestamp.from(Instant.now())).update();
                    offered++;
                } catch (DuplicateKeyException offeredBefore) {
                    // offered on an earlier night, or by another node tonight
                }
            }
            after = page.nextKey();
        } while (after != null);
        log.info("benefit {} swept: {} newly offered", code, offered);
        return offered;
    }

    /** The citizen's offers not yet answered. */
    List<Offer> open(CurrentUser citizen) {
        Action.APPLY_FOR_SERVICE.demand(citizen);
        return jdbc.sql("select * from svc_benefit_offer where resident_id = ? and state = 'OFFERED' order by offered_at").param(citizen.self())
                .query(BenefitOffers::row).list();
    }

    /** One tap: the application is submitted for her with nothing to fill in, decided and paid by the service's own rules. */
    Application confirm(CurrentUser citizen, long offerId) {
        Offer o = mine(citizen, offerId);
        if (o.state().equals("DECLINED")) {
            throw new Conflict("offer", "您已放弃领取 / you declined it");
        }
        // the offer's id is the submission key: a second tap (or a retry) is the same application
        Application a = applications.submit(citizen, o.serviceCode(), json.createObjectNode().put("payTo", "SOCIAL_SECURITY_CARD"), Application.Channel.PHONE,
                "benefit-offer-" + o.id());
        jdbc.sql("update svc_benefit_offer set state = 'CONFIRMED', application_id = ?, answered_at = ? where id = ? and state = 'OFFERED'")
                .params(a.id(), Timestamp.from(Instant.now()), o.id()).update();
        return a;
    }

    void decline(CurrentUser citizen, long offerId) {
        Offer o = mine(citizen, offerId);
        int changed = jdbc.sql("update svc_benefit_offer set state = 'DECLINED', answered_at = ? where id = ? and state = 'OFFERED'")
                .params(Timestamp.from(Instant.now()), o.id()).update();
        if (changed == 0) {
            throw new Conflict("offer", "已经答复过 / already answered");
        }
    }

    private Offer mine(CurrentUser citizen, long offerId) {
        Action.APPLY_FOR_SERVICE.demand(citizen);
        return jdbc.sql("select * from svc_benefit_offer where id = ? and resident_id = ?").params(offerId, citizen.self())
                .query(BenefitOffers::row).optional()
                .orElseThrow(() -> new NotFound("offer", "没有这项待领取的待遇 / no such offer of yours"));
    }

    private static Offer row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Offer(rs.getLong("id"), rs.getString("service_code"), rs.getString("name"), rs.getTimestamp("offered_at").toInstant(), rs.getString("state"),
                (Long) rs.getObject("application_id", Long.class));
    }

}
