package org.citybrain.scanpoint.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.citybrain.community.VisitorRegister;
import org.citybrain.health.CodeCheck;
import org.citybrain.health.CodeColour;
import org.citybrain.health.HealthCodes;
import org.citybrain.health.HealthFacts;
import org.citybrain.platform.Forbidden;
import org.citybrain.platform.NotFound;
import org.citybrain.population.Residency;
import org.citybrain.scanpoint.DeviceKind;
import org.citybrain.scanpoint.Passage;
import org.citybrain.scanpoint.Passages;
import org.citybrain.scanpoint.Scan;
import org.citybrain.scanpoint.ScanDecision;
import org.citybrain.scanpoint.ScanDevice;
import org.citybrain.scanpoint.ScanDevices;
import org.citybrain.scanpoint.ScanPoints;
import org.citybrain.standards.DivisionCode;
import org.citybrain.standards.IdNumber;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.stereotype.Service;

/**
 * A scan in, a decision out: find the device, refuse what is malformed (naming the field), answer a repeated
 * sequence number with the stored decision, identify the person (ID number or code token), register a checkpoint
 * arrival as a health fact, decide by {@link PassagePolicy}, store durably, answer.
 */
@Service
class ScanIntake implements ScanPoints, Passages {

    static final int MAX_BATCH = 5_000;

    private final DeviceRegistry devices;
    private final ScanJournal journal;
    private final Residency residency;
    private final HealthCodes codes;
    private final HealthFacts facts;
    private final VisitorRegister visitors;
    private final boolean visitorsMustRegister;
    private final OutsiderLookups outsiders;
    private final org.citybrain.health.ProvinceCodes province;

    ScanIntake(DeviceRegistry devices, ScanJournal journal, Residency residency, HealthCodes codes, HealthFacts facts, VisitorRegister visitors,
               @org.springframework.beans.factory.annotation.Value("${citybrain.scan.visitors-must-register:false}") boolean visitorsMustRegister,
               OutsiderLookups outsiders, org.citybrain.health.ProvinceCodes province) {
        this.province = province;
        this.outsiders = outsiders;
        this.visitors = visitors;
        this.visitorsMustRegister = visitorsMustRegister;
        this.devices = devices;
        this.journal = journal;
        this.residency = residency;
        this.codes = codes;
        this.facts = facts;
    }

    @Override
    public ScanDecision scan(String deviceId, Scan scan) {
        return decideAll(device(deviceId), List.of(scan), "").getFirst();
    }

    @Override
    public List<ScanDecision> scanAll(String deviceId, List<Scan> scans) {
        if (scans == null || scans.isEmpty() || scans.size() > MAX_BATCH) {
            throw new InvalidStandardValue("scans", "一次上传1至" + MAX_BATCH + "条 / 1 to " + MAX_BATCH + " scans at a time");
        }
        return decideAll(device(deviceId), scans, "scans");
    }

    ScanDevice device(String deviceId) {
        return devices.device(deviceId).orElseThrow(() -> new NotFound("deviceId", "未登记的设备 / no such scan device: " + deviceId));
    }

