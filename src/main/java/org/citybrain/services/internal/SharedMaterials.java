package org.citybrain.services.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.citybrain.datahub.SharedData;
import org.citybrain.platform.Conflict;
import org.citybrain.platform.Forbidden;
import org.citybrain.platform.pages.CityTime;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fetches an application's shared materials through its department's grants, before the transaction that records
 * them. Each read waits until its receipt and the audit record of the person read are durable, written by the data
 * hub's one receipt writer; a transaction that waited for that writer would hold a pooled connection the writer may
 * need (twenty submissions at once exhausted a pool of ten and timed out), and would hold its rows the while. So
 * {@link Applications} fetches first, holding nothing, and hands the result to the workflow's fetch step.
 */
@Component
class SharedMaterials {

    /** The workflow's transient variable (never stored) that carries the fetched materials to its fetch step. */
    static final String VARIABLE = "fetchedMaterials";

    /** One material's outcome: its record as fetched, or why the grant refused it. */
    record Outcome(ServiceDefinition.Material material, Material fetched, int records, String refusal) {
    }

    private final SharedData shared;
    private final JsonMapper json;
    private final CityTime time;

    SharedMaterials(SharedData shared, JsonMapper json, CityTime time) {
        this.shared = shared;
        this.json = json;
        this.time = time;
    }

    /** Every shared material of the definition for the applicant (by her ID number); the case number names the reads. */
    List<Outcome> fetch(Application a, ServiceDefinition d, String idNumber) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            // see the class comment: the caller's transaction would wait on the receipt writer holding a connection
            throw new IllegalStateException("shared materials are fetched outside a transaction");
        }
        List<Outcome> out = new ArrayList<>();
        for (ServiceDefinition.Material m : d.materials()) {
            if (m.origin() != ServiceDefinition.Origin.SHARED) {
                continue;
            }
            try {
                List<SharedData.Fetched> found = shared.naming(new SharedData.Fetch(a.department(), m.datasetId(), idNumber,
                        a.number(time.zone()), "system", d.nameZh()));
                List<Map<String, Object>> values = found.stream().map(SharedData.Fetched::values).toList();
                Instant loaded = found.stream().map(SharedData.Fetched::loadedAt).max(Instant::compareTo).orElse(null);
                // with no record the grant still names who was asked: looked up once
                Optional<SharedData.GrantInForce> asked = found.isEmpty() ? shared.grantOf(a.department(), m.datasetId()) : Optional.empty();
                Long grant = found.isEmpty() ? asked.map(SharedData.GrantInForce::id).orElse(null) : found.getFirst().grantId();
                String provider = found.isEmpty() ? asked.map(SharedData.GrantInForce::providerUnit).orElse(null) : found.getFirst().provider();
                Long receipt = found.isEmpty() ? null : found.getFirst().receiptId();
                out.add(new Outcome(m, new Material(m.name(), m.origin(), m.datasetId(), grant == null || grant == 0 ? null : grant, provider, loaded, receipt,
                        json.valueToTree(values)), found.size(), null));
            } catch (Forbidden | Conflict refused) {
                out.add(new Outcome(m, null, 0, refused.getMessage()));
            }
        }
        return out;
    }
}
