package org.citybrain.datahub;

import java.time.Duration;

import org.citybrain.CityBrainClient;
import org.citybrain.DemoAccounts;
import tools.jackson.databind.JsonNode;

/** The demo's feeds as the tests wait for them: the latest finished run of a source, once the watched folder has loaded it. */
public final class DemoFeedRuns {

    private DemoFeedRuns() {
    }

    public static JsonNode loaded(int port, String source) throws InterruptedException {
        return finished(port, source, "INBOX");
    }

    /** The first finished poll of a REST or database source (the first look after start finds it due). */
    public static JsonNode polled(int port, String source) throws InterruptedException {
        return finished(port, source, "POLL");
    }

    static JsonNode finished(int port, String source, String trigger) throws InterruptedException {
        CityBrainClient bureau = CityBrainClient.basic(port, "bigdata", DemoAccounts.password("bigdata"));
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode runs = bureau.get("/api/datahub/v1/runs?source=" + source).json();
            for (JsonNode r : runs) {
                if (!r.get("status").asString().equals("RUNNING") && r.get("trigger").asString().equals(trigger)) {
                    return r;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no " + trigger + " run of " + source + " finished");
    }

    /** The feeds the provident fund withdrawal reads: its report, the real estate register, marriages, social security. */
    public static void withdrawalFeeds(int port) throws InterruptedException {
        loaded(port, "provident-fund");
        loaded(port, "housing-registry");
        loaded(port, "marriage-registry");
        polled(port, "social-security");
    }
}
