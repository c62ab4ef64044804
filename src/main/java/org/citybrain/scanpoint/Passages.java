package org.citybrain.scanpoint;

import java.util.List;

/** A person's passages, newest first: for the closed loop's chain view and the citizen's own page. */
public interface Passages {

    List<Passage> of(long residentId, int limit);
}
