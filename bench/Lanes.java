// Shared by the load harnesses. `java bench/ScanLoad.java` and `java bench/TwinLoad.java` compile this file on demand
// (the JDK 22+ source launcher finds other classes of the unnamed package in the launched file's directory).
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/** Devices that each send their requests one after the other, and the per-window figures their runs print. */
final class Lanes {

    private Lanes() {
    }

    /** A lane: a queue whose tasks one virtual thread runs in order, as one device on its own connection would. */
    static LinkedBlockingQueue<Runnable> start() {
        LinkedBlockingQueue<Runnable> q = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    q.take().run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return q;
    }

    /**
     * The p99 of each of {@code count} windows of {@code width}, starting at {@code from}, over samples {time, value};
     * values are divided by {@code unit} for printing ("-" for an empty window). Shows a stall and how long it lasted.
     */
    static String p99ByWindow(Collection<long[]> samples, long from, long width, int count, double unit) {
        StringBuilder out = new StringBuilder();
        for (int w = 0; w < count; w++) {
            long start = from + w * width;
            List<Long> in = new ArrayList<>(samples.stream().filter(s -> s[0] >= start && s[0] < start + width).map(s -> s[1]).toList());
            Collections.sort(in);
            out.append(in.isEmpty() ? " -" : String.format(" %.0f", in.get(Math.min(in.size() - 1, (int) (in.size() * 0.99))) / unit));
        }
        return out.toString();
    }
}
