package org.citybrain.scanpoint.internal;

import java.util.Map;

import org.citybrain.health.CodeColour;
import org.citybrain.scanpoint.DeviceKind;
import org.citybrain.scanpoint.ScanDevice;

/**
 * Who may pass where: the rule every scan point applies, with the reason it gives. Its inputs are the device (what kind
 * of place, which community), whether the person belongs there (lives in the community, works at the enterprise)
 * and the colour of their code.
 */
final class PassagePolicy {

    record Verdict(boolean allow, String reason) {
    }

    /** The words a device shows for each reason, in Chinese and English. */
    static final Map<String, String[]> DISPLAY = Map.ofEntries(
            Map.entry("ARRIVAL_REGISTERED", new String[] {"已登记，欢迎来郑", "Arrival registered. Welcome to Zhengzhou"}),
            Map.entry("ARRIVAL_REPORTED", new String[] {"已登记并报备社区，请居家健康监测并尽快核酸检测", "Registered and reported to your community: monitor your health at home and take a test soon"}),
            Map.entry("ARRIVAL_STOPPED", new String[] {"请配合现场防疫人员处置", "Please follow the epidemic-prevention staff on site"}),
            Map.entry("RESIDENT", new String[] {"欢迎回家", "Welcome home"}),
            Map.entry("RESIDENT_MONITORED", new String[] {"欢迎回家，请居家健康监测", "Welcome home; please monitor your health at home"}),
            Map.entry("RESIDENT_RED", new String[] {"请联系社区工作人员", "Please contact your community worker"}),
            Map.entry("VISITOR_GREEN", new String[] {"访客请通行", "Visitor, please pass"}),
            Map.entry("VISITOR_REGISTERED", new String[] {"已登记访客请通行", "Registered visitor, please pass"}),
            Map.entry("VISITOR_UNREGISTERED", new String[] {"访客请先扫码登记来访", "Visitors: please register your visit first"}),
            Map.entry("VISITOR_NOT_GREEN", new String[] {"非绿码访客暂不能进入", "Visitors without a green code cannot enter"}),
            Map.entry("STAFF_GREEN", new String[] {"员工请通行", "Staff, please pass"}),
            Map.entry("STAFF_NOT_GREEN", new String[] {"非绿码员工请联系单位防疫负责人", "Staff without a green code: contact your employer's epidemic officer"}),
            Map.entry("CHECKED_IN", new String[] {"扫码成功", "Checked in"}),
            Map.entry("NOT_GREEN", new String[] {"非绿码暂不能进入", "Entry only with a green code"}),
            Map.entry("UNKNOWN_PERSON", new String[] {"未查询到健康码，请先申领", "No health code found: please request one"}),
            Map.entry("PROVINCE_CODE_STALE", new String[] {"省健康码数据未及时更新，请人工核验", "The province's codes are not current: check by hand"}));

    private PassagePolicy() {
    }

    /**
     * @param registered         a visitor has a registration for this community now
     * @param registrationNeeded the city requires visitors to register (a stricter period); else green visitors pass
     */
    static Verdict decide(ScanDevice device, boolean belongs, CodeColour colour, boolean registered, boolean registrationNeeded) {
        return switch (device.kind()) {
            case CHECKPOINT -> switch (colour) {
                case GREEN -> new Verdict(true, "ARRIVAL_REGISTERED");
                case YELLOW -> new Verdict(true, "ARRIVAL_REPORTED");
                case RED -> new Verdict(false, "ARRIVAL_STOPPED");
            };
            case GATE -> belongs
                    ? switch (colour) {
                        case GREEN -> new Verdict(true, "RESIDENT");
                        // Home health monitoring happens at home: a yellow resident is let in, and the community knows.
                        case YELLOW -> new Verdict(true, "RESIDENT_MONITORED");
                        case RED -> new Verdict(false, "RESIDENT_RED");
                    }
                    : colour != CodeColour.GREEN ? new Verdict(false, "VISITOR_NOT_GREEN")
                    : registered ? new Verdict(true, "VISITOR_REGISTERED")
                    : registrationNeeded ? new Verdict(false, "VISITOR_UNREGISTERED") : new Verdict(true, "VISITOR_GREEN");
            case ENTRANCE -> belongs
                    ? colour == CodeColour.GREEN ? new Verdict(true, "STAFF_GREEN") : new Verdict(false, "STAFF_NOT_GREEN")
                    : colour == CodeColour.GREEN ? new Verdict(true, "VISITOR_GREEN") : new Verdict(false, "VISITOR_NOT_GREEN");
            case VENUE -> colour == CodeColour.GREEN ? new Verdict(true, "CHECKED_IN") : new Verdict(false, "NOT_GREEN");
        };
    }

    static String[] display(String reason) {
        if (reason.startsWith("CODE_")) {
            return new String[] {"健康码无效：" + reason.substring(5), "Health code not valid: " + reason.substring(5)};
        }
        return DISPLAY.getOrDefault(reason, new String[] {reason, reason});
    }

    static boolean kindNeedsOrigin(DeviceKind kind) {
        return kind == DeviceKind.CHECKPOINT;
    }
}
