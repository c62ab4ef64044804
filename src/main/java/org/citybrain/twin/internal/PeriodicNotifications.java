package org.citybrain.twin.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.ObjectNode;

/**
 * Periodic notifications (GS CIM 009 5.8.1, {@code timeInterval}): every second, the periodic subscriptions that are
 * due are claimed — a compare-and-set on their next_due, so with several nodes each period is sent once — and each
 * gets one notification with the current state of the entities it selects, through the same outbox as change
 * notifications (so delivery, retries and the subscription's status work alike).
 */
@Component
class PeriodicNotifications {

    /** The most entities one periodic notification carries; a subscription selecting more gets the first ones. */
    static final int MAX_ENTITIES = 1000;

    private final Subscriptions subscriptions;
    private final TwinStore store;
    private final TransactionTemplate transaction;

    PeriodicNotifications(Subscriptions subscriptions, TwinStore store, org.springframework.transaction.PlatformTransactionManager transactions) {
        this.subscriptions = subscriptions;
        this.store = store;
        this.transaction = new TransactionTemplate(transactions);
    }

    @Scheduled(fixedDelay = 1000)
    void sendDue() {
        Integer sent = transaction.execute(status -> {
            Instant now = Instant.now();
            int n = 0;
            for (Subscriptions.Due due : subscriptions.claimDue(now)) {
                Subscriptions.Compiled sub = due.subscription();
                subscriptions.enqueue(sub, current(sub, now), now);
                n++;
            }
            return n;
        });
        if (sent != null && sent > 0) {
            subscriptions.wakeDispatcher();
        }
    }

    /** The entities the subscription selects, as they are now. */
    private List<ObjectNode> current(Subscriptions.Compiled sub, Instant now) {
        List<ObjectNode> found = new ArrayList<>();
        if (!store.tenantExists(sub.tenant()) && !org.citybrain.twin.TwinEntities.DEFAULT_TENANT.equals(sub.tenant())) {
            return found;
        }
        List<String> types = sub.types() == null ? null : List.copyOf(sub.types());
        List<String> ids = sub.ids() == null ? null : List.copyOf(sub.ids());
        for (int offset = 0; found.size() < MAX_ENTITIES; offset += MAX_ENTITIES) {
            TwinStore.Page page = store.query(sub.tenant(), new TwinStore.Query(types, ids, null, null, sub.q(), sub.ctx()::expand, sub.geo(),
                    offset, MAX_ENTITIES, false));
            for (TwinStore.Stored s : page.entities()) {
                if (found.size() < MAX_ENTITIES && subscriptions.matches(sub, s.doc(), null, now)) {
                    found.add(s.doc());
                }
            }
            if (!page.more()) {
                break;
            }
        }
        return found;
    }
}
