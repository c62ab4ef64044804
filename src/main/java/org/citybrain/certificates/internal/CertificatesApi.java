package org.citybrain.certificates.internal;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.identity.Performs;
import org.citybrain.platform.pages.CityTime;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The certificate library's API: the citizen's wallet, verifying a code, the issuers' keys, revoking, trusting other issuers. */
@RestController
@RequestMapping("/api/certificates/v1")
@Tag(name = "Electronic certificates", description = "The wallet (卡包), signed PDFs, offline-verifiable codes, issuers' keys, revocation")
class CertificatesApi {

    private final Wallet wallet;
    private final CertificateLibrary library;
    private final Verification verification;
    private final TrustedIssuers trusted;
    private final CertificateViews views;
    private final CurrentUsers users;
    private final CityTime time;
    private final tools.jackson.databind.json.JsonMapper json;

    CertificatesApi(Wallet wallet, CertificateLibrary library, Verification verification, TrustedIssuers trusted, CertificateViews views, CurrentUsers users,
                    CityTime time, tools.jackson.databind.json.JsonMapper json) {
        this.json = json;
        this.wallet = wallet;
        this.library = library;
        this.verification = verification;
        this.trusted = trusted;
        this.views = views;
        this.users = users;
        this.time = time;
    }

    @Performs(Action.READ_OWN_CERTIFICATES)
    @GetMapping("/wallet")
    @Operation(summary = "My certificates: the city's departments' and those I added from trusted issuers, each with its signed code")
    List<Map<String, Object>> wallet() {
        return wallet.of(users.require(Action.READ_OWN_CERTIFICATES)).stream().map(views::item).toList();
    }

    @Performs(Action.READ_OWN_CERTIFICATES)
    @GetMapping("/wallet/{number}")
    @Operation(summary = "One of my certificates, whole (my full ID number on it)")
    Map<String, Object> one(@PathVariable String number) {
        return views.certificate(wallet.mine(users.require(Action.READ_OWN_CERTIFICATES), number), LocalDate.now(time.zone()));
    }

    @Performs(Action.READ_OWN_CERTIFICATES)
    @GetMapping("/wallet/{number}/pdf")
    @Operation(summary = "One of my certificates as a PDF signed by its issuer (CMS, adbe.pkcs7.detached), its QR carrying the signed code")
    ResponseEntity<byte[]> pdf(@PathVariable String number) {
        Certificate c = wallet.mine(users.require(Action.READ_OWN_CERTIFICATES), number);
        return org.citybrain.platform.pages.PdfAnswer.of(library.pdf(c), c.number());
    }

    /** A code to verify or to add, as sent. */
    record CodeRequest(String code) {
    }

    @Performs(Action.READ_OWN_CERTIFICATES)
    @PostMapping("/wallet/imports")
    @Operation(summary = "Add a certificate from a trusted issuer elsewhere by its code: it must verify, be valid and be mine")
    ResponseEntity<Map<String, Object>> add(@RequestBody CodeRequest body) {
        Wallet.Item i = wallet.add(users.require(Action.READ_OWN_CERTIFICATES), body == null ? null : body.code());
        return ResponseEntity.created(URI.create("/api/certificates/v1/wallet")).body(views.item(i));
    }

    @Performs(Action.VERIFY_CERTIFICATE)
    @PostMapping("/verification")
    @Operation(summary = "Verify a certificate's code: signed by a trusted key, unaltered, valid, not revoked (anyone; no personal data beyond the code's)")
    Map<String, Object> verify(@RequestBody CodeRequest body) {
        return views.verdict(verification.verify(body == null ? null : body.code()));
    }

    @Performs(Action.READ_CERTIFICATE_KEYS)
    @GetMapping("/issuers/jwks.json")
    @Operation(summary = "The public keys a verifier trusts (JWKS): the city's issuing departments' and the trusted issuers', each with its issuer")
    Map<String, Object> keys() {
        return Map.of("keys", views.trustedKeys());
    }

    /** Another issuer to trust: its name and its public key as a JWK. */
    record TrustRequest(String issuer, Map<String, Object> publicKey) {
    }

    @Performs(Action.MANAGE_TRUSTED_ISSUERS)
    @PostMapping("/trusted-issuers")
    @Operation(summary = "Trust another issuer's certificates: {issuer, publicKey: JWK (EC P-256, with kid)}")
    ResponseEntity<Map<String, Object>> trust(@RequestBody TrustRequest body) {
        CurrentUser admin = users.require(Action.MANAGE_TRUSTED_ISSUERS);
        String jwk = body == null || body.publicKey() == null ? null : json.writeValueAsString(body.publicKey());
        TrustedIssuers.Trusted t = trusted.add(admin, body == null ? null : body.issuer(), jwk);
        return ResponseEntity.created(URI.create("/api/certificates/v1/issuers/jwks.json")).body(Map.of("kid", t.kid(), "issuer", t.issuer()));
    }

    /** Why a certificate is revoked. */
    record RevocationRequest(String reason) {
    }

    @Performs(Action.REVOKE_CERTIFICATE)
    @PostMapping("/certificates/{number}/revocation")
    @Operation(summary = "Revoke a certificate my department issued, with the reason its holder and every online check read")
    Map<String, Object> revoke(@PathVariable String number, @RequestBody RevocationRequest body) {
        Certificate c = wallet.revoke(users.require(Action.REVOKE_CERTIFICATE), number, body == null ? null : body.reason());
        Map<String, Object> m = new java.util.LinkedHashMap<>(views.certificate(c, LocalDate.now(time.zone())));
        m.remove("holderIdNumber");
        return m;
    }
}
