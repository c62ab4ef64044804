import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The disk's own latency for what a durable acknowledgement costs: append 4 KiB to a file and force it to the disk,
 * again and again, as a database's group commit does. Prints p50, p99 and the slowest, so that a scan benchmark's tail
 * can be compared with the floor the disk sets. Usage: java bench/FsyncLatency.java [directory] [seconds]
 */
public class FsyncLatency {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir"));
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path file = Files.createTempFile(dir, "fsync", ".bin");
        long[] latencies = new long[1_000_000];
        int n = 0;
        ByteBuffer block = ByteBuffer.allocate(4096);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < end && n < latencies.length) {
                block.rewind();
                long t0 = System.nanoTime();
                out.write(block);
                out.force(false);
                latencies[n++] = System.nanoTime() - t0;
            }
        } finally {
            Files.deleteIfExists(file);
        }
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        System.out.printf("disk: %,d appends of 4 KiB each forced to disk in %d s (%s): p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms%n",
                n, seconds, dir, sorted[n / 2] / 1e6, sorted[(int) (n * 0.99)] / 1e6, sorted[(int) (n * 0.999)] / 1e6, sorted[n - 1] / 1e6);
    }
}
