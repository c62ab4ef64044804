package org.citybrain.datahub.internal;

import java.io.IOException;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The secrets a source presents to a department's system, by name, from the configuration: a source stores only the
 * name, so that a credential never lands in the database, its backups or the declaration a page shows. A property
 * {@code citybrain.datahub.credentials.<name>} — in production the environment variable
 * {@code CITYBRAIN_DATAHUB_CREDENTIALS_<NAME>} (Spring maps one to the other) — set the same on every node.
 */
@Component
class SourceCredentials {

    static final String PREFIX = "citybrain.datahub.credentials.";

    private final Environment environment;

    SourceCredentials(Environment environment) {
        this.environment = environment;
    }

    /** The Authorization header for an endpoint that names a credential; null when it names none. */
    String authorization(Sources.RestEndpoint endpoint) throws IOException {
        return endpoint.credential() == null ? null : "Bearer " + secret(endpoint.credential());
    }

    /** The value of a named credential, or the refusal saying which variable to set. */
    String secret(String name) throws IOException {
        String value = environment.getProperty(PREFIX + name);
        if (value == null || value.isBlank()) {
            String variable = "CITYBRAIN_DATAHUB_CREDENTIALS_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
            throw new IOException("凭据 " + name + " 未配置（环境变量 " + variable + "） / the credential " + name + " is not configured (environment variable "
                    + variable + ")");
        }
        return value.strip();
    }
}
