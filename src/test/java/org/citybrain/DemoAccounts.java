package org.citybrain;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The demo's sign-in secrets as a test knows them: people's accounts share the demo password; each device has the
 * random secret the demo wrote to its credentials file when it generated the city (see the test profile).
 */
public final class DemoAccounts {

    public static final String PASSWORD = "citybrain";
    static final Path DEVICE_SECRETS = Path.of("target/demo-device-credentials.properties");

    private DemoAccounts() {
    }

    /** The secrets file of the tests' own CityBrain, read once it exists (the demo writes it once per run). */
    private static volatile Properties secrets;

    public static String password(String account) {
        Properties p = secrets;
        if (p == null && Files.exists(DEVICE_SECRETS)) {
            p = secrets = load(DEVICE_SECRETS);
        }
        return p == null ? PASSWORD : p.getProperty(account, PASSWORD);
    }

    /** The password from the device secrets file of a CityBrain started elsewhere (its ./data). */
    public static String password(Path deviceSecrets, String account) {
        return Files.exists(deviceSecrets) ? load(deviceSecrets).getProperty(account, PASSWORD) : PASSWORD;
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
