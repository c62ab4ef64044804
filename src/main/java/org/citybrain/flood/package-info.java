/**
 * Flood control (全域数字防汛), as a city's drainage engineers and its flood-control headquarters use it: the drainage
 * model of the city in EPA SWMM 5's own exchange format ({@code .inp}, read and written with nothing lost), and the
 * engine that turns rain into runoff and routes it through the network, built from the equations of SWMM's reference
 * manuals and checked against the reports EPA SWMM itself prints for the same model.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Flood control")
package org.citybrain.flood;
