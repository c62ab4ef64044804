/**
 * Who is using CityBrain and what they may see: government units (city, district, street, community,
 * departments, hospitals), staff accounts with roles, citizen accounts tied to a resident, login (password,
 * SMS code through a pluggable gateway, or an OIDC provider such as Keycloak), login throttling, and each
 * user's {@link org.citybrain.identity.Jurisdiction}: the one notion every module uses to scope personal data.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Identity")
package org.citybrain.identity;
