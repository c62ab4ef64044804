package org.citybrain.population;

import java.util.List;

/** One page of residents and how many match in total. */
public record ResidentPage(List<Resident> residents, long total, int offset, int limit) {
}
