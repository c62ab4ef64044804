package org.citybrain.flood;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.citybrain.flood.swmm.DesignStorm;
import org.citybrain.flood.swmm.Hyetograph;
import org.citybrain.flood.swmm.InpError;
import org.citybrain.flood.swmm.InpFile;
import org.citybrain.flood.swmm.KinematicWave;
import org.citybrain.flood.swmm.RunReport;
import org.citybrain.flood.swmm.Runoff;

/**
 * {@code java -jar citybrain.jar flood run MODEL.inp [--storm P[,MINUTES]] --report OUT.rpt}: runs any EPA SWMM 5
 * model (that uses what the engine simulates so far) and writes the report in SWMM's layout; without {@code --report}
 * the report goes to the standard output. With {@code --storm} the model's rain gages read Zhengzhou's design storm of
 * that return period instead of their own series (a Chicago storm, peak at 0.4 of its duration, 5-minute steps);
 * {@code --storm zz720} gives them the storm of 2021-07-20 at the city's national station instead. No database and no web server: the run needs only the model.
 */
public final class FloodCommand {

    public static final String NAME = "flood";

    private FloodCommand() {
    }

    /** Answers the process's exit status: 0 run, 1 the model was refused (the reason printed), 2 a wrong command line. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() < 2 || !args.get(0).equals("run")) {
            err.println("usage: flood run MODEL.inp [--storm P[,MINUTES] | --storm zz720] [--report OUT.rpt]");
            return 2;
        }
        Path model = Path.of(args.get(1));
        Path report = null;
        Hyetograph storm = null;
        for (int i = 2; i < args.size(); i++) {
            if (args.get(i).equals("--report") && i + 1 < args.size()) {
                report = Path.of(args.get(++i));
            } else if (args.get(i).equals("--storm") && i + 1 < args.size()) {
                // --storm P[,MINUTES]: Zhengzhou's design storm of return period P years (two hours unless given)
                // --storm zz720: the storm of 2021-07-20 at Zhengzhou's national station
                String[] p = args.get(++i).split(",");
                try {
                    storm = p[0].equalsIgnoreCase("zz720") ? Hyetograph.zhengzhou20210720()
                            : new DesignStorm(DesignStorm.Formula.ZHENGZHOU_HANDBOOK, Double.parseDouble(p[0]), p.length > 1 ? Double.parseDouble(p[1]) : 120, 5, 0.4).hyetograph();
                } catch (IllegalArgumentException e) {
                    err.println("--storm P[,MINUTES]: a return period of at least 1 year and a duration in minutes (" + e.getMessage() + ")");
                    return 2;
                }
            } else {
                err.println("unknown argument " + args.get(i) + "; usage: flood run MODEL.inp [--storm P[,MINUTES] | --storm zz720] [--report OUT.rpt]");
                return 2;
            }
        }
        try (Reader in = Files.newBufferedReader(model, StandardCharsets.UTF_8)) {
            InpFile inp = storm == null ? InpFile.read(in) : storm.fallingOn(InpFile.read(in));
            Runoff.Result runoff = Runoff.run(inp);
            if (storm != null && storm.mmPerHour().size() * storm.stepMinutes() * 60 > runoff.duration()) {
                err.println("note: the storm lasts longer than the model's simulation (its END_DATE/END_TIME): the rest of it was not simulated");
            }
            KinematicWave.Result routing = KinematicWave.route(inp, runoff);
            String text = RunReport.write(inp, runoff, routing);
            if (report == null) {
                out.print(text);
            } else {
                Files.writeString(report, text, StandardCharsets.UTF_8);
                out.printf("%s: runoff continuity error %.3f %%, flow routing continuity error %.3f %%; report written to %s%n", model.getFileName(),
                        runoff.continuity().errorPercent(), routing.continuity().errorPercent(), report);
            }
            return 0;
        } catch (InpError e) {
            err.println(model + ": " + e.getMessage());
            return 1;
        } catch (java.nio.file.NoSuchFileException e) {
            err.println(model + ": no such file");
            return 1;
        } catch (IOException e) {
            err.println(model + ": cannot be read (" + e.getMessage() + ")");
            return 1;
        }
    }
}
