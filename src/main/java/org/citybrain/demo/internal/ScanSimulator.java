package org.citybrain.demo.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.citybrain.demo.GenerateCommand;
import org.citybrain.population.Residency;
import org.citybrain.scanpoint.DeviceKind;
import org.citybrain.scanpoint.Scan;
import org.citybrain.scanpoint.ScanDevice;
import org.citybrain.scanpoint.ScanDevices;
import org.citybrain.scanpoint.ScanPoints;
import org.citybrain.standards.IdNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Brings the demo city's scan points to life: every second, {@code citybrain.demo.simulator.scans-per-second} scans
 * through the same API real devices use — checkpoint arrivals (a few from the demo's risk areas, which turn codes
 * yellow or red and open follow-up tasks), residents and visitors at community gates, staff at enterprise entrances,
 * citizens checking in at venues. Zero switches it off (the tests do).
 */
@Component
@Profile("!" + GenerateCommand.PROFILE)
class ScanSimulator {

    private static final Logger log = LoggerFactory.getLogger(ScanSimulator.class);
    /** Origins of arrivals: Henan's other cities, Beijing, Shanghai, Guangzhou, and the demo's two risk areas. */
    private static final String[] ORIGINS = {"410200", "410300", "410400", "410500", "410700", "410800", "411000", "411300", "110101", "310101", "440103"};

    private final ScanPoints scanPoints;
    private final ScanDevices devices;
    private final Residency residency;
    private final int rate;
    private final AtomicLong seq = new AtomicLong(System.currentTimeMillis());
    private final Map<String, List<String>> people = new ConcurrentHashMap<>();
    private List<ScanDevice> gates;
    private List<ScanDevice> checkpoints;
    private List<ScanDevice> entrances;
    private List<ScanDevices.VenueCode> venues;

    ScanSimulator(ScanPoints scanPoints, ScanDevices devices, Residency residency, @Value("${citybrain.demo.simulator.scans-per-second:2}") int rate) {
        this.scanPoints = scanPoints;
        this.devices = devices;
        this.residency = residency;
        this.rate = rate;
    }

    @Scheduled(fixedRate = 1000, initialDelay = 5000)
    void tick() {
        if (rate <= 0) {
            return;
        }
        try {
            if (gates == null || gates.isEmpty()) {
                // On a first start the demo city is generated after the simulator starts ticking: until its devices
                // exist the lists are empty, and they are read again on the next tick (an empty list kept for good
                // was why a fresh demo showed no scans and no follow-up tasks).
                gates = devices.devices(DeviceKind.GATE, "", 100_000);
                checkpoints = devices.devices(DeviceKind.CHECKPOINT, "", 10_000);
                entrances = devices.devices(DeviceKind.ENTRANCE, "", 100_000);
                venues = devices.venueCodes(100_000);
                if (gates.isEmpty()) {
                    return;
                }
                log.info("scan simulator: {} scans/s over {} gates, {} checkpoints, {} entrances, {} venues", rate, gates.size(),
                        checkpoints.size(), entrances.size(), venues.size());
            }
            for (int i = 0; i < rate; i++) {
                once(ThreadLocalRandom.current());
            }
        } catch (RuntimeException e) {
            log.warn("scan simulator: {}", e.toString());
        }
    }

    private void once(ThreadLocalRandom random) {
        int roll = random.nextInt(100);
        ScanDevice gate = gates.get(random.nextInt(gates.size()));
        List<String> residents = people.computeIfAbsent(gate.divisionCode(), c -> residency.idNumbersIn(c, 200));
        if (residents.isEmpty()) {
            people.remove(gate.divisionCode()); // residents not loaded yet: ask again next time
            return;
        }
        String person = residents.get(random.nextInt(residents.size()));
        String s = Long.toString(seq.incrementAndGet());
        if (roll < 15 && !checkpoints.isEmpty()) {
            ScanDevice checkpoint = checkpoints.get(random.nextInt(checkpoints.size()));
            int o = random.nextInt(100);
            String origin = o < 4 ? DemoCityGenerator.MEDIUM_RISK_AREA : o < 5 ? DemoCityGenerator.HIGH_RISK_AREA : ORIGINS[random.nextInt(ORIGINS.length)];
            scanPoints.scan(checkpoint.deviceId(), new Scan(s, null, person, null, plate(random), origin, null));
        } else if (roll < 75) {
            // Most passages are residents coming home; some are visitors from elsewhere in the city.
            ScanDevice at = random.nextInt(10) < 8 ? gate : gates.get(random.nextInt(gates.size()));
            scanPoints.scan(at.deviceId(), new Scan(s, null, person, null, null, null, null));
        } else if (roll < 85 && !entrances.isEmpty()) {
            scanPoints.scan(entrances.get(random.nextInt(entrances.size())).deviceId(), new Scan(s, null, person, null, null, null, null));
        } else if (!venues.isEmpty()) {
            residency.of(new IdNumber(person)).ifPresent(r ->
                    scanPoints.checkIn(venues.get(random.nextInt(venues.size())).code(), r.residentId(), "sim-" + s));
        }
    }

    private static String plate(ThreadLocalRandom random) {
        return "豫A" + "ABCDEFGHJK".charAt(random.nextInt(10)) + String.format("%04d", random.nextInt(10_000));
    }

}
