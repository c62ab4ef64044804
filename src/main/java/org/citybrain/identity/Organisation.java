package org.citybrain.identity;

import java.util.Optional;
import java.util.Set;

import org.citybrain.standards.DivisionCode;

/** Creates and looks up government units and the accounts of their staff (used by the demo city and by admins). */
public interface Organisation {

    enum UnitKind { CITY_GOVERNMENT, DISTRICT_GOVERNMENT, STREET_OFFICE, COMMUNITY_COMMITTEE, DEPARTMENT, HOSPITAL }

    record Unit(long id, String name, UnitKind kind, DivisionCode division, Long parentId) {
    }

    record StaffAccount(String username, String displayName, long unitId, DivisionCode jurisdiction, Set<Role> roles) {
    }

    void addUnits(java.util.List<Unit> units);

    /** Creates staff accounts that share an initial password, hashed once (staff change it at first use). */
    void addStaff(java.util.List<StaffAccount> accounts, String initialPassword);

    /**
     * Creates device accounts, each with its own random secret (see {@link DeviceCredentials}); returns the secrets by
     * username, for the operator to load into the devices. Only their hashes are kept.
     */
    java.util.Map<String, String> addDevices(java.util.List<StaffAccount> devices);

    /** Creates a citizen account for a resident; the username is the ID number. */
    void addCitizen(ResidentRegistry.RegisteredResident resident, String idNumber, String rawPassword);

    Optional<Unit> unit(long id);

    long countAccounts();
}
