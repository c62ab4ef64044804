package org.citybrain.scanpoint.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.citybrain.audit.PersonalDataAccess;
import org.citybrain.scanpoint.DeviceKind;
import org.citybrain.scanpoint.ScanDevice;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What a community gate may learn about people who do not live behind it. A gate sees its residents every day; a
 * visitor now and then. A gate that asks about many outsiders is being used as a lookup service (a stolen or copied
 * device credential): each such lookup is written to the audit trail (the person sees it under "who read my data"),
 * and past {@code citybrain.scan.gate-outsider-lookups-per-hour} in the last hour the gate learns nothing more about
 * outsiders until the hour has passed. Counted from the audit trail itself, so every node sees the same count.
 */
@Component
class OutsiderLookups {

    static final String WHAT = "门禁按身份证号查询非本社区人员 / a gate looked up someone who does not live there";

    private final JdbcClient jdbc;
    private final int perHour;

    OutsiderLookups(JdbcClient jdbc, @Value("${citybrain.scan.gate-outsider-lookups-per-hour:300}") int perHour) {
        this.jdbc = jdbc;
        this.perHour = perHour;
    }

    /** The outcome for one batch: whom the gate may not learn about, and the audit records of those it may. */
    record Admission(Set<Long> withheld, List<PersonalDataAccess> reads) {
    }

    /**
     * Decides the lookups of outsiders by ID number (residents of other communities): those over the hourly limit are
     * withheld, the others come back as audit records that the scan journal writes with the scans (one transaction).
     * Other devices (checkpoints, entrances, venues) see whoever comes by their nature and are not limited here; their
     * scans are kept in the scan journal.
     */
    Admission admit(ScanDevice device, List<Long> outsiders) {
        if (device.kind() != DeviceKind.GATE || outsiders.isEmpty()) {
            return new Admission(Set.of(), List.of());
        }
        long used = jdbc.sql("select count(*) from audit_record where actor = ? and recorded_at >= ? and what = ?")
                .params(device.deviceId(), Timestamp.from(Instant.now().minus(Duration.ofHours(1))), WHAT).query(Long.class).single();
        List<PersonalDataAccess> reads = new ArrayList<>();
        Set<Long> refused = new java.util.HashSet<>();
        for (Long id : outsiders) {
            if (used + reads.size() >= perHour) {
                refused.add(id);
            } else {
                reads.add(new PersonalDataAccess(device.deviceId(), PersonalDataAccess.residentSubject(id), "READ", WHAT, "通行核验 / passage check"));
            }
        }
        return new Admission(refused, reads);
    }
}
