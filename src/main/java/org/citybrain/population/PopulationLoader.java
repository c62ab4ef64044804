package org.citybrain.population;

import java.util.List;

/** Bulk writing of households and residents, for generators and importers. Each call is one transaction. */
public interface PopulationLoader {

    void loadHouseholds(List<Household> households);

    void loadResidents(List<NewResident> residents);
}
