package org.citybrain.health.internal;

import java.time.Instant;

import org.citybrain.health.CodeColour;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.Role;
import org.springframework.stereotype.Service;

/**
 * What staff do about one resident's health: read her code and its facts, order quarantine or record a close contact,
 * record a test result, set a colour by hand, void a wrong fact. Each checks the action's roles and the resident's
 * jurisdiction and writes the access to the audit trail before acting; the API and the pages both call this, so they
 * cannot disagree on who may do what.
 */
@Service
class ResidentHealthDesk {

    private final PersonAccess access;
    private final AuthorityActs acts;
    private final HealthInformation information;

    ResidentHealthDesk(PersonAccess access, AuthorityActs acts, HealthInformation information) {
        this.access = access;
        this.acts = acts;
        this.information = information;
    }

    HealthInformation.View information(CurrentUser user, long residentId, boolean english) {
        access.require(user, Action.READ_RESIDENT_HEALTH, residentId, "READ", "健康码及其依据 / health code and its facts", false);
        return information.of(residentId, english);
    }

    HealthCodeBook.Code order(CurrentUser user, long residentId, AuthorityActs.Order order, String idempotencyKey) {
        if (order.kind() == null) {
            throw new org.citybrain.standards.InvalidStandardValue("kind",
                    "类型为 QUARANTINE_ORDER、CLOSE_CONTACT 或 TEST_RESULT / the kind is QUARANTINE_ORDER, CLOSE_CONTACT or TEST_RESULT");
        }
        boolean test = order.kind() == AuthorityActs.OrderKind.TEST_RESULT;
        // Which action this is depends on the kind: hospitals may record test results, only the commission orders.
        // Hospitals test whoever comes, so their staff record results city-wide; every such write is audited.
        access.require(user, test ? Action.RECORD_TEST_RESULT : Action.ISSUE_HEALTH_ORDER, residentId, "CHANGE",
                "健康事实：" + words(order.kind()), test && user.has(Role.HOSPITAL_STAFF));
        return acts.order(residentId, order, user, idempotencyKey);
    }

    /** The fact's kind as the audit entry says it to the citizen, in both languages. */
    private static String words(AuthorityActs.OrderKind kind) {
        return switch (kind) {
            case QUARANTINE_ORDER -> "隔离令 / health fact: quarantine order";
            case CLOSE_CONTACT -> "密切接触者判定 / health fact: close contact";
            case TEST_RESULT -> "检测结果 / health fact: test result";
        };
    }

    HealthCodeBook.Code setColour(CurrentUser user, long residentId, CodeColour colour, Instant until, String legalReason) {
        access.require(user, Action.SET_MANUAL_COLOUR, residentId, "CHANGE", "人工赋码 / manual colour", false);
        return acts.setColour(residentId, colour, until, legalReason, user);
    }

    HealthCodeBook.Code voidFact(CurrentUser user, long factId, String legalReason) {
        access.require(user, Action.VOID_FACT, acts.residentOfFact(factId), "CHANGE", "作废健康事实 / voided a health fact", false);
        return acts.voidFact(factId, legalReason, user);
    }
}
