package org.citybrain.flood.swmm;

/** A model the engine cannot take, naming the line of the input file (and its section where known) and the reason. */
public class InpError extends RuntimeException {

    private final int line;

    public InpError(int line, String reason) {
        super((line > 0 ? "line " + line + ": " : "") + reason);
        this.line = line;
    }

    /** The line of the {@code .inp} file, counted from 1; 0 when the problem is the model as a whole. */
    public int line() {
        return line;
    }
}
