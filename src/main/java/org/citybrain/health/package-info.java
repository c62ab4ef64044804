/**
 * The health code (健康码): each resident's colour, computed by a versioned decision table from the facts the city
 * holds (declarations, trips, checkpoint arrivals from risk areas, quarantine orders, contact status, test results,
 * follow-up results), every change recorded with its rule and facts, issued as a signed token that any holder of
 * the issuer's public key verifies offline, and recognised across regions through a trust list. The operations
 * follow GB/T 38963-2020: declare health information, declare trip, query health information, request a code,
 * generate a code, verify a code, correct.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Health code")
package org.citybrain.health;
