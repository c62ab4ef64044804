package org.citybrain.datahub.internal;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The commits a run makes on its way — a chunk's records, its rejected rows, its progress — need not wait for the disk
 * on PostgreSQL ({@code synchronous_commit off} for that transaction): none of them is an acknowledgement. The run is
 * acknowledged when it finishes, and that commit waits for the disk as usual, which flushes everything logged before
 * it (PostgreSQL writes its log in order). A crash in between loses part of a run that never said it was done; its
 * next run writes it again (records are matched by key). H2 has no such setting and commits as before.
 */
@Component
class RunCommits {

    private final JdbcTemplate jdbc;
    private volatile Boolean postgres;

    RunCommits(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inside a transaction: its commit will not wait for the disk. */
    void withoutWaitingForDisk() {
        jdbc.execute((java.sql.Connection c) -> {
            if (postgres == null) {
                postgres = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
            }
            if (postgres) {
                try (var st = c.createStatement()) {
                    st.execute("set local synchronous_commit to off");
                }
            }
            return null;
        });
    }
}
