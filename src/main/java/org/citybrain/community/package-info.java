/**
 * Community health registration (社区健康登记): residents register their household electronically (who lives there,
 * who is away, who has come back), visitors register their visit with host and purpose, and the community worker
 * confirms or corrects each registration. Gates ask whether a visitor is registered.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Community registration")
package org.citybrain.community;
