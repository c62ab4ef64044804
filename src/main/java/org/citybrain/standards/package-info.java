/**
 * Values defined by national standards that every capability shares: GB 11643 citizen ID numbers,
 * GB/T 2260 administrative division codes (extended to streets and communities the way the statistics
 * bureau's 12-digit codes are), mainland mobile numbers and GB 32100 unified social credit codes.
 * Pure values, no Spring, no storage.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Standards", type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package org.citybrain.standards;
