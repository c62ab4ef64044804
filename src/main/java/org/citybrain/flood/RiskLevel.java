package org.citybrain.flood;

/**
 * A waterlogging spot's risk under a storm, by its predicted peak depth on the road: blue (water on the road), yellow
 * (waterlogged, as GB 51222 counts a road), orange (a car's exhaust under water), red (a person in danger). The depths
 * are data ({@code citybrain.flood.risk-cm}), so the headquarters sets its own.
 */
public enum RiskLevel {
    NONE, BLUE, YELLOW, ORANGE, RED
}
