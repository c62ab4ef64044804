package org.citybrain.scanpoint.internal;

import org.citybrain.scanpoint.DeviceKind;
import org.citybrain.scanpoint.ScanDevice;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citybrain.health.CodeColour.GREEN;
import static org.citybrain.health.CodeColour.RED;
import static org.citybrain.health.CodeColour.YELLOW;

/** Who passes where, row by row. */
class PassagePolicyTest {

    static final ScanDevice GATE = new ScanDevice("gate-1", DeviceKind.GATE, 1, "社区大门", "410105001001");
    static final ScanDevice CHECKPOINT = new ScanDevice("cp-1", DeviceKind.CHECKPOINT, 2, "卡口", "410105");
    static final ScanDevice ENTRANCE = new ScanDevice("en-1", DeviceKind.ENTRANCE, 3, "企业入口", "410105001001");
    static final ScanDevice VENUE = new ScanDevice("venue:V1", DeviceKind.VENUE, 4, "商场", "410105001001");

    static String reason(ScanDevice d, boolean belongs, org.citybrain.health.CodeColour c, boolean registered, boolean needed) {
        PassagePolicy.Verdict v = PassagePolicy.decide(d, belongs, c, registered, needed);
        return (v.allow() ? "ALLOW " : "DENY ") + v.reason();
    }

    @Test
    void gatesLetResidentsHomeUnlessRedAndVisitorsOnlyWhenGreen() {
        assertThat(reason(GATE, true, GREEN, false, false)).isEqualTo("ALLOW RESIDENT");
        assertThat(reason(GATE, true, YELLOW, false, false)).isEqualTo("ALLOW RESIDENT_MONITORED");
        assertThat(reason(GATE, true, RED, false, false)).isEqualTo("DENY RESIDENT_RED");
        assertThat(reason(GATE, false, GREEN, false, false)).isEqualTo("ALLOW VISITOR_GREEN");
        assertThat(reason(GATE, false, YELLOW, true, false)).isEqualTo("DENY VISITOR_NOT_GREEN");
        assertThat(reason(GATE, false, GREEN, true, true)).isEqualTo("ALLOW VISITOR_REGISTERED");
        assertThat(reason(GATE, false, GREEN, false, true)).isEqualTo("DENY VISITOR_UNREGISTERED");
    }

    @Test
    void checkpointsRegisterEveryoneAndStopRedEntrancesAndVenuesWantGreen() {
        assertThat(reason(CHECKPOINT, false, GREEN, false, false)).isEqualTo("ALLOW ARRIVAL_REGISTERED");
        assertThat(reason(CHECKPOINT, false, YELLOW, false, false)).isEqualTo("ALLOW ARRIVAL_REPORTED");
        assertThat(reason(CHECKPOINT, false, RED, false, false)).isEqualTo("DENY ARRIVAL_STOPPED");
        assertThat(reason(ENTRANCE, true, GREEN, false, false)).isEqualTo("ALLOW STAFF_GREEN");
        assertThat(reason(ENTRANCE, true, YELLOW, false, false)).isEqualTo("DENY STAFF_NOT_GREEN");
        assertThat(reason(ENTRANCE, false, RED, false, false)).isEqualTo("DENY VISITOR_NOT_GREEN");
        assertThat(reason(VENUE, false, GREEN, false, false)).isEqualTo("ALLOW CHECKED_IN");
        assertThat(reason(VENUE, false, YELLOW, false, false)).isEqualTo("DENY NOT_GREEN");
        assertThat(PassagePolicy.display("ARRIVAL_REPORTED")[0]).contains("报备");
        assertThat(PassagePolicy.display("CODE_EXPIRED")[1]).contains("EXPIRED");
    }
}
