package org.citybrain.services.internal;

import java.util.Optional;

/**
 * The counter's (and the kiosk's) second-generation ID card reader (二代身份证阅读器), behind an interface: a hall
 * plugs in its vendor's driver; the demo has {@link SimulatedIdCardReader}. A read gives what the card's chip holds
 * that the counter needs — the name and the ID number — or nothing when no card lies on the reader.
 */
interface IdCardReader {

    /** What the card's chip says. */
    record Card(String name, String idNumber) {
    }

    /** The card on the reader at the named desk, if any. */
    Optional<Card> read(String desk);
}
