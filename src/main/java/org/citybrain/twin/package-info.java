/**
 * The city's digital twin, served through the ETSI NGSI-LD API (GS CIM 009) at {@code /ngsi-ld/v1}: every
 * entity of the city in one model, under CityBrain's {@code @context} (served locally; no context is ever
 * fetched from the internet). Entities, attributes, batch operations, queries with the NGSI-LD query language
 * and geo-queries, type and attribute discovery, attribute history (temporal API) and multi-tenancy.
 * The city's places are projected into it on start-up.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Digital twin")
package org.citybrain.twin;
