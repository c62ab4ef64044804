package org.citybrain.identity.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.citybrain.identity.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Accounts and their roles in the database. */
@Repository
class AccountStore {

    record AccountRow(long id, String username, String passwordHash, String displayName, String kind, Long unitId,
                      String unitName, Long residentId, String jurisdictionCode, String mobile, boolean enabled, Set<Role> roles) {
    }

    private final JdbcClient jdbc;

    AccountStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<AccountRow> byUsername(String username) {
        return jdbc.sql("""
                select a.*, u.name as unit_name from account a left join unit u on u.id = a.unit_id where a.username = ?""")
                .param(username)
                .query((rs, n) -> new AccountRow(rs.getLong("id"), rs.getString("username"), rs.getString("password_hash"),
                        rs.getString("display_name"), rs.getString("kind"), (Long) rs.getObject("unit_id", Long.class),
                        rs.getString("unit_name"), (Long) rs.getObject("resident_id", Long.class), rs.getString("jurisdiction_code"),
                        rs.getString("mobile"), rs.getBoolean("enabled"), Set.of()))
                .optional()
                .map(a -> new AccountRow(a.id(), a.username(), a.passwordHash(), a.displayName(), a.kind(), a.unitId(), a.unitName(),
                        a.residentId(), a.jurisdictionCode(), a.mobile(), a.enabled(), roles(a.id())));
    }

    private Set<Role> roles(long accountId) {
        List<String> names = jdbc.sql("select role from account_role where account_id = ?").param(accountId).query(String.class).list();
        Set<Role> roles = EnumSet.noneOf(Role.class);
        names.forEach(n -> roles.add(Role.valueOf(n)));
        return roles;
    }

    long insert(String username, String passwordHash, String displayName, String kind, Long unitId, Long residentId,
                String jurisdictionCode, String mobile, Set<Role> roles) {
        jdbc.sql("""
                insert into account(username, password_hash, display_name, kind, unit_id, resident_id, jurisdiction_code, mobile, enabled, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, true, ?)""")
                .params(username, passwordHash, displayName, kind, unitId, residentId, jurisdictionCode, mobile, Timestamp.from(Instant.now()))
                .update();
        long id = jdbc.sql("select id from account where username = ?").param(username).query(Long.class).single();
        for (Role r : roles) {
            jdbc.sql("insert into account_role(account_id, role) values (?, ?)").params(id, r.name()).update();
        }
        return id;
    }

    void setPasswordHash(long accountId, String hash) {
        jdbc.sql("update account set password_hash = ? where id = ?").params(hash, accountId).update();
    }

    long count() {
        return jdbc.sql("select count(*) from account").query(Long.class).single();
    }
}
