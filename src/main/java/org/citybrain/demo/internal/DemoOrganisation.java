package org.citybrain.demo.internal;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.citybrain.city.CityMap;
import org.citybrain.city.Place;
import org.citybrain.city.PlaceKind;
import org.citybrain.identity.Organisation;
import org.citybrain.identity.Organisation.StaffAccount;
import org.citybrain.identity.Organisation.Unit;
import org.citybrain.identity.Organisation.UnitKind;
import org.citybrain.identity.ResidentRegistry;
import org.citybrain.identity.Role;
import org.citybrain.scanpoint.DeviceKind;
import org.citybrain.scanpoint.ScanDevice;
import org.citybrain.scanpoint.ScanDevices;
import org.citybrain.standards.DivisionCode;
import org.citybrain.standards.IdNumber;

/**
 * The demo city's government: the city government and its departments, district governments, street offices,
 * community committees and hospitals, with a staff account for each role (the README lists them) and one
 * worker account per community.
 */
final class DemoOrganisation {

    static final String DEMO_PASSWORD = "citybrain";

    static final List<String> DEPARTMENTS = List.of("郑州市卫生健康委员会", "郑州市教育局", "郑州住房公积金管理中心", "郑州市交通运输局",
            "郑州市水利局", "郑州市应急管理局", "郑州市大数据管理局", "郑州市12345政务服务便民热线", "郑州市自然资源和规划局", "郑州市民政局",
            "郑州市公安局", "郑州市市场监督管理局");

    private final Organisation organisation;
    private final CityMap city;
    private final ResidentRegistry residents;
    private long nextUnit = 1;

    DemoOrganisation(Organisation organisation, CityMap city, ResidentRegistry residents) {
        this.organisation = organisation;
        this.city = city;
        this.residents = residents;
    }

