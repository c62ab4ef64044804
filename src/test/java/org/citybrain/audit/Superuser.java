package org.citybrain.audit;

import java.sql.Connection;
import java.sql.SQLException;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a tamperer with full database access can do, for the tests that show it is detected: on PostgreSQL the audit
 * table refuses updates and deletes by a trigger, which a superuser can switch off first; H2 has no such trigger.
 */
public final class Superuser {

    private final JdbcTemplate jdbc;

    public Superuser(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public boolean postgres() {
        try (Connection c = jdbc.getDataSource().getConnection()) {
            return c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the tampering with the append-only trigger switched off (and on again after). */
    public void tamper(Runnable tampering) {
        boolean pg = postgres();
        if (pg) {
            jdbc.execute("alter table audit_record disable trigger audit_record_append_only");
        }
        try {
            tampering.run();
        } finally {
            if (pg) {
                jdbc.execute("alter table audit_record enable trigger audit_record_append_only");
            }
        }
    }
}
