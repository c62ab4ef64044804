package org.citybrain.datahub;

import org.citybrain.identity.CurrentUser;
import tools.jackson.databind.JsonNode;

/** Asks another region's CityBrain a {@link PeerQuestion}, signed with this city's key; the answer comes back receipted. */
public interface RegionExchange {

    /**
     * @param issue   the case the question is for (X-Road's {@code issue})
     * @param purpose why the data is needed
     */
    Asked ask(CurrentUser user, String peerId, String question, JsonNode body, String issue, String purpose);

    /** The peer's answer and its signed receipt, verified and kept in this city's exchange log. */
    record Asked(JsonNode answer, String receipt, long receiptSeq) {
    }
}