    /** Creates the units and accounts; returns the devices' secrets by device account. */
    Map<String, String> create(List<IdNumber> namedCitizens, ScanDevices scanDevices) {
        List<Unit> units = new ArrayList<>();
        DivisionCode cityCode = new DivisionCode(Zhengzhou.CITY_CODE);
        Unit government = unit(units, "郑州市人民政府", UnitKind.CITY_GOVERNMENT, cityCode, null);
        Map<String, Unit> departments = new LinkedHashMap<>();
        for (String name : DEPARTMENTS) {
            departments.put(name, unit(units, name, UnitKind.DEPARTMENT, cityCode, government.id()));
        }
        Unit commandCentre = unit(units, "郑州城市大脑指挥中心", UnitKind.DEPARTMENT, cityCode, government.id());
        Map<String, Unit> byCode = new LinkedHashMap<>();
        for (Place d : city.places(PlaceKind.DISTRICT, null, 100)) {
            byCode.put(d.code(), unit(units, d.name() + "人民政府", UnitKind.DISTRICT_GOVERNMENT, new DivisionCode(d.code()), government.id()));
        }
        for (Place s : city.places(PlaceKind.STREET, null, 10_000)) {
            String suffix = s.name().endsWith("街道") ? "办事处" : "人民政府";
            byCode.put(s.code(), unit(units, s.name() + suffix, UnitKind.STREET_OFFICE, new DivisionCode(s.code()), byCode.get(s.districtCode()).id()));
        }
        List<Place> communities = city.places(PlaceKind.COMMUNITY, null, 50_000);
        for (Place c : communities) {
            String committee = c.name().endsWith("村") ? "村民委员会" : "居民委员会";
            byCode.put(c.code(), unit(units, c.name() + committee, UnitKind.COMMUNITY_COMMITTEE, new DivisionCode(c.code()),
                    byCode.get(c.code().substring(0, 9)).id()));
        }
        // A district's own bureau: the education bureau of Jinshui, which applies for the housing register of its district.
        Unit jinshuiEducation = unit(units, "金水区教育局", UnitKind.DEPARTMENT, new DivisionCode("410105"), byCode.get("410105").id());
        Unit firstHospital = null;
        for (Place h : city.places(PlaceKind.HOSPITAL, null, 10_000)) {
            Unit u = unit(units, h.name(), UnitKind.HOSPITAL, new DivisionCode(h.districtCode()), departments.get(DEPARTMENTS.getFirst()).id());
            if (firstHospital == null) {
                firstHospital = u;
            }
        }
        organisation.addUnits(units);

        List<StaffAccount> staff = new ArrayList<>();
        Unit bigData = departments.get("郑州市大数据管理局");
        staff.add(account("bigdata", "大数据局管理员", bigData, cityCode, Role.DATA_BUREAU_ADMIN));
        staff.add(account("auditor", "数据安全审计员", bigData, cityCode, Role.AUDITOR));
        // Departments' data officers: the owner of the housing register, and a consumer of it.
        staff.add(account("resources", "市自然资源和规划局数据专员", departments.get("郑州市自然资源和规划局"), cityCode, Role.DATA_OFFICER));
        staff.add(account("jinshui.education", "金水区教育局数据专员", jinshuiEducation, new DivisionCode("410105"), Role.DATA_OFFICER));
        staff.add(account("commander", "指挥中心值班长", commandCentre, cityCode, Role.COMMAND_CENTRE));
        // A department's service officer: reviews the provident fund centre's applications and publishes its services.
        staff.add(account("gjj.officer", "公积金中心审批窗口", departments.get("郑州住房公积金管理中心"), cityCode, Role.SERVICE_OFFICER));
        // The service hall's counter (市民之家综合受理窗口), run by the big data bureau: serves walk-in citizens.
        staff.add(account("civil.officer", "市民政局社会事务处", departments.get("郑州市民政局"), cityCode, Role.SERVICE_OFFICER));
        staff.add(account("education.officer", "市教育局招生办", departments.get("郑州市教育局"), cityCode, Role.SERVICE_OFFICER));
        // the residence permit's reviewers (a lease to check) and the business registration's (a restaurant's food licence)
        staff.add(account("health.officer", "市卫健委政务服务窗口", departments.get("郑州市卫生健康委员会"), cityCode, Role.SERVICE_OFFICER));
        staff.add(account("police.officer", "市公安局人口管理支队", departments.get("郑州市公安局"), cityCode, Role.SERVICE_OFFICER));
        staff.add(account("market.officer", "市市场监管局登记注册处", departments.get("郑州市市场监督管理局"), cityCode, Role.SERVICE_OFFICER));
        staff.add(account("hall.clerk", "市民之家综合受理窗口", bigData, cityCode, Role.HALL_CLERK));
        staff.add(account("city", "市政府工作人员", government, cityCode, Role.CITY_OFFICIAL));
        staff.add(account("health", "市卫健委工作人员", departments.get(DEPARTMENTS.getFirst()), cityCode, Role.HEALTH_STAFF));
        staff.add(account("hospital", firstHospital.name() + "医务人员", firstHospital, firstHospital.division(), Role.HOSPITAL_STAFF));
        staff.add(account("jinshui", "金水区政府工作人员", byCode.get("410105"), new DivisionCode("410105"), Role.DISTRICT_OFFICIAL));
        staff.add(account("erqi", "二七区政府工作人员", byCode.get("410103"), new DivisionCode("410103"), Role.DISTRICT_OFFICIAL));
        staff.add(account("jinshui.street", byCode.get("410105001").name() + "工作人员", byCode.get("410105001"), new DivisionCode("410105001"), Role.STREET_OFFICIAL));
        staff.add(account("jinshui.worker", byCode.get("410105001001").name() + "社区工作者", byCode.get("410105001001"), new DivisionCode("410105001001"),
                Role.COMMUNITY_WORKER));
        staff.add(account("erqi.worker", byCode.get("410103001001").name() + "社区工作者", byCode.get("410103001001"), new DivisionCode("410103001001"),
                Role.COMMUNITY_WORKER));
        for (Place c : communities) {
            Unit u = byCode.get(c.code());
            staff.add(account("worker-" + c.code(), u.name() + "社区工作者", u, u.division(), Role.COMMUNITY_WORKER));
        }
        List<StaffAccount> deviceAccounts = new ArrayList<>();
        // Rain gauges of the flood-control network: each reports for its own twin entity (urn:ngsi-ld:Sensor:<username>).
        for (int g = 1; g <= 3; g++) {
            deviceAccounts.add(account(String.format("rain-gauge-%03d", g), "雨量计 " + g, bigData, cityCode, Role.DEVICE));
        }
        // Water-level sensors at the underpasses (the flood module places them at the spots): each reports waterDepth (cm on the road).
        for (int w = 1; w <= 6; w++) {
            deviceAccounts.add(account(String.format("water-level-%03d", w), "积水监测仪 " + w, bigData, cityCode, Role.DEVICE));
        }
        // Scan devices, each with its own device account (the username is the device id): a gate at every community,
        // a reader at every checkpoint and enterprise entrance; every venue gets a venue code.
        List<ScanDevice> devices = new ArrayList<>();
        for (Place c : communities) {
            devices.add(new ScanDevice("gate-" + c.code(), DeviceKind.GATE, c.id(), c.name() + "社区大门", c.code()));
            deviceAccounts.add(account("gate-" + c.code(), c.name() + "门禁", byCode.get(c.code()), new DivisionCode(c.code()), Role.DEVICE));
        }
        for (Place p : city.places(PlaceKind.CHECKPOINT, null, 1_000)) {
            devices.add(new ScanDevice("checkpoint-" + p.id(), DeviceKind.CHECKPOINT, p.id(), p.name(), p.divisionCode()));
            deviceAccounts.add(account("checkpoint-" + p.id(), p.name() + "登记终端", commandCentre, cityCode, Role.DEVICE));
        }
        for (Place e : city.places(PlaceKind.ENTERPRISE, null, 100_000)) {
            devices.add(new ScanDevice("entrance-" + e.id(), DeviceKind.ENTRANCE, e.id(), e.name() + "入口", e.divisionCode()));
            deviceAccounts.add(account("entrance-" + e.id(), e.name() + "入口闸机", bigData, new DivisionCode(e.districtCode()), Role.DEVICE));
        }
        organisation.addStaff(staff, DEMO_PASSWORD);
        Map<String, String> secrets = organisation.addDevices(deviceAccounts);
        scanDevices.register(devices);
        scanDevices.issueVenueCodes(city.places(PlaceKind.VENUE, null, 100_000).stream()
                .map(v -> new ScanDevices.Venue(v.id(), v.name(), v.divisionCode())).toList());

        for (IdNumber id : namedCitizens) {
            organisation.addCitizen(residents.findByIdNumber(id).orElseThrow(), id.value(), DEMO_PASSWORD);
        }
        return secrets;
    }

    private Unit unit(List<Unit> units, String name, UnitKind kind, DivisionCode division, Long parent) {
        Unit u = new Unit(nextUnit++, name, kind, division, parent);
        units.add(u);
        return u;
    }

    private static StaffAccount account(String username, String displayName, Unit unit, DivisionCode jurisdiction, Role role) {
        return new StaffAccount(username, displayName, unit.id(), jurisdiction, EnumSet.of(role));
    }
}
