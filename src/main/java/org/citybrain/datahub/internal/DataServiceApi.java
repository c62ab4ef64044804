package org.citybrain.datahub.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.citybrain.identity.Action;
import org.citybrain.identity.Performs;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The data service a consumer department's system calls: a token for its grant's client credential, the granted
 * dataset's records with a signed receipt in the {@code CityBrain-Receipt} header, this city's public keys, and the
 * verification of a receipt. Outside the session and Basic sign-in of people: the grant's credential is the caller.
 */
@RestController
@RequestMapping("/api/share/v1")
@Tag(name = "Data service", description = "Granted datasets for consumer systems: OAuth 2 client credentials, grant checks, signed receipts")
class DataServiceApi {

    private final DataService service;
    private final ExchangeLog log;
    private final ExchangeKeys keys;

    DataServiceApi(DataService service, ExchangeLog log, ExchangeKeys keys) {
        this.service = service;
        this.log = log;
        this.keys = keys;
    }

    /** RFC 6749 4.4.2: form-encoded; client authentication by HTTP Basic (2.3.1) or the client_id and client_secret parameters. */
    @Performs(Action.CALL_DATA_SERVICE)
    @PostMapping(value = "/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    @Operation(summary = "An access token for a grant's client credential (grant_type=client_credentials)")
    ResponseEntity<Map<String, Object>> token(@RequestParam(name = "grant_type", required = false) String grantType,
                                              @RequestParam(name = "client_id", required = false) String clientId,
                                              @RequestParam(name = "client_secret", required = false) String clientSecret,
                                              @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        String id = authorization != null ? DataService.basicUser(authorization, 0) : clientId;
        String secret = authorization != null ? DataService.basicUser(authorization, 1) : clientSecret;
        DataService.Token t = service.token(grantType, id, secret);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", t.accessToken());
        body.put("token_type", "Bearer");
        body.put("expires_in", t.expiresIn());
        // RFC 6749 5.1: a token is not to be cached
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache").body(body);
    }

    @Performs(Action.CALL_DATA_SERVICE)
    @GetMapping("/datasets/{datasetId}/records")
    @Operation(summary = "The granted dataset's records: fields (comma-separated, default all granted), key or page/size; "
            + "headers CityBrain-Issue (the case) and CityBrain-User-Id (the official) required, CityBrain-Purpose and CityBrain-Request-Id optional")
    ResponseEntity<byte[]> records(@PathVariable String datasetId, @RequestParam(required = false) String fields,
                                   @RequestParam(required = false) String key, @RequestParam(defaultValue = "0") int page,
                                   @RequestParam(defaultValue = "100") int size,
                                   @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                   @RequestHeader(name = "CityBrain-Issue", required = false) String issue,
                                   @RequestHeader(name = "CityBrain-User-Id", required = false) String userId,
                                   @RequestHeader(name = "CityBrain-Purpose", required = false) String purpose,
                                   @RequestHeader(name = "CityBrain-Request-Id", required = false) String requestId,
                                   HttpServletRequest request) {
        String bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).strip() : null;
        List<String> asked = fields == null ? null : Arrays.stream(fields.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        String line = request.getMethod() + " " + request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString())
                + "\nissue: " + issue + "\nuser: " + userId + "\npurpose: " + purpose;
        DataService.Answer a = service.read(new DataService.Call(bearer, datasetId, asked, key, page, size, headerText(issue), headerText(userId),
                headerText(purpose), requestId, line));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).header("CityBrain-Receipt", a.receipt().signature())
                .header(HttpHeaders.CACHE_CONTROL, "no-store").body(a.body());
    }

    /**
     * A header's text: HTTP header values are ASCII, so a case number or a name in Chinese travels percent-encoded as
     * UTF-8 (RFC 3986 2.1; "入学" as {@code %E5%85%A5%E5%AD%A6}); a '+' is a plus, not a space.
     */
    static String headerText(String value) {
        if (value == null || value.indexOf('%') < 0) {
            return value;
        }
        try {
            return java.net.URLDecoder.decode(value.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notEncoded) {
            return value;
        }
    }

    @Performs(Action.READ_EXCHANGE_KEYS)
    @GetMapping("/keys")
    @Operation(summary = "This city's exchange public keys (JWK Set): what receipts and requests to other regions are verified with")
    Map<String, Object> keys() {
        return keys.publicKeys().toJSONObject(true);
    }

    @Performs(Action.READ_EXCHANGE_KEYS)
    @PostMapping(value = "/receipts/verify", consumes = {MediaType.TEXT_PLAIN_VALUE, "application/jose"})
    @Operation(summary = "Verify a receipt (its compact JWS as the body): signed by this city, its hash, and in this city's exchange log")
    Map<String, Object> verify(@RequestBody(required = false) String receipt) {
        ExchangeLog.Check c = log.verifyReceipt(receipt);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("valid", c.valid());
        if (!c.valid()) {
            m.put("reason", c.reason());
            m.put("brokenAt", c.brokenAt());
        } else {
            m.put("receiptsChecked", c.checked());
        }
        return m;
    }

    @ExceptionHandler(ReceiptWriter.Busy.class)
    ResponseEntity<ProblemDetail> busy(ReceiptWriter.Busy e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        p.setProperty("field", "request");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1").contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }

    /** The data service's refusals as ProblemDetails naming the field; OAuth's error code beside them for OAuth clients. */
    @ExceptionHandler(DataService.Refusal.class)
    ResponseEntity<ProblemDetail> refused(DataService.Refusal r) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(r.status, r.getMessage());
        p.setProperty("field", r.field);
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(r.status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (r.oauthError != null) {
            p.setProperty("error", r.oauthError);
            p.setProperty("error_description", r.getMessage());
            if (r.status == HttpStatus.UNAUTHORIZED) {
                answer.header(HttpHeaders.WWW_AUTHENTICATE, r.field.equals("client_id") ? "Basic realm=\"CityBrain data service\""
                        : "Bearer realm=\"CityBrain data service\", error=\"" + r.oauthError + "\"");
            }
        }
        if (r.retryAfter != null) {
            answer.header(HttpHeaders.RETRY_AFTER, Long.toString(r.retryAfter));
        }
        return answer.body(p);
    }
}
