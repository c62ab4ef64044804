package org.citybrain.scanpoint.internal;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.citybrain.scanpoint.DeviceKind;
import org.citybrain.scanpoint.ScanDevice;
import org.citybrain.scanpoint.ScanDevices;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Scan devices (kept in memory once read: every scan looks its device up) and venue codes. */
@Repository
class DeviceRegistry implements ScanDevices {

    private static final String ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final Map<String, ScanDevice> cache = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    DeviceRegistry(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    @Override
    @Transactional
    public void register(List<ScanDevice> devices) {
        template.batchUpdate("insert into scan_device(device_id, kind, place_id, place_name, division_code) values (?, ?, ?, ?, ?)", devices, 1000,
                (ps, d) -> {
                    ps.setString(1, d.deviceId());
                    ps.setString(2, d.kind().name());
                    ps.setLong(3, d.placeId());
                    ps.setString(4, d.placeName());
                    ps.setString(5, d.divisionCode());
                });
    }

    @Override
    public Optional<ScanDevice> device(String deviceId) {
        ScanDevice d = cache.get(deviceId);
        if (d != null) {
            return Optional.of(d);
        }
        Optional<ScanDevice> found = jdbc.sql("select * from scan_device where device_id = ?").param(deviceId).query(DeviceRegistry::device).optional();
        found.ifPresent(x -> cache.put(deviceId, x));
        return found;
    }

    @Override
    public List<ScanDevice> devices(DeviceKind kind, String divisionPrefix, int limit) {
        return jdbc.sql("select * from scan_device where kind = ? and division_code like ? order by device_id fetch first " + limit + " rows only")
                .params(kind.name(), (divisionPrefix == null ? "" : divisionPrefix) + "%").query(DeviceRegistry::device).list();
    }

    @Override
    @Transactional
    public Map<Long, String> issueVenueCodes(List<Venue> venues) {
        Map<Long, String> codes = new HashMap<>();
        for (Venue v : venues) {
            codes.put(v.placeId(), newCode());
        }
        template.batchUpdate("insert into venue_code(code, place_id, name, division_code) values (?, ?, ?, ?)", venues, 1000, (ps, v) -> {
            ps.setString(1, codes.get(v.placeId()));
            ps.setLong(2, v.placeId());
            ps.setString(3, v.name());
            ps.setString(4, v.divisionCode());
        });
        return codes;
    }

    Optional<ScanDevices.VenueCode> venue(String code) {
        return jdbc.sql("select * from venue_code where code = ?").param(code)
                .query((rs, n) -> new ScanDevices.VenueCode(rs.getString("code"), rs.getLong("place_id"), rs.getString("name"), rs.getString("division_code"))).optional();
    }

    @Override
    public List<VenueCode> venueCodes(int limit) {
        return jdbc.sql("select * from venue_code order by name fetch first " + limit + " rows only")
                .query((rs, n) -> new ScanDevices.VenueCode(rs.getString("code"), rs.getLong("place_id"), rs.getString("name"), rs.getString("division_code"))).list();
    }

    /** Venue codes are random (not the place id): a code cannot be guessed from the map, only read at the venue. */
    private String newCode() {
        StringBuilder s = new StringBuilder("V");
        for (int i = 0; i < 11; i++) {
            s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    private static ScanDevice device(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new ScanDevice(rs.getString("device_id"), DeviceKind.valueOf(rs.getString("kind")), rs.getLong("place_id"), rs.getString("place_name"),
                rs.getString("division_code"));
    }
}
