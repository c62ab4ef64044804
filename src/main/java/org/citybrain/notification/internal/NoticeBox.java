package org.citybrain.notification.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.notification.Notices;
import org.citybrain.platform.FirstSubmissionWins;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** The citizens' message boxes: notices stored once per reference, and a citizen's own read back. */
@Service
class NoticeBox implements Notices {

    /** A notice as its citizen reads it. */
    record Stored(long id, String textZh, String textEn, String link, Instant createdAt, String state) {

        public String text(boolean english) {
            return english ? textEn : textZh;
        }
    }

    private final JdbcClient jdbc;
    private final FirstSubmissionWins once;
    private final org.springframework.jdbc.core.JdbcTemplate batch;

    NoticeBox(JdbcClient jdbc, FirstSubmissionWins once, org.springframework.jdbc.core.JdbcTemplate batch) {
        this.batch = batch;
        this.jdbc = jdbc;
        this.once = once;
    }

    @Override
    public void tell(Notice n) {
        once.insert(() -> jdbc.sql("""
                insert into ntf_notice (resident_id, reference, text_zh, text_en, link, created_at, state)
                values (?, ?, ?, ?, ?, ?, 'PENDING')""").params(n.residentId(), n.reference(), cut(n.textZh()), cut(n.textEn()), n.link(),
                Timestamp.from(Instant.now())).update());
    }

    @Override
    public void tellAll(List<Notice> notices) {
        Timestamp now = Timestamp.from(Instant.now());
        batch.batchUpdate("insert into ntf_notice (resident_id, reference, text_zh, text_en, link, created_at, state) values (?, ?, ?, ?, ?, ?, 'PENDING')",
                notices.stream().map(n -> new Object[] {n.residentId(), n.reference(), cut(n.textZh()), cut(n.textEn()), n.link(), now}).toList());
    }

    List<Stored> mine(CurrentUser citizen, int offset, int limit) {
        Action.READ_OWN_NOTICES.demand(citizen);
        return jdbc.sql("select * from ntf_notice where resident_id = ? order by created_at desc, id desc offset ? rows fetch next ? rows only")
                .params(citizen.self(), offset, limit).query((rs, i) -> new Stored(rs.getLong("id"), rs.getString("text_zh"), rs.getString("text_en"),
                        rs.getString("link"), rs.getTimestamp("created_at").toInstant(), rs.getString("state"))).list();
    }

    long countMine(CurrentUser citizen) {
        Action.READ_OWN_NOTICES.demand(citizen);
        return jdbc.sql("select count(*) from ntf_notice where resident_id = ?").param(citizen.self()).query(Long.class).single();
    }

    private static String cut(String text) {
        return text.length() <= 500 ? text : text.substring(0, 499) + "…";
    }
}
