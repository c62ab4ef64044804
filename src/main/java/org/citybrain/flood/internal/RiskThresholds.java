package org.citybrain.flood.internal;

import org.citybrain.flood.RiskLevel;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The depths (cm on the road) at which a spot's risk becomes blue, yellow, orange and red: {@code citybrain.flood.risk-cm.*}. */
@ConfigurationProperties("citybrain.flood.risk-cm")
record RiskThresholds(double blue, double yellow, double orange, double red) {

    RiskThresholds {
        if (!(0 < blue && blue < yellow && yellow < orange && orange < red)) {
            throw new IllegalArgumentException("citybrain.flood.risk-cm: blue < yellow < orange < red, all above 0 (" + blue + ", " + yellow + ", " + orange + ", " + red + ")");
        }
    }

    RiskLevel of(double peakCm) {
        if (peakCm >= red) {
            return RiskLevel.RED;
        }
        if (peakCm >= orange) {
            return RiskLevel.ORANGE;
        }
        if (peakCm >= yellow) {
            return RiskLevel.YELLOW;
        }
        return peakCm >= blue ? RiskLevel.BLUE : RiskLevel.NONE;
    }
}
