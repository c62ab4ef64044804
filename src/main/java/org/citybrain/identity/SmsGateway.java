package org.citybrain.identity;

/**
 * The city's SMS operator: one-time login codes and notices to a citizen's registered mobile. A city plugs in its
 * operator's gateway by providing a bean of this type; the built-in demo gateway sends nothing, shows the login code
 * instead and keeps the notices in the citizen's message box only.
 */
public interface SmsGateway {

    /** Sends the login code; returns what the login page may show about it (the demo gateway shows the code). */
    String send(String mobile, String code);

    /**
     * Sends a notice (the decision on her application, her child's school); returns the operator's message id. Throws
     * when the operator refuses or cannot be reached, so that the notice is tried again.
     */
    String sendNotice(String mobile, String text);
}
