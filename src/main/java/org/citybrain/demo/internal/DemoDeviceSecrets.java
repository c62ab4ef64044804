package org.citybrain.demo.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The demo's device secrets, written once when the city is generated to a file only the operator can read
 * ({@code ./data/demo-device-credentials.properties}: device account = secret), so that benchmarks and the README's
 * examples can drive the demo's gates. A real deployment issues each device its secret through the API instead.
 */
@Component
class DemoDeviceSecrets {

    private static final Logger log = LoggerFactory.getLogger(DemoDeviceSecrets.class);

    private final Path file;

    DemoDeviceSecrets(@Value("${citybrain.demo.device-credentials:./data/demo-device-credentials.properties}") Path file) {
        this.file = file;
    }

    void write(Map<String, String> secrets) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "device-credentials", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's own permissions apply
            }
            Properties p = new Properties();
            secrets.forEach(p::setProperty);
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING)) {
                p.store(w, "CityBrain demo device secrets (account=secret); generated with the demo city");
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            log.info("demo device secrets for {} devices written to {}", secrets.size(), file.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo's device secrets to " + file, e);
        }
    }
}
