package org.citybrain.datahub.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.citybrain.audit.PersonalDataAccess;
import org.citybrain.datahub.HubDatasets;
import org.citybrain.datahub.SharedData;
import org.citybrain.identity.ResidentRegistry;
import org.citybrain.platform.Forbidden;
import org.citybrain.standards.IdNumber;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads of shared data by CityBrain's own modules on a department's behalf: the grant in force to the department is
 * the permission (fields projected, rows of its division only, calls a minute), and each read leaves a signed receipt
 * in the grant's exchange log with the audit record of the person read, durable before the records are returned.
 */
@Service
class GrantedReads implements SharedData {

    static final String SERVICE = "service-materials";

    private final Sharing sharing;
    private final HubRecords records;
    private final ExchangeLog log;
    private final ReceiptWriter receipts;
    private final ResidentRegistry residents;
    private final JsonMapper json;
    private final Catalogue catalogue;

    GrantedReads(Sharing sharing, HubRecords records, ExchangeLog log, ReceiptWriter receipts, ResidentRegistry residents, JsonMapper json, Catalogue catalogue) {
        this.catalogue = catalogue;
        this.sharing = sharing;
        this.records = records;
        this.log = log;
        this.receipts = receipts;
        this.residents = residents;
        this.json = json;
    }

    @Override
    public Optional<GrantInForce> grantOf(String consumerUnit, String datasetId) {
        return grant(consumerUnit, datasetId, Instant.now()).map(GrantedReads::inForce);
    }

    /**
     * The grant that lets the unit read the dataset: one in force, or — for the unit's own dataset, which it needs no
     * grant for — a standing one of all its fields (id 0), whose reads are receipted in the unit's own chain.
     */
    private Optional<Sharing.Grant> grant(String consumerUnit, String datasetId, Instant now) {
        Optional<Catalogue.Entry> entry = catalogue.entry(datasetId);
        if (entry.isPresent() && entry.get().ownerUnit().equals(consumerUnit)) {
            List<String> fields = entry.get().fields().stream().map(f -> f.name()).toList();
            return Optional.of(new Sharing.Grant(0, datasetId, consumerUnit, consumerUnit, "本部门数据 / the department's own data", fields, null,
                    Integer.MAX_VALUE, null, Instant.MAX, null, null, null, "", false));
        }
        return sharing.grantInForce(consumerUnit, datasetId, now);
    }

    @Override
    public List<Readable> readableBy(String consumerUnit) {
        Instant now = Instant.now();
        return catalogue.ids().stream().map(catalogue::entry).flatMap(Optional::stream)
                .filter(e -> grant(consumerUnit, e.id(), now).isPresent())
                .map(e -> new Readable(e.id(), e.titleZh(), e.titleEn(), e.ownerUnit())).toList();
    }

    @Override
    public SweepPage bornOnOrBefore(Sweep s) {
        Instant now = Instant.now();
        Sharing.Grant grant = granted(s.consumerUnit(), s.datasetId(), now);
        if (!grant.fields().contains(s.idField())) {
            throw new Forbidden("idField", "授权不含字段 " + s.idField() + " / the grant does not include the field " + s.idField());
        }
        String rows = grant.divisionCode() == null ? null : new org.citybrain.standards.DivisionCode(grant.divisionCode()).prefix();
        int limit = Math.clamp(s.limit(), 1, 1_000);
        List<HubDatasets.HubRecord> page = records.after(s.datasetId(), s.afterKey(), limit, rows);
        List<HubDatasets.HubRecord> found = new java.util.ArrayList<>();
        List<IdNumber> people = new java.util.ArrayList<>();
        for (HubDatasets.HubRecord r : page) {
            String id = r.values().path(s.idField()).asString("");
            if (IdNumber.isValid(id) && !new IdNumber(id).birthDate().isAfter(s.bornOnOrBefore())) {
                found.add(r);
                people.add(new IdNumber(id));
            }
        }
        String next = page.size() < limit ? null : page.getLast().key();
        if (found.isEmpty()) {
            return new SweepPage(List.of(), next); // nobody's data leaves the hub: nothing to receipt
        }
        return new SweepPage(receipted(grant, found, people, s.caseRef(), s.actor(), s.purpose(), s.datasetId() + " " + s.caseRef() + " " + s.afterKey()), next);
    }

