/**
 * Scan points (扫码点): gates of residential communities, traffic checkpoints, enterprise entrances and venue codes.
 * One device API over HTTP and MQTT takes a scan in and gives the decision out (allow or deny, the colour to show,
 * the reason); every scan is stored durably before it is acknowledged, once per device and sequence number.
 * Checkpoint arrivals become facts of the health code. Also community health registration (households, visitors).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Scan points")
package org.citybrain.scanpoint;
