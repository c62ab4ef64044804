package org.citybrain.twin.internal;

import java.time.Instant;
import java.util.Collections;
import java.util.List;

import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * Subscriptions to context source registrations (GS CIM 009 5.11, {@code /csourceSubscriptions}): a client — a
 * dashboard of the city's federation, another broker — is told when a registration it selects (by the entity types
 * or ids the registration covers, and the attributes it names) appears, changes or goes away. The notification
 * (5.3.2) carries the registration as readers see it (credentials withheld) and a {@code triggerReason}:
 * {@code newlyMatching}, {@code updated} or {@code noLongerMatching}. Stored, queued and delivered as entity
 * subscriptions are (same table, same outbox, at least once, on any node), in the transaction of the registration's
 * change.
 */
@Component
class RegistrationSubscriptions {

    private final Subscriptions subscriptions;

    RegistrationSubscriptions(Subscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    /**
     * Called by {@link ContextSources} inside the transaction that changes a registration: {@code before} is null for
     * a new one, {@code after} null for a deleted one; {@code shown} is the registration as readers see it.
     */
    void registrationChanged(String tenant, ContextSources.Source before, ContextSources.Source after, ObjectNode shown) {
        Instant now = Instant.now();
        boolean enqueued = false;
        for (Subscriptions.Compiled sub : subscriptions.activeOf(Subscriptions.Kind.REGISTRATIONS, tenant)) {
            if (sub.expiresAt() != null && !sub.expiresAt().isAfter(now)) {
                continue;
            }
            boolean was = before != null && selects(sub, before);
            boolean is = after != null && selects(sub, after);
            String reason = is && !was ? "newlyMatching" : is ? "updated" : was ? "noLongerMatching" : null;
            if (reason == null) {
                continue;
            }
            subscriptions.enqueue(sub, subscriptions.notification(sub, List.of(shown), now, reason), now);
            enqueued = true;
        }
        if (enqueued) {
            subscriptions.wakeDispatcherAfterCommit();
        }
    }

    /**
     * Whether a subscription selects a registration: one of the registration's entity selectors has a type the
     * subscription names (and, when both name ids, the same id), and, when both name attributes, they share one.
     * A subscription without entities selects by its watchedAttributes alone.
     */
    static boolean selects(Subscriptions.Compiled sub, ContextSources.Source source) {
        boolean entities = sub.types() == null || source.entities().stream().anyMatch(sel -> sub.types().contains(sel.type())
                && (sub.ids() == null || sel.id() == null || sub.ids().contains(sel.id())));
        boolean attributes = sub.watched() == null || source.attributes().isEmpty() || !Collections.disjoint(sub.watched(), source.attributes());
        return entities && attributes;
    }

    String create(String tenant, ObjectNode sub, tools.jackson.databind.JsonNode context) {
        return subscriptions.create(Subscriptions.Kind.REGISTRATIONS, tenant, sub, context);
    }

    void update(String tenant, String id, ObjectNode changes) {
        subscriptions.update(Subscriptions.Kind.REGISTRATIONS, tenant, id, changes);
    }

    void delete(String tenant, String id) {
        subscriptions.delete(Subscriptions.Kind.REGISTRATIONS, tenant, id);
    }

    ObjectNode find(String tenant, String id, LdContext reader) {
        return subscriptions.present(subscriptions.find(Subscriptions.Kind.REGISTRATIONS, tenant, id), reader);
    }

    List<ObjectNode> list(String tenant, int offset, int limit, LdContext reader) {
        return subscriptions.list(Subscriptions.Kind.REGISTRATIONS, tenant, offset, limit).stream().map(s -> subscriptions.present(s, reader)).toList();
    }
}
