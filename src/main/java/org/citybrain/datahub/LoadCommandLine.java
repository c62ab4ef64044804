package org.citybrain.datahub;

/** The command line's {@code datahub} command: its first argument and the profile it runs in (no web server, no demo). */
public final class LoadCommandLine {

    public static final String NAME = "datahub";
    public static final String PROFILE = "datahub";

    private LoadCommandLine() {
    }
}
