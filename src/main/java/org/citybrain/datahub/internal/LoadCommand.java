package org.citybrain.datahub.internal;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.citybrain.datahub.LoadCommandLine;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar citybrain.jar datahub declare FEED.json} declares a source, its mapping and its dataset (the
 * {@code {"source", "mapping", "dataset"}} document of {@link org.citybrain.datahub.Feeds#declare});
 * {@code java -jar citybrain.jar datahub load SOURCE FILE} loads a file into a source of the configured database,
 * as the watched folder would, drawing the progress (share of the file, rows, rows/s, time left) and printing the
 * quality report; exits 0 when everything loaded, 1 when rows were refused, 2 when nothing could be loaded.
 */
@Component
@Profile(LoadCommandLine.PROFILE)
class LoadCommand implements ApplicationRunner {

    private final Loading loading;
    private final Sources sources;
    private final org.citybrain.datahub.Feeds feeds;
    private final tools.jackson.databind.json.JsonMapper json;
    private final ApplicationContext context;
    private final PrintStream out = System.out;

    LoadCommand(Loading loading, Sources sources, org.citybrain.datahub.Feeds feeds, tools.jackson.databind.json.JsonMapper json, ApplicationContext context) {
        this.loading = loading;
        this.feeds = feeds;
        this.json = json;
        this.sources = sources;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        List<String> words = args.getNonOptionArgs();
        if (words.size() == 3 && words.get(1).equals("declare")) {
            feeds.declare(json.readTree(Files.readString(Path.of(words.get(2)))), "cli:" + System.getProperty("user.name", "operator"));
            out.println("declared " + words.get(2));
            exit(0);
            return;
        }
        if (words.size() != 4 || !words.get(1).equals("load")) {
            out.println("usage: java -jar citybrain.jar datahub declare FEED.json");
            out.println("       java -jar citybrain.jar datahub load SOURCE FILE");
            out.println("sources: " + String.join(", ", sources.all().stream().map(Sources.Source::id).toList()));
            exit(2);
            return;
        }
        Path file = Path.of(words.get(3));
        if (!Files.isRegularFile(file)) {
            out.println("no such file: " + file);
            exit(2);
            return;
        }
        long size = Files.size(file);
        long start = System.nanoTime();
        long[] last = {0};
        Runs.Run run = loading.loadFile("cli:" + System.getProperty("user.name", "operator"), words.get(2), file, Runs.Trigger.UPLOAD, (rows, bytes) -> {
            long now = System.nanoTime();
            if (now - last[0] > 500_000_000L) {
                last[0] = now;
                double seconds = Math.max(0.001, (now - start) / 1e9);
                double done = size == 0 ? 1 : Math.min(1.0, bytes / (double) size);
                long eta = done > 0 ? Math.round(seconds / done - seconds) : 0;
                int filled = (int) Math.round(done * 30);
                out.printf("\r[%s%s] %3d%%  %,d rows  %,.0f rows/s  ETA %dm%02ds   ", "#".repeat(filled), ".".repeat(30 - filled), Math.round(done * 100),
                        rows, rows / seconds, eta / 60, eta % 60);
                out.flush();
            }
        });
        out.println();
        QualityReport r = run.report();
        out.printf("run %d: %s in %.1f s (%,.0f rows/s)%n", run.id(), run.status(), (System.nanoTime() - start) / 1e9, run.rowsPerSecond());
        if (r != null) {
            out.printf("read %,d  accepted %,d  rejected %,d  inserted %,d  updated %,d  unchanged %,d  duplicates %,d%n", r.read(), r.accepted(), r.rejected(),
                    r.inserted(), r.updated(), r.unchanged(), r.duplicates());
            r.rejectedByField().forEach((field, kinds) -> kinds.forEach((kind, n) -> out.printf("  rejected %,d  %s: %s%n", n, field, kind)));
            r.sinks().forEach((k, v) -> out.printf("  %s: %,d%n", k, v));
        }
        if (run.failure() != null) {
            out.println(run.failure());
        }
        long peak = java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP).mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        out.printf("heap: at most %,d MiB used of %,d MiB%n", peak >> 20, Runtime.getRuntime().maxMemory() >> 20);
        exit(run.status() == Runs.Status.SUCCEEDED ? 0 : run.status() == Runs.Status.PARTLY ? 1 : 2);
    }

    private void exit(int code) {
        System.exit(SpringApplication.exit(context, () -> code));
    }
}
