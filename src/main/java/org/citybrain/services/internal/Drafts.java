package org.citybrain.services.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Forms a citizen saved to finish elsewhere — begun on her phone, finished at the hall's counter (or on a kiosk). A
 * draft is not checked against the form's schema (it may be half filled); one is kept per service, and submitting
 * the service uses it up.
 */
@Component
class Drafts {

    /** A saved form: the service and when it was saved. */
    record Draft(String serviceCode, JsonNode form, Instant savedAt) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TransactionTemplate tx;
    private final ServiceCatalogue catalogue;

    Drafts(JdbcClient jdbc, JsonMapper json, TransactionTemplate tx, ServiceCatalogue catalogue) {
        this.jdbc = jdbc;
        this.json = json;
        this.tx = tx;
        this.catalogue = catalogue;
    }

    /** The citizen saves her form of the service (a later save replaces it). */
    Draft save(CurrentUser citizen, String serviceCode, JsonNode form) {
        Action.APPLY_FOR_SERVICE.demand(citizen);
        long me = citizen.self();
        String code = catalogue.current(serviceCode == null ? "" : serviceCode).definition().code();
        String body = json.writeValueAsString(form == null || !form.isObject() ? json.createObjectNode() : form);
        Instant now = Instant.now();
        tx.executeWithoutResult(s -> {
            int updated = jdbc.sql("update svc_draft set form = ?, saved_at = ? where applicant_id = ? and service_code = ?")
                    .params(body, Timestamp.from(now), me, code).update();
            if (updated == 0) {
                try {
                    jdbc.sql("insert into svc_draft (applicant_id, service_code, form, saved_at) values (?, ?, ?, ?)")
                            .params(me, code, body, Timestamp.from(now)).update();
                } catch (DuplicateKeyException savedMeanwhile) {
                    // her other device saved it between the two statements: this save is the later one
                    jdbc.sql("update svc_draft set form = ?, saved_at = ? where applicant_id = ? and service_code = ?")
                            .params(body, Timestamp.from(now), me, code).update();
                }
            }
        });
        return new Draft(code, json.readTree(body), now);
    }

    /** Her own draft of the service, if she saved one. */
    Optional<Draft> mine(CurrentUser citizen, String serviceCode) {
        Action.APPLY_FOR_SERVICE.demand(citizen);
        return of(citizen.self(), serviceCode);
    }

    /** The drafts of a resident, newest first: for the counter serving her (the caller checks the clerk). */
    List<Draft> of(long residentId) {
        return jdbc.sql("select service_code, form, saved_at from svc_draft where applicant_id = ? order by saved_at desc").param(residentId)
                .query((rs, n) -> new Draft(rs.getString(1), json.readTree(rs.getString(2)), rs.getTimestamp(3).toInstant())).list();
    }

    Optional<Draft> of(long residentId, String serviceCode) {
        return of(residentId).stream().filter(d -> d.serviceCode().equals(serviceCode)).findFirst();
    }

    /** In the submission's transaction: the service's draft is spent. */
    void useUp(long residentId, String serviceCode) {
        jdbc.sql("delete from svc_draft where applicant_id = ? and service_code = ?").params(residentId, serviceCode).update();
    }

}
