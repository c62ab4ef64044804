package org.citybrain.health.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.citybrain.datahub.LoadedRecord;
import org.citybrain.datahub.RecordSink;
import org.citybrain.health.HealthFacts;
import org.citybrain.population.Residency;
import org.citybrain.standards.DivisionCode;
import org.springframework.stereotype.Component;

/**
 * Arrivals that other systems know of — the railway's passenger lists, the highway toll gates — taken from the data
 * hub as health facts, exactly as a checkpoint's arrivals are: the decision table then turns a traveller from a risk
 * area yellow by its rule, with the feed named as the fact's source. Each record is one fact however often it is
 * loaded (its dataset and match key are the fact's source, which the ledger records once). Travellers who are not
 * residents of the city are counted, not refused: the city has no code to give them.
 */
@Component
class ArrivalsFromSharedData implements RecordSink {

    private final HealthFacts facts;
    private final Residency residency;

    ArrivalsFromSharedData(HealthFacts facts, Residency residency) {
        this.facts = facts;
        this.residency = residency;
    }

    @Override
    public String name() {
        return "health.arrivals";
    }

    @Override
    public Set<String> requiredFields() {
        return Set.of("idNumber", "origin", "arrivedAt");
    }

    @Override
    public Map<String, Long> accept(List<LoadedRecord> records) {
        Map<String, Residency.Residence> residents = residency.ofIdNumbers(records.stream().map(r -> r.text("idNumber")).toList());
        List<HealthFacts.Arrival> arrivals = new ArrayList<>();
        long outsiders = 0;
        for (LoadedRecord r : records) {
            Residency.Residence resident = residents.get(r.text("idNumber"));
            if (resident == null) {
                outsiders++;
                continue;
            }
            String source = "hub:" + r.dataset() + ":" + r.key();
            arrivals.add(new HealthFacts.Arrival(resident.residentId(), new DivisionCode(r.text("origin")), (Instant) r.values().get("arrivedAt"),
                    source.length() <= 200 ? source : "hub:" + r.dataset() + ":" + java.util.UUID.nameUUIDFromBytes(r.key().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    ("datahub:" + r.lineage().sourceId()).substring(0, Math.min(64, 8 + r.lineage().sourceId().length()))));
        }
        facts.arrivals(arrivals);
        return Map.of("arrivalsOfResidents", (long) arrivals.size(), "notResidents", outsiders);
    }
}
