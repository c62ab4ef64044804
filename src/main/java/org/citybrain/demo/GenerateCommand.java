package org.citybrain.demo;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar citybrain.jar generate --residents=10000000 [--seed=N]}: generates a city of any size into
 * the configured database (H2 file or PostgreSQL), printing a progress bar with rows/s, then exits.
 * Unlike the demo start-up it commits batch by batch, so a 10-million city does not need one huge transaction;
 * the completion record is written last, so an interrupted run is recognisable and refused on the next start.
 */
@Component
@Profile(GenerateCommand.PROFILE)
public class GenerateCommand implements ApplicationRunner {

    public static final String NAME = "generate";
    public static final String PROFILE = "generate";

    private final DemoCity demo;
    private final ApplicationContext context;
    private final JdbcTemplate jdbc;
    private final PrintStream out = System.out;

    GenerateCommand(DemoCity demo, ApplicationContext context, JdbcTemplate jdbc) {
        this.demo = demo;
        this.context = context;
        this.jdbc = jdbc;
    }

    @Override
    public void run(ApplicationArguments args) {
        long residents = longOption(args, "residents", 1_000_000);
        long seed = longOption(args, "seed", DemoCitySpec.DEFAULT_SEED);
        if (demo.cityHasData()) {
            out.println("The database already holds a city. Point CityBrain at an empty database to generate another.");
            exit(2);
            return;
        }
        // Households are ~1/2.7 of residents; places ~1/60 (enterprises) + ~1/100 (buildings) + a few thousand fixed ones.
        long expected = residents + residents * 10 / 27 + residents / 60 + residents / 100 + 4_000;
        ProgressBar bar = new ProgressBar(expected, out);
        out.printf("Generating a city of %,d residents (seed %d)%n", residents, seed);
        DemoCity.Result result = demo.generate(new DemoCitySpec(seed, residents), bar::advance);
        bar.finish();
        out.printf("Done: %,d places, %,d residents, %,d rows in %.1f s = %,.0f rows/s%n", result.places(), result.residents(), result.rows(),
                result.took().toMillis() / 1000.0, result.rowsPerSecond());
        compactIfH2();
        exit(0);
    }

    /**
     * H2 keeps the pages that batch commits superseded until it compacts: a 1-million-resident file is 3.2 GB
     * before and 0.14 GB after. The web server is not running here, so closing the database is harmless.
     */
    private void compactIfH2() {
        String product = jdbc.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName());
        if ("H2".equalsIgnoreCase(product)) {
            out.println("Compacting the H2 file ...");
            jdbc.execute("SHUTDOWN COMPACT");
        }
    }

    private void exit(int code) {
        System.exit(SpringApplication.exit(context, () -> code));
    }

    private static long longOption(ApplicationArguments args, String name, long fallback) {
        List<String> values = args.getOptionValues(name);
        if (values == null || values.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(values.getFirst().replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got " + values.getFirst());
        }
    }

    /** A one-line progress bar: percentage, rows, rows/s and an estimate of the time left. */
    static final class ProgressBar {

        private final long expected;
        private final PrintStream out;
        private final long start = System.nanoTime();
        private final AtomicLong rows = new AtomicLong();
        private long lastPrint;

        ProgressBar(long expected, PrintStream out) {
            this.expected = Math.max(1, expected);
            this.out = out;
        }

        void advance(long n) {
            long total = rows.addAndGet(n);
            long now = System.nanoTime();
            if (now - lastPrint > 500_000_000L) {
                lastPrint = now;
                print(total, now);
            }
        }

        void finish() {
            print(rows.get(), System.nanoTime());
            out.println();
        }

        private void print(long total, long now) {
            double seconds = Math.max(0.001, (now - start) / 1e9);
            double rate = total / seconds;
            double fraction = Math.min(1.0, total / (double) expected);
            int filled = (int) Math.round(fraction * 30);
            long eta = rate > 0 ? Math.round(Math.max(0, expected - total) / rate) : 0;
            out.printf("\r[%s%s] %3d%%  %,d rows  %,.0f rows/s  ETA %dm%02ds   ", "#".repeat(filled), ".".repeat(30 - filled),
                    Math.round(fraction * 100), total, rate, eta / 60, eta % 60);
            out.flush();
        }
    }
}
