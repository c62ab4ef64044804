package org.citybrain;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's Mosquitto, started for a test on a port of its own (anonymous, on 127.0.0.1); CI installs it and requires
 * it, a developer's machine without it skips the test.
 */
public final class Mosquitto implements AutoCloseable {

    private final Process broker;
    private final int port;

    private Mosquitto(Process broker, int port) {
        this.broker = broker;
        this.port = port;
    }

    public static Mosquitto start() throws Exception {
        Path mosquitto = Path.of("/usr/sbin/mosquitto");
        if (!Files.isExecutable(mosquitto)) {
            Assumptions.assumeFalse("true".equals(System.getenv("CITYBRAIN_REQUIRE_MOSQUITTO")), "CI requires Mosquitto");
            Assumptions.abort("Debian's mosquitto is not installed: the external-broker test is skipped");
        }
        // A port the system just handed out and took back, so it is free; a broker that still finds it taken (another
        // process won the race) stops at once, and the next attempt takes another port.
        String lastOutput = "";
        for (int attempt = 0; attempt < 5; attempt++) {
            int brokerPort;
            try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                brokerPort = free.getLocalPort();
            }
            Path conf = Files.createTempFile("mosquitto", ".conf");
            Files.writeString(conf, "listener " + brokerPort + " 127.0.0.1\nallow_anonymous true\n");
            Process broker = new ProcessBuilder(mosquitto.toString(), "-c", conf.toString()).redirectErrorStream(true).start();
            // Mosquitto takes a moment to listen, longer on a busy machine: wait for its port rather than a fixed time.
            long until = System.currentTimeMillis() + 15_000;
            while (broker.isAlive()) {
                try (java.net.Socket probe = new java.net.Socket("127.0.0.1", brokerPort)) {
                    return new Mosquitto(broker, brokerPort);
                } catch (java.io.IOException notYet) {
                    assertThat(System.currentTimeMillis()).as("mosquitto did not listen in time").isLessThan(until);
                    Thread.sleep(100);
                }
            }
            lastOutput = new String(broker.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        throw new AssertionError("mosquitto stopped five times; it said: " + lastOutput);
    }

    public int port() {
        return port;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        broker.destroy();
    }
}
