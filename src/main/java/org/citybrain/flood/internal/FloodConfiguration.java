package org.citybrain.flood.internal;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** The flood module's settings: the risk levels' depths and the rainstorm warning criteria. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({RiskThresholds.class, RainWarningCriteria.class})
class FloodConfiguration {
}
