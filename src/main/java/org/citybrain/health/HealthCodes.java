package org.citybrain.health;

import java.util.Collection;
import java.util.Map;

/** The colours of residents' codes and the verification of presented code tokens, for scan points and staff. */
public interface HealthCodes {

    /** The current colour (green for a resident with no facts against them). */
    CodeColour colourOf(long residentId);

    Map<Long, CodeColour> coloursOf(Collection<Long> residentIds);

    /** Verifies a token without using it up (a query: “is this code genuine and what does it say?”). */
    CodeCheck check(String token);

    /** Verifies a token presented at a scan point; a token presented a second time is refused as a replay. */
    CodeCheck present(String token, String deviceId);
}
