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

    public static String password(String account) {
        return password(DEVICE_SECRETS, account);
    }

    /** The password from the device secrets file of a CityBrain started elsewhere (its ./data). */
    public static String password(Path deviceSecrets, String account) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(deviceSecrets, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (java.nio.file.NoSuchFileException e) {
            return PASSWORD;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty(account, PASSWORD);
    }
}
