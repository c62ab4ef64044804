package org.citybrain.datahub.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.citybrain.population.ResidentRegister;
import org.springframework.stereotype.Component;

/**
 * The modules' datasets the data service serves besides the hub's own: read from the module that keeps them, through
 * its small API, and then checked, projected, receipted and audited like any other. The population register
 * ({@code residents}) is the one the city's services ask for most (免提交: a department reads the register instead of
 * asking the citizen for a household book); the city's places ({@code places}) are shared without condition.
 */
@Component
class ServedDatasets {

    /** A page of a module's dataset. */
    record Page(List<Map<String, Object>> records, long total) {
    }

    /** A module's dataset: its page reader and the field holding a person's ID number (whose read the person sees). */
    interface Served {
        Page page(String divisionPrefix, String key, long offset, int limit);

        String idNumberField();
    }

    private final Map<String, Served> served;

    ServedDatasets(ResidentRegister residents, org.citybrain.city.PlaceRegister places) {
        this.served = Map.of("residents", new Served() {
            @Override
            public Page page(String divisionPrefix, String key, long offset, int limit) {
                ResidentRegister.Page p = residents.page(divisionPrefix, key, offset, limit);
                return new Page(p.records(), p.total());
            }

            @Override
            public String idNumberField() {
                return "idNumber";
            }
        }, "places", new Served() {
            @Override
            public Page page(String divisionPrefix, String key, long offset, int limit) {
                Long id;
                try {
                    id = key == null ? null : Long.valueOf(key);
                } catch (NumberFormatException notAnId) {
                    return new Page(List.of(), 0); // a key that is no place's id names no place
                }
                org.citybrain.city.PlaceRegister.Page p = places.page(divisionPrefix, id, offset, limit);
                return new Page(p.records(), p.total());
            }

            @Override
            public String idNumberField() {
                return null; // places are nobody's personal data
            }
        });
    }

    Optional<Served> of(String datasetId) {
        return Optional.ofNullable(served.get(datasetId));
    }
}
