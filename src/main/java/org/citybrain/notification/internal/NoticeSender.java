package org.citybrain.notification.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.citybrain.identity.ResidentRegistry;
import org.citybrain.identity.SmsGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends the pending notices by SMS, on every node: each notice is claimed by a compare-and-set first, so two nodes
 * never send one twice, and a claim left by a node that stopped is taken over after a minute. A gateway that fails is
 * tried again on the next round, five times in all; a resident with no mobile keeps the notice in her box only.
 */
@Component
class NoticeSender {

    private static final Logger log = LoggerFactory.getLogger(NoticeSender.class);
    private static final Duration CLAIM = Duration.ofMinutes(1);
    private static final int ATTEMPTS = 5;

    private final JdbcClient jdbc;
    private final ResidentRegistry residents;
    private final ObjectProvider<SmsGateway> gateway;
    private final String node = UUID.randomUUID().toString();

    NoticeSender(JdbcClient jdbc, ResidentRegistry residents, ObjectProvider<SmsGateway> gateway) {
        this.jdbc = jdbc;
        this.residents = residents;
        this.gateway = gateway;
    }

    @Scheduled(fixedDelayString = "${citybrain.notification.send-every:PT5S}", initialDelayString = "PT5S")
    void sendPending() {
        SmsGateway sms = gateway.getIfAvailable();
        if (sms == null) {
            return; // no SMS operator configured: the notices stay in the message boxes
        }
        Instant now = Instant.now();
        List<Long> due = jdbc.sql("""
                select id from ntf_notice where state = 'PENDING' and (claimed_at is null or claimed_at < ?) order by id fetch first 100 rows only""")
                .param(Timestamp.from(now.minus(CLAIM))).query(Long.class).list();
        for (long id : due) {
            boolean mine = jdbc.sql("update ntf_notice set claimed_by = ?, claimed_at = ? where id = ? and state = 'PENDING' and (claimed_at is null or claimed_at < ?)")
                    .params(node, Timestamp.from(Instant.now()), id, Timestamp.from(now.minus(CLAIM))).update() == 1;
            if (mine) {
                send(sms, id);
            }
        }
    }

    private void send(SmsGateway sms, long id) {
        var row = jdbc.sql("select resident_id, text_zh, attempts from ntf_notice where id = ?").param(id)
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getInt(3)}).single();
        Optional<String> mobile = residents.mobileOf((long) row[0]);
        if (mobile.isEmpty()) {
            jdbc.sql("update ntf_notice set state = 'NO_MOBILE' where id = ? and claimed_by = ?").params(id, node).update();
            return;
        }
        try {
            String ref = sms.sendNotice(mobile.get(), "【郑州城市大脑】" + row[1]);
            jdbc.sql("update ntf_notice set state = 'SENT', sent_at = ?, gateway_ref = ?, attempts = attempts + 1 where id = ? and claimed_by = ?")
                    .params(Timestamp.from(Instant.now()), ref == null ? null : ref.substring(0, Math.min(100, ref.length())), id, node).update();
        } catch (RuntimeException failed) {
            int attempts = (int) row[2] + 1;
            log.warn("notice {} not sent (attempt {}): {}", id, attempts, failed.getMessage());
            jdbc.sql("update ntf_notice set attempts = ?, claimed_by = null, claimed_at = null, state = ? where id = ? and claimed_by = ?")
                    .params(attempts, attempts >= ATTEMPTS ? "FAILED" : "PENDING", id, node).update();
        }
    }
}
