/**
 * The city itself, as places on a map: administrative divisions (district, street, community, by GB/T 2260
 * codes), residential compounds and buildings, enterprises, venues, hospitals with fever clinics, schools and
 * their catchment areas, traffic checkpoints, waterlogging-prone spots, intersections and road segments.
 * Every place has a location (WGS 84 longitude/latitude) and, where it has an extent, a GeoJSON geometry.
 * Places are not personal data; people live in the population module.
 */
@org.springframework.modulith.ApplicationModule(displayName = "City")
package org.citybrain.city;
