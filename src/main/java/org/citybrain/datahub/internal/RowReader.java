package org.citybrain.datahub.internal;

import java.io.Closeable;
import java.io.IOException;

/** Rows of one delivery, read one at a time so that a file of any length loads in flat memory. */
interface RowReader extends Closeable {

    /** The next row, or null at the end. */
    SourceRow next() throws IOException;

    /** Bytes consumed so far, for progress. */
    long bytesRead();
}
