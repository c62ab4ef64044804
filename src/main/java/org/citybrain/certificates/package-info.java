/**
 * Electronic certificates (电子证照), as a city's certificate library (电子证照库) keeps them: the departments issue
 * certificates (a residence permit, a business licence, a birth certificate) and decision letters as PDF documents with
 * an embedded font and a digital signature (CMS, by the issuing department's key), each certificate also as a signed
 * code (a compact JWS, ES256) that its QR carries, so that anyone holding the issuers' public keys verifies it without
 * a network; the citizen's wallet (卡包) holds hers, and those of other issuers the city trusts by key; an issuing
 * department revokes one with a reason, and an online check says so.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Electronic certificates")
package org.citybrain.certificates;
