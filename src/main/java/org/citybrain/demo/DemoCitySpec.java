package org.citybrain.demo;

/**
 * What to generate.
 *
 * @param seed      the same seed gives the same city, row for row
 * @param residents how many residents (the rest of the city scales with them)
 */
public record DemoCitySpec(long seed, long residents) {

    public static final long DEFAULT_SEED = 20210720L;

    public DemoCitySpec {
        if (residents < 100 || residents > 20_000_000L) {
            throw new IllegalArgumentException("residents must be between 100 and 20,000,000");
        }
    }
}
