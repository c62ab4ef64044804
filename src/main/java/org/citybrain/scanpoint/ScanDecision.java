package org.citybrain.scanpoint;

/**
 * What the device does and shows: allow or deny, the colour, a reason code and the words for the display.
 *
 * @param duplicate true when this (device, seq) was decided before: the stored decision is returned again
 */
public record ScanDecision(String deviceId, String seq, String decision, String colour, String reason, String displayZh, String displayEn,
                           boolean duplicate) {

    public boolean allowed() {
        return "ALLOW".equals(decision);
    }
}
