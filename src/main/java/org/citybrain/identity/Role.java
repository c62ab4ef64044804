package org.citybrain.identity;

/** The roles of CityBrain's users. Spring Security sees each as authority {@code ROLE_<name>}. */
public enum Role {
    CITIZEN(false),
    COMMUNITY_WORKER(true),
    STREET_OFFICIAL(true),
    DISTRICT_OFFICIAL(true),
    CITY_OFFICIAL(true),
    HEALTH_STAFF(true),
    HOSPITAL_STAFF(false),
    COMMAND_CENTRE(false),
    DATA_BUREAU_ADMIN(false),
    AUDITOR(false),
    /** A department's data officer (部门数据专员): applies for other departments' data and decides applications for its own. */
    DATA_OFFICER(false),
    /** A department's service officer (窗口/审批人员): reviews the applications of the department's services and publishes its services. */
    SERVICE_OFFICER(false),
    /** A clerk of the service hall's counter (政务服务中心综合窗口): serves walk-in citizens under her own identity. */
    HALL_CLERK(false),
    /** A device (gauge, gate, camera) that reports measurements for its own entity. */
    DEVICE(false);

    private final boolean readsResidents;

    Role(boolean readsResidents) {
        this.readsResidents = readsResidents;
    }

    /** Whether the role's work needs residents' personal data (always within its jurisdiction). */
    public boolean readsResidents() {
        return readsResidents;
    }

    public String authority() {
        return "ROLE_" + name();
    }
}
