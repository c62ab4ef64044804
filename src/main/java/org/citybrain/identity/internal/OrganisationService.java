package org.citybrain.identity.internal;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import org.citybrain.identity.CitizenAccountOpened;
import org.citybrain.identity.Organisation;
import org.citybrain.identity.ResidentRegistry;
import org.citybrain.identity.Role;
import org.citybrain.standards.DivisionCode;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
class OrganisationService implements Organisation {

    private final JdbcClient jdbc;
    private final AccountStore accounts;
    private final PasswordEncoder passwords;
    private final ApplicationEventPublisher events;
    private final LoginThrottle throttle;

    OrganisationService(JdbcClient jdbc, AccountStore accounts, PasswordEncoder passwords, ApplicationEventPublisher events, LoginThrottle throttle) {
        this.throttle = throttle;
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.passwords = passwords;
        this.events = events;
    }

    @Override
    @Transactional
    public void addUnits(List<Unit> units) {
        for (Unit u : units) {
            jdbc.sql("insert into unit(id, name, kind, division_code, parent_id) values (?, ?, ?, ?, ?)")
                    .params(u.id(), u.name(), u.kind().name(), u.division().value(), u.parentId()).update();
        }
    }

    @Override
    @Transactional
    public void addStaff(List<StaffAccount> staff, String initialPassword) {
        // One hash for the batch: bcrypt is deliberately slow, and these accounts share an initial password.
        String hash = passwords.encode(initialPassword);
        for (StaffAccount s : staff) {
            accounts.insert(s.username(), hash, s.displayName(), "STAFF", s.unitId(), null, s.jurisdiction().value(), null, s.roles());
            throttle.forget(s.username());
        }
    }

    @Override
    @Transactional
    public java.util.Map<String, String> addDevices(List<StaffAccount> devices) {
        java.util.Map<String, String> secrets = new java.util.LinkedHashMap<>();
        for (StaffAccount d : devices) {
            String secret = DeviceSecrets.newSecret();
            accounts.insert(d.username(), DeviceSecrets.stored(secret), d.displayName(), "DEVICE", d.unitId(), null, d.jurisdiction().value(), null,
                    EnumSet.of(Role.DEVICE));
            secrets.put(d.username(), secret);
            throttle.forget(d.username());
        }
        return secrets;
    }

    @Override
    @Transactional
    public void addCitizen(ResidentRegistry.RegisteredResident resident, String idNumber, String rawPassword) {
        accounts.insert(idNumber, rawPassword == null ? null : passwords.encode(rawPassword), resident.name(), "CITIZEN", null,
                resident.residentId(), resident.communityCode(), resident.mobile(), EnumSet.of(Role.CITIZEN));
        events.publishEvent(new CitizenAccountOpened(resident.residentId(), idNumber, rawPassword == null ? "sms-login" : "administrator",
                java.time.Instant.now()));
    }

    @Override
    public Optional<Unit> unit(long id) {
        return jdbc.sql("select * from unit where id = ?").param(id)
                .query((rs, n) -> new Unit(rs.getLong("id"), rs.getString("name"), UnitKind.valueOf(rs.getString("kind")),
                        new DivisionCode(rs.getString("division_code")), (Long) rs.getObject("parent_id", Long.class)))
                .optional();
    }

    @Override
    public long countAccounts() {
        return accounts.count();
    }
}
