// The flood engine's speed on a city's drainage model: `bench/flood.sh` (the demo city's model, fetched from a running
// CityBrain) or `java -cp target/classes:COMMONS_MATH_JAR bench/FloodEngine.java MODEL.inp [runs]`.
//   1. one 24-hour storm (the storm of 2021-07-20) with results every minute, kinematic wave: runoff and routing
//      timed apart, best and median of the runs after three warm-up runs;
//   2. an ensemble of 100 design storms (8 return periods × durations 1–24 h × peak positions), each simulated for
//      its storm and 4 hours after, on as many threads as the machine has cores.
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.citybrain.flood.swmm.DesignStorm;
import org.citybrain.flood.swmm.Hyetograph;
import org.citybrain.flood.swmm.InpFile;
import org.citybrain.flood.swmm.KinematicWave;
import org.citybrain.flood.swmm.Runoff;

public class FloodEngine {

    public static void main(String[] args) throws Exception {
        InpFile model;
        try (Reader in = Files.newBufferedReader(Path.of(args[0]))) {
            model = InpFile.read(in);
        }
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        System.out.printf("model: %d subcatchments, %d junctions, %d outfalls, %d conduits; %d cores%n", model.rows("SUBCATCHMENTS").size(),
                model.rows("JUNCTIONS").size(), model.rows("OUTFALLS").size(), model.rows("CONDUITS").size(), Runtime.getRuntime().availableProcessors());

        InpFile day = falling(model, Hyetograph.zhengzhou20210720(), 24 * 60);
        long[] runoff = new long[runs], routing = new long[runs];
        for (int i = -3; i < runs; i++) {
            long t0 = System.nanoTime();
            Runoff.Result r = Runoff.run(day);
            long t1 = System.nanoTime();
            KinematicWave.Result k = KinematicWave.route(day, r);
            long t2 = System.nanoTime();
            if (i >= 0) {
                runoff[i] = t1 - t0;
                routing[i] = t2 - t1;
            }
            if (i == runs - 1) {
                System.out.printf("24 h storm (552.5 mm), 1-minute results: %d depths per node; continuity errors runoff %.2f %%, routing %.2f %%%n",
                        k.depthsAt(k.nodes().keySet().iterator().next()).length, r.continuity().errorPercent(), k.continuity().errorPercent());
            }
        }
        long[] total = new long[runs];
        for (int i = 0; i < runs; i++) {
            total[i] = runoff[i] + routing[i];
        }
        System.out.printf("one 24 h run, kinematic wave: best %.2f s (runoff %.2f s, routing %.2f s), median %.2f s over %d runs after 3 warm-up runs%n",
                min(total) / 1e9, min(runoff) / 1e9, min(routing) / 1e9, median(total) / 1e9, runs);

        // the same day routed by the dynamic wave (variable step, Courant factor 0.75, at most the model's ROUTING_STEP)
        InpFile dynamic = day.withOption("FLOW_ROUTING", "DYNWAVE").withOption("VARIABLE_STEP", "0.75");
        Runoff.Result dayRunoff = Runoff.run(dynamic);
        long[] wave = new long[Math.max(1, runs / 2)];
        for (int i = -1; i < wave.length; i++) {
            long t0 = System.nanoTime();
            KinematicWave.Result d = KinematicWave.route(dynamic, dayRunoff);
            if (i >= 0) {
                wave[i] = System.nanoTime() - t0;
            }
            if (i == wave.length - 1) {
                System.out.printf("24 h storm by the dynamic wave: routing continuity error %.2f %%, flooding %.0f m³%n", d.continuity().errorPercent(),
                        d.continuity().flooding());
            }
        }
        System.out.printf("one 24 h run, dynamic wave: best %.2f s (runoff %.2f s, routing %.2f s) over %d runs after a warm-up run%n",
                (min(runoff) + min(wave)) / 1e9, min(runoff) / 1e9, min(wave) / 1e9, wave.length);

        List<InpFile> storms = new ArrayList<>();
        int[] periods = {1, 2, 3, 5, 10, 20, 50, 100};
        int[] durations = {60, 120, 180, 360, 720, 1440};
        for (int i = 0; i < 100; i++) {
            int minutes = durations[(i / periods.length) % durations.length];
            double peak = 0.3 + 0.1 * (i % 3);
            DesignStorm storm = new DesignStorm(DesignStorm.Formula.ZHENGZHOU_HANDBOOK, periods[i % periods.length], minutes, 5, peak);
            storms.add(falling(model, storm.hyetograph(), minutes + 240));
        }
        int threads = Runtime.getRuntime().availableProcessors();
        long start = System.nanoTime();
        double simulatedHours = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<Double>> done = new ArrayList<>();
            for (InpFile s : storms) {
                done.add(pool.submit(() -> {
                    Runoff.Result r = Runoff.run(s);
                    KinematicWave.route(s, r);
                    return r.duration() / 3600;
                }));
            }
            for (Future<Double> f : done) {
                simulatedHours += f.get();
            }
        }
        System.out.printf("ensemble of 100 design storms (%.0f simulated hours in all), kinematic wave, %d threads: %.1f s%n", simulatedHours, threads,
                (System.nanoTime() - start) / 1e9);
    }

    /** The model with the storm on its gages from 2021-07-19 20:00, simulated for the given minutes, reporting every minute. */
    static InpFile falling(InpFile model, Hyetograph storm, int minutes) {
        LocalDateTime start = LocalDateTime.of(2021, 7, 19, 20, 0);
        LocalDateTime end = start.plusMinutes(minutes);
        DateTimeFormatter date = DateTimeFormatter.ofPattern("MM/dd/yyyy");
        return storm.fallingOn(model).withOption("START_DATE", start.format(date)).withOption("START_TIME", "20:00:00")
                .withOption("REPORT_START_DATE", start.format(date)).withOption("REPORT_START_TIME", "20:00:00")
                .withOption("END_DATE", end.format(date)).withOption("END_TIME", end.toLocalTime() + ":00").withOption("REPORT_STEP", "00:01:00");
    }

    static long min(long[] v) {
        return Arrays.stream(v).min().orElse(0);
    }

    static long median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
