package org.citybrain.datahub.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.citybrain.datahub.RegionExchange;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.identity.Performs;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Other regions' CityBrains: this city's identity for them, their signed questions, and (for the bureau and staff) the peers and asking them. */
@RestController
@Tag(name = "Peer regions", description = "Exchange with other regions' CityBrains: exchanged keys, signed requests, receipted answers")
class PeerApi {

    private final PeerRegions peers;
    private final PeerExchange exchange;
    private final ExchangeKeys keys;
    private final CurrentUsers users;
    private final JsonMapper json;

    PeerApi(PeerRegions peers, PeerExchange exchange, ExchangeKeys keys, CurrentUsers users, JsonMapper json) {
        this.peers = peers;
        this.exchange = exchange;
        this.keys = keys;
        this.users = users;
        this.json = json;
    }

    @Performs(Action.READ_EXCHANGE_KEYS)
    @GetMapping("/api/exchange/v1/region")
    @Operation(summary = "This city as another region adds it: its GB/T 2260 code, name, exchange public keys and the questions it answers")
    Map<String, Object> region() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", peers.ownCode());
        m.put("name", peers.ownName());
        m.put("jwks", keys.publicKeys().toJSONObject(true));
        m.put("questions", exchange.questionNames());
        return m;
    }

    @Performs(Action.ANSWER_PEER_REGION)
    @PostMapping(value = "/api/exchange/v1/questions/{question}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A trusted region's question, signed in the CityBrain-Request header (JWS over the body's hash); the answer carries CityBrain-Receipt")
    ResponseEntity<byte[]> answer(@PathVariable String question, @RequestHeader(name = "CityBrain-Request", required = false) String signed,
                                  @RequestBody(required = false) byte[] body) {
        PeerExchange.Answered a = exchange.answer(question, signed, body == null ? new byte[0] : body);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).header("CityBrain-Receipt", a.receipt()).body(a.body());
    }

    @Performs({Action.MANAGE_PEER_REGIONS, Action.ASK_PEER_REGION})
    @GetMapping("/api/datahub/v1/peers")
    List<Map<String, Object>> peers() {
        return peers.all().stream().map(PeerApi::view).toList();
    }

    @Performs(Action.MANAGE_PEER_REGIONS)
    @PutMapping("/api/datahub/v1/peers/{id}")
    @Operation(summary = "Trust another region's CityBrain: {name, baseUrl, jwks} as its /api/exchange/v1/region gives them")
    Map<String, Object> addPeer(@PathVariable String id, @RequestBody PeerRegions.Definition d) {
        return view(peers.add(users.require(), id, d, json));
    }

    record Question(JsonNode question, String issue, String purpose) {
    }

    @Performs(Action.ASK_PEER_REGION)
    @PostMapping("/api/datahub/v1/peers/{id}/questions/{question}")
    @Operation(summary = "Ask a peer region: {question: {...}, issue (the case), purpose}; the answer and the peer's verified receipt")
    RegionExchange.Asked ask(@PathVariable String id, @PathVariable String question, @RequestBody Question q) {
        return exchange.ask(users.require(), id, question, q.question(), q.issue(), q.purpose());
    }

    @ExceptionHandler(PeerExchange.Refused.class)
    ResponseEntity<ProblemDetail> refused(PeerExchange.Refused r) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(r.status), r.getMessage());
        p.setProperty("field", r.field);
        return ResponseEntity.status(r.status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }

    @ExceptionHandler(PeerExchange.PeerUnavailable.class)
    ResponseEntity<ProblemDetail> unavailable(PeerExchange.PeerUnavailable e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, e.getMessage());
        p.setProperty("field", "peer");
        return ResponseEntity.status(HttpStatus.BAD_GATEWAY).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }

    static Map<String, Object> view(PeerRegions.Peer p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("name", p.name());
        m.put("baseUrl", p.baseUrl());
        m.put("keys", p.keys().getKeys().stream().map(k -> k.getKeyID()).toList());
        m.put("addedBy", p.addedBy());
        m.put("addedAt", p.addedAt());
        return m;
    }
}
