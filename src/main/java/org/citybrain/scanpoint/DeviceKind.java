package org.citybrain.scanpoint;

/** Where a scan happens, which decides what the scan means and what the decision rests on. */
public enum DeviceKind {
    /** A residential community's gate (门禁): residents and visitors pass by face; the device sends the person's reference. */
    GATE,
    /** A traffic checkpoint (交通卡口): arrivals with vehicle plate and origin are registered. */
    CHECKPOINT,
    /** An enterprise entrance: staff passages. */
    ENTRANCE,
    /** A venue code (场所码) scanned by a citizen's phone: a check-in. */
    VENUE
}