    private Sharing.Grant granted(String consumerUnit, String datasetId, Instant now) {
        return grant(consumerUnit, datasetId, now).orElseThrow(() -> new Forbidden("datasetId",
                consumerUnit + "没有数据集 " + datasetId + " 的有效共享授权 / " + consumerUnit + " holds no grant in force for dataset " + datasetId));
    }

    /**
     * The records as the department receives them (granted fields only), receipted as one exchange in the grant's chain
     * and written into each named person's "who read my data".
     */
    private List<Fetched> receipted(Sharing.Grant grant, List<HubDatasets.HubRecord> found, List<IdNumber> people, String caseRef, String actor,
                                    String askedPurpose, String request) {
        List<Map<String, Object>> shown = found.stream().map(r -> project(r.values(), grant.fields())).toList();
        byte[] body = json.writeValueAsBytes(shown);
        String purpose = askedPurpose.length() > 500 ? askedPurpose.substring(0, 500) : askedPurpose;
        String chain = grant.id() == 0 ? "own:" + grant.consumerUnit() : grant.chain();
        ExchangeLog.Exchange exchange = new ExchangeLog.Exchange(chain, grant.id() == 0 ? null : grant.id(), null, grant.consumerUnit(), grant.providerUnit(), SERVICE,
                caseRef, actor, purpose, UUID.randomUUID().toString(), HubRecords.sha256(request), DataService.sha256(body), shown.size());
        String what = "共享数据 " + grant.datasetId() + "（" + String.join("、", grant.fields()) + "） / shared data " + grant.datasetId();
        List<PersonalDataAccess> audit = residents.residentIdsOf(people).values().stream()
                .map(id -> new PersonalDataAccess("共享:" + grant.consumerUnit() + " (grant " + grant.id() + ")", PersonalDataAccess.residentSubject(id), "READ",
                        what, auditPurpose(purpose, caseRef))).toList();
        ExchangeLog.Receipt receipt = receipts.write(exchange, audit);
        List<Fetched> out = new java.util.ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            out.add(new Fetched(grant.datasetId(), grant.id(), grant.providerUnit(), found.get(i).key(), shown.get(i), found.get(i).loadedAt(), receipt.id()));
        }
        return out;
    }

    /** The audit record's purpose holds 64 characters: the purpose and the case when they fit, else the purpose cut. */
    private static String auditPurpose(String purpose, String caseRef) {
        String both = purpose + " · " + caseRef;
        return both.length() <= 64 ? both : purpose.length() <= 64 ? purpose : purpose.substring(0, 64);
    }

    @Override
    public List<Fetched> naming(Fetch f) {
        Instant now = Instant.now();
        Sharing.Grant grant = granted(f.consumerUnit(), f.datasetId(), now);
        if (grant.id() != 0 && log.answeredThisMinute(grant.chain(), now) >= grant.perMinute()) {
            throw new org.citybrain.platform.Conflict("datasetId", "超过授权的调用频率（每分钟" + grant.perMinute() + "次） / over the grant's " + grant.perMinute()
                    + " calls a minute");
        }
        IdNumber person = IdNumber.parse(f.idNumber());
        String rows = grant.divisionCode() == null ? null : new org.citybrain.standards.DivisionCode(grant.divisionCode()).prefix();
        List<HubDatasets.HubRecord> found = records.naming(f.datasetId(), person.value(), rows);
        return receipted(grant, found, List.of(person), f.caseRef(), f.actor(), f.purpose(), f.datasetId() + " " + f.caseRef());
    }

    @Override
    public GrantInForce recordAgreement(String consumerUnit, String datasetId, List<String> fields, String purpose, String basis, int months, Integer perMinute,
                                        String recordedBy) {
        return inForce(sharing.recordAgreement(consumerUnit, datasetId, fields, purpose, basis, months, perMinute, recordedBy));
    }

    private static Map<String, Object> project(JsonNode values, List<String> fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String f : fields) {
            JsonNode v = values.get(f);
            m.put(f, v == null || v.isNull() ? null : v.isNumber() ? v.numberValue() : v.isBoolean() ? v.asBoolean() : v.isString() ? v.asString() : v);
        }
        return m;
    }

    private static GrantInForce inForce(Sharing.Grant g) {
        return new GrantInForce(g.id(), g.datasetId(), g.consumerUnit(), g.providerUnit(), g.fields(), g.divisionCode(), g.expiresAt());
    }
}
