package org.citybrain.identity;

/**
 * Sends a one-time login code to a citizen's registered mobile. A city plugs in its SMS operator's gateway
 * by providing a bean of this type; the built-in demo gateway sends nothing and shows the code instead.
 */
public interface SmsGateway {

    /** Sends the text; returns what the login page may show about it (the demo gateway shows the code). */
    String send(String mobile, String code);
}
