package org.citybrain.datahub;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * A question other regions' CityBrains may ask this city (a traveller's health-code status), answered by the module
 * that holds the data. The data hub checks the asking region's signature, receipts the answer in the exchange log and
 * records the read for every person concerned; the module only answers.
 */
public interface PeerQuestion {

    /** The question's name in the exchange path: {@code /api/exchange/v1/questions/<name>}. */
    String name();

    /** The answer to the question's body, asked by the named region (its GB/T 2260 code). */
    Answer answer(JsonNode question, String askingRegion);

    /**
     * @param body      what the asking region receives
     * @param residents the residents whose data the answer carries (each sees the read under "who read my data")
     * @param what      which data, in words the citizen understands
     */
    record Answer(Map<String, Object> body, List<Long> residents, String what) {
    }
}