    private List<ScanDecision> decideAll(ScanDevice device, List<Scan> scans, String field) {
        Instant now = Instant.now();
        for (int i = 0; i < scans.size(); i++) {
            validate(device, scans.get(i), field.isEmpty() ? "" : field + "[" + i + "].", now);
        }
        List<String> seqs = scans.stream().map(Scan::seq).toList();
        // A batch asks once which of its scans are stored already. A single scan does not ask: retries are rare, and a
        // retried scan is caught by the journal's key (device, seq) and answered with the stored decision all the same.
        Map<String, ScanRecord> stored = scans.size() == 1 ? new HashMap<>() : journal.stored(device.deviceId(), seqs);

        // Identify the people of the new scans, in bulk.
        Map<String, Scan> fresh = new LinkedHashMap<>();
        for (Scan s : scans) {
            if (!stored.containsKey(s.seq())) {
                fresh.putIfAbsent(s.seq(), s);
            }
        }
        Map<String, Residency.Residence> byIdNumber = residency.ofIdNumbers(fresh.values().stream().map(Scan::idNumber).filter(x -> x != null).toList());
        Map<String, CodeCheck> byToken = new HashMap<>();
        for (Scan s : fresh.values()) {
            if (s.code() != null) {
                byToken.put(s.seq(), codes.present(s.code(), device.deviceId()));
            }
        }
        Map<String, Long> residentOf = new HashMap<>();
        for (Scan s : fresh.values()) {
            Long id = s.idNumber() != null ? java.util.Optional.ofNullable(byIdNumber.get(s.idNumber())).map(Residency.Residence::residentId).orElse(null)
                    : byToken.get(s.seq()).residentId();
            if (id != null) {
                residentOf.put(s.seq(), id);
            }
        }
        // A gate asking by ID number about people who do not live behind it: audited, and limited per hour. Over the
        // limit the person is unknown to the gate (denied), so that a copied gate credential is no lookup service.
        List<Long> strangers = new ArrayList<>();
        for (Scan s : fresh.values()) {
            Residency.Residence r = s.idNumber() == null ? null : byIdNumber.get(s.idNumber());
            if (r != null && !device.divisionCode().equals(r.communityCode())) {
                strangers.add(r.residentId());
            }
        }
        OutsiderLookups.Admission admission = outsiders.admit(device, strangers);
        if (!admission.withheld().isEmpty()) {
            residentOf.values().removeIf(admission.withheld()::contains);
        }
        // A checkpoint arrival is a fact of the health code: recorded (once per scan) before deciding, so the colour shown is the new one.
        if (device.kind() == DeviceKind.CHECKPOINT) {
            List<HealthFacts.Arrival> arrivals = new ArrayList<>();
            for (Scan s : fresh.values()) {
                Long id = residentOf.get(s.seq());
                if (id != null && s.origin() != null) {
                    arrivals.add(new HealthFacts.Arrival(id, new DivisionCode(s.origin()), at(s, now), "scan:" + device.deviceId() + ":" + s.seq(), device.deviceId()));
                }
            }
            if (!arrivals.isEmpty()) {
                facts.arrivals(arrivals);
            }
        }
        Map<Long, CodeColour> colours = codes.coloursOf(new HashSet<>(residentOf.values()));
        // Travellers this city has no code for, at checkpoints, entrances and venues: the province's code is theirs. A
        // community gate admits its residents and their visitors, and asks nobody about strangers.
        List<String> travellers = device.kind() == DeviceKind.GATE ? List.of() : fresh.values().stream()
                .filter(s -> s.idNumber() != null && s.code() == null && !byIdNumber.containsKey(s.idNumber())).map(Scan::idNumber).toList();
        Map<String, org.citybrain.health.ProvinceCodes.ProvinceCode> provinceCodes = travellers.isEmpty() ? Map.of() : province.of(travellers);
        Map<Long, Residency.Residence> residences = new HashMap<>();
        byIdNumber.values().forEach(r -> residences.put(r.residentId(), r));

        // Visitors at a gate: whether they registered their visit, asked once for the whole batch.
        java.util.Set<Long> registered = device.kind() != DeviceKind.GATE ? java.util.Set.of()
                : visitors.registeredAmong(residentOf.values().stream().filter(id -> colours.get(id) == CodeColour.GREEN
                        && !device.divisionCode().equals(java.util.Optional.ofNullable(residences.get(id)).map(Residency.Residence::communityCode).orElse(null)))
                        .toList(), device.divisionCode(), now);
        List<ScanRecord> records = new ArrayList<>();
        Map<String, ScanRecord> decided = new HashMap<>();
        for (Scan s : fresh.values()) {
            ScanRecord r = decide(device, s, residentOf.get(s.seq()), byToken.get(s.seq()), colours, residences, registered, now,
                    s.idNumber() == null ? null : provinceCodes.get(s.idNumber()));
            records.add(r);
            decided.put(s.seq(), r);
        }
        Set<String> raced = await(journal.append(records, admission.reads()));
        if (!raced.isEmpty()) {
            stored.putAll(journal.stored(device.deviceId(), raced.stream().map(k -> k.substring(k.indexOf('/') + 1)).toList()));
            raced.forEach(k -> decided.remove(k.substring(k.indexOf('/') + 1)));
        }
        List<ScanDecision> answers = new ArrayList<>();
        Set<String> answered = new HashSet<>();
        for (Scan s : scans) {
            ScanRecord mine = decided.get(s.seq());
            boolean duplicate = mine == null || !answered.add(s.seq());
            answers.add(answer(mine != null ? mine : stored.get(s.seq()), duplicate));
        }
        return answers;
    }

