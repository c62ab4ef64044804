package org.citybrain.identity;

/** Checks a username and password outside the web sign-in, e.g. for a device connecting to the MQTT broker. */
public interface Credentials {

    /** True when the account exists, is enabled, has the password and holds the role. */
    boolean valid(String username, String password, Role role);
}
