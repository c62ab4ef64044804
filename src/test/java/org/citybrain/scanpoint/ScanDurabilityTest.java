package org.citybrain.scanpoint;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainClient.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "An acknowledged write survives a crash": CityBrain runs in a process of its own on an H2 file, a gate's scans are
 * acknowledged, the process is killed (SIGKILL, no shutdown hook) right after the last answer, and every acknowledged
 * scan is in the file. (H2 by default keeps commits in memory for up to half a second: CityBrain's default URL sets
 * WRITE_DELAY=0, and the scan journal also syncs each group commit to the disk. Without either, 14 of 40 were lost.)
 */
class ScanDurabilityTest {

    @TempDir
    Path dir;

    @Test
    void acknowledgedScansSurviveAKill() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = dir.resolve("out.log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
                "-cp", System.getProperty("java.class.path"), "org.citybrain.CityBrainApplication")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // The product's own default database: an H2 file under ./data of the working directory.
        pb.directory(dir.toFile());
        pb.environment().remove("CITYBRAIN_DB_URL");
        pb.environment().put("CITYBRAIN_PORT", Integer.toString(port));
        pb.environment().put("CITYBRAIN_MQTT_PORT", "0");
        pb.environment().put("CITYBRAIN_DEMO_RESIDENTS", "500");
        pb.environment().put("CITYBRAIN_SIMULATOR_RATE", "0");
        pb.environment().put("CITYBRAIN_LOG_FILE", dir.resolve("citybrain.log").toString());
        Process city = pb.start();
        try {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
            while (!Files.readString(log).contains("projected into the twin")) {
                assertThat(city.isAlive()).as("CityBrain stopped: " + Files.readString(log)).isTrue();
                assertThat(Instant.now()).as("CityBrain did not start in time").isBefore(deadline);
                Thread.sleep(200);
            }
            Matcher gate = Pattern.compile("\"deviceId\":\"(gate-\\d{12})\"")
                    .matcher(CityBrainClient.basic(port, "bigdata", "citybrain").get("/api/scan/v1/devices?kind=GATE&limit=1").body());
            assertThat(gate.find()).isTrue();
            CityBrainClient device = CityBrainClient.basic(port, gate.group(1), org.citybrain.DemoAccounts.password(dir.resolve("data/demo-device-credentials.properties"), gate.group(1)));
            // A citizen's declaration, acknowledged just before the kill too: every acknowledged write, not only scans.
            assertThat(CityBrainClient.basic(port, "410105198805120019", "citybrain").json("POST", "/api/health/v1/declarations/health",
                    "{\"temperature\":36.7}", "Idempotency-Key", "crash-declaration").status()).isEqualTo(201);
            int acknowledged = 0;
            for (int i = 0; i < 40; i++) {
                Answer a = device.json("POST", "/api/scan/v1/devices/" + gate.group(1) + "/scans",
                        "{\"seq\":\"crash-" + i + "\",\"idNumber\":\"410105198805120019\"}");
                assertThat(a.status()).isEqualTo(200);
                acknowledged++;
            }
            city.destroyForcibly().waitFor();

            try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("data/citybrain"), "sa", "");
                 ResultSet rs = db.createStatement().executeQuery("select count(*) from scan where seq like 'crash-%'");
                 ResultSet declared = db.createStatement().executeQuery("select count(*) from health_fact where source like '%crash-declaration'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("acknowledged scans found after the kill").isEqualTo(acknowledged);
                declared.next();
                assertThat(declared.getInt(1)).as("the acknowledged declaration found after the kill").isEqualTo(1);
            }
        } finally {
            city.destroyForcibly();
        }
    }
}
