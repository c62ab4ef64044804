package org.citybrain.scanpoint;

import java.util.List;
import java.util.Optional;

/** The registry of scan devices and venue codes (the demo city registers its own; an operator registers real ones). */
public interface ScanDevices {

    void register(List<ScanDevice> devices);

    Optional<ScanDevice> device(String deviceId);

    List<ScanDevice> devices(DeviceKind kind, String divisionPrefix, int limit);

    /** Gives every venue a venue code (场所码); returns the codes by place id. */
    java.util.Map<Long, String> issueVenueCodes(List<Venue> venues);

    record Venue(long placeId, String name, String divisionCode) {
    }

    /** Venue codes with their venues, by venue name (for printing the posters and for the simulator). */
    List<VenueCode> venueCodes(int limit);

    record VenueCode(String code, long placeId, String name, String divisionCode) {
    }
}