    @Override
    public ScanDecision checkIn(String venueCode, long residentId, String idempotencyKey) {
        ScanDevices.VenueCode code = devices.venue(venueCode).orElseThrow(() -> new NotFound("venueCode", "无效的场所码 / no such venue code"));
        idempotencyKey = org.citybrain.platform.IdempotencyKey.of(idempotencyKey);
        if (idempotencyKey != null && idempotencyKey.length() > 40) {
            throw new InvalidStandardValue("Idempotency-Key", "幂等键不超过40个字符 / at most 40 characters");
        }
        // The venue is the device, the citizen's idempotency key the sequence: a retried check-in is the same scan.
        String seq = residentId + ":" + (idempotencyKey == null || idempotencyKey.isBlank() ? java.util.UUID.randomUUID() : idempotencyKey);
        return checkIn(new ScanDevice("venue:" + code.code(), DeviceKind.VENUE, code.placeId(), code.name(), code.divisionCode()), residentId, seq);
    }

    private ScanDecision checkIn(ScanDevice venue, long residentId, String seq) {
        ScanRecord earlier = journal.stored(venue.deviceId(), List.of(seq)).get(seq);
        if (earlier != null) {
            return answer(earlier, true);
        }
        Instant now = Instant.now();
        ScanRecord r = decide(venue, new Scan(seq, null, null, null, null, null, null), residentId, null, codes.coloursOf(Set.of(residentId)),
                new HashMap<>(), Set.of(), now, null);
        if (!await(journal.append(List.of(r))).isEmpty()) {
            return answer(journal.stored(venue.deviceId(), List.of(seq)).get(seq), true);
        }
        return answer(r, false);
    }

    /** {@code provinceCode}: the province's code of a traveller this city has no code for (null: none, or not asked). */
    private ScanRecord decide(ScanDevice device, Scan s, Long residentId, CodeCheck token, Map<Long, CodeColour> colours,
                              Map<Long, Residency.Residence> residences, Set<Long> registeredVisitors, Instant now,
                              org.citybrain.health.ProvinceCodes.ProvinceCode provinceCode) {
        String personRef;
        String reason;
        boolean allow;
        CodeColour colour = null;
        if (token != null && !token.valid()) {
            personRef = "code:invalid";
            allow = false;
            reason = "CODE_" + token.refusal();
        } else if (residentId == null && token == null && provinceCode != null) {
            // the journal says whose colour it went by: the province's registry, not this city's rules
            personRef = "province:" + new IdNumber(s.idNumber()).masked();
            if (provinceCode.current()) {
                colour = provinceCode.colour();
                PassagePolicy.Verdict v = PassagePolicy.decide(device, false, colour, false, visitorsMustRegister);
                allow = v.allow();
                reason = v.reason();
            } else {
                // the registry stopped arriving: its colour may be days old, and nobody is let through on it
                allow = false;
                reason = "PROVINCE_CODE_STALE";
            }
        } else if (residentId == null && token == null) {
            personRef = new IdNumber(s.idNumber()).masked();
            allow = false;
            reason = "UNKNOWN_PERSON";
        } else {
            colour = residentId != null ? colours.get(residentId) : token.colour();
            Residency.Residence r = residentId == null ? null : residences.computeIfAbsent(residentId, id -> residency.of(id).orElse(null));
            personRef = token != null ? abbreviate("code:" + token.issuer() + ":" + token.subject()) : r.maskedIdNumber();
            boolean belongs = r != null && switch (device.kind()) {
                case GATE -> device.divisionCode().equals(r.communityCode());
                case ENTRANCE -> r.employerId() != null && r.employerId() == device.placeId();
                default -> false;
            };
            boolean registered = residentId != null && registeredVisitors.contains(residentId);
            PassagePolicy.Verdict v = PassagePolicy.decide(device, belongs, colour, registered, visitorsMustRegister);
            allow = v.allow();
            reason = v.reason();
        }
        return new ScanRecord(device.deviceId(), s.seq(), device.kind().name(), device.placeId(), device.divisionCode(), at(s, now), residentId, personRef,
                s.plate(), s.origin(), allow ? "ALLOW" : "DENY", colour == null ? "NONE" : colour.name(), reason, now);
    }

