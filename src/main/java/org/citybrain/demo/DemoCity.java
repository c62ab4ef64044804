package org.citybrain.demo;

import java.time.Duration;
import java.util.List;
import java.util.function.LongConsumer;

/** Generates demo cities. */
public interface DemoCity {

    record Result(long places, long residents, long rows, Duration took, List<String> citizenIdNumbers) {

        public double rowsPerSecond() {
            return rows / Math.max(0.001, took.toMillis() / 1000.0);
        }
    }

    /** Generates the city; {@code rowsWritten} hears of each batch written (for a progress bar). */
    Result generate(DemoCitySpec spec, LongConsumer rowsWritten);

    /** Whether a complete demo city has been generated into this database. */
    boolean exists();

    /** Whether the database holds any city data at all (complete or not). */
    boolean cityHasData();
}