    /** Another region's subject can be long: the reference keeps its first 200 characters. */
    private static String abbreviate(String ref) {
        return ref.length() <= 200 ? ref : ref.substring(0, 200);
    }

    private static ScanDecision answer(ScanRecord r, boolean duplicate) {
        String[] words = PassagePolicy.display(r.reason());
        return new ScanDecision(r.deviceId(), r.seq(), r.decision(), r.colour(), r.reason(), words[0], words[1], duplicate);
    }

    private static Set<String> await(java.util.concurrent.CompletableFuture<Set<String>> f) {
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing scans", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("scans could not be stored", e);
        }
    }

    private static Instant at(Scan s, Instant now) {
        return s.scannedAt() == null ? now : s.scannedAt();
    }

    private static void validate(ScanDevice device, Scan s, String prefix, Instant now) {
        if (s == null) {
            throw new InvalidStandardValue(prefix.isEmpty() ? "body" : prefix, "缺少扫码记录 / the scan is missing");
        }
        if (s.seq() == null || s.seq().isBlank() || s.seq().length() > 64) {
            throw new InvalidStandardValue(prefix + "seq", "须有设备流水号（1–64个字符） / the device's sequence number (1–64 characters) is required");
        }
        if ((s.idNumber() == null) == (s.code() == null)) {
            throw new InvalidStandardValue(prefix + "idNumber", "须且仅须提供 idNumber 或 code 之一 / give exactly one of idNumber and code");
        }
        if (s.idNumber() != null) {
            try {
                new IdNumber(s.idNumber());
            } catch (InvalidStandardValue e) {
                throw new InvalidStandardValue(prefix + "idNumber", e.getMessage());
            }
        }
        if (s.scannedAt() != null && (s.scannedAt().isAfter(now.plus(Duration.ofMinutes(5))) || s.scannedAt().isBefore(now.minus(Duration.ofDays(30))))) {
            throw new InvalidStandardValue(prefix + "scannedAt", "扫码时间须在30天内且不在将来 / within the last 30 days and not in the future");
        }
        if (s.origin() != null) {
            try {
                new DivisionCode(s.origin());
            } catch (InvalidStandardValue e) {
                throw new InvalidStandardValue(prefix + "origin", e.getMessage());
            }
        }
        if (PassagePolicy.kindNeedsOrigin(device.kind()) && s.origin() == null) {
            throw new InvalidStandardValue(prefix + "origin", "卡口登记须填写来源地区划代码 / a checkpoint registers the origin (division code)");
        }
        if (s.plate() != null && !s.plate().matches("[\\p{IsHan}A-Z0-9]{5,10}")) {
            throw new InvalidStandardValue(prefix + "plate", "车牌号格式不正确 / not a vehicle plate");
        }
        if (s.community() != null && !s.community().equals(device.divisionCode())) {
            throw new Forbidden(prefix + "community", "设备只能为本社区/本场所扫码 / a device answers only for its own community (" + device.divisionCode() + ")");
        }
    }

    @Override
    public List<Passage> of(long residentId, int limit) {
        return journal.ofResident(residentId, limit).stream().map(r -> new Passage(r.scannedAt(), DeviceKind.valueOf(r.kind()), r.deviceId(), r.placeId(),
                devices.device(r.deviceId()).map(ScanDevice::placeName).orElse(r.deviceId()), r.divisionCode(), r.plate(), r.origin(), r.decision(),
                r.colour(), r.reason())).toList();
    }
}
