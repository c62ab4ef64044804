package org.citybrain.services.internal;

import java.net.URI;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.identity.Performs;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** 好差评 over HTTP: the citizen's rating of a finished application, the department's rectifications and their answers. */
@RestController
@RequestMapping("/api/services/v1")
@Tag(name = "Government services")
class RatingsApi {

    private final Ratings ratings;
    private final CurrentUsers users;

    RatingsApi(Ratings ratings, CurrentUsers users) {
        this.ratings = ratings;
        this.users = users;
    }

    @Performs(Action.RATE_APPLICATION)
    @PostMapping("/applications/{id}/rating")
    @Operation(summary = "Rate my finished application: {level: 1..5 (5 非常满意 … 1 非常不满意), comment} — a poor rating (1, 2) gives its reason and opens "
            + "a rectification for the department, due in 15 working days. The same rating again is the one rating")
    ResponseEntity<Rating> rate(@PathVariable long id, @RequestBody JsonNode body) {
        JsonNode level = body.path("level");
        if (!level.isMissingNode() && !level.isNull() && !level.isIntegralNumber()) {
            throw new InvalidStandardValue("level", "评价等级为1至5的整数 / level is a whole number from 1 to 5");
        }
        Rating r = ratings.rate(users.require(), id, level.isIntegralNumber() ? level.asInt() : null, body.path("comment").asString(null));
        return ResponseEntity.created(URI.create("/api/services/v1/applications/" + id)).body(r);
    }

    @Performs(Action.RECTIFY_POOR_RATINGS)
    @GetMapping("/rectifications")
    @Operation(summary = "My department's rectifications of poor ratings, due soonest first: state OPEN (default), DONE or ALL")
    Map<String, Object> rectifications(@RequestParam(defaultValue = "OPEN") String state, @RequestParam(defaultValue = "0") int page,
                                       @RequestParam(defaultValue = "20") int size) {
        CurrentUser me = users.require();
        Rectification.State st = state(state);
        int s = Math.clamp(size, 1, 100);
        return Map.of("total", ratings.countRectifications(me, st), "rectifications", ratings.rectifications(me, st, Math.max(0, page) * s, s));
    }

    @Performs(Action.RECTIFY_POOR_RATINGS)
    @PostMapping("/rectifications/{id}/response")
    @Operation(summary = "Answer a rectification: {response} — what was found and changed; the citizen reads it on her application as the follow-up")
    Rectification respond(@PathVariable long id, @RequestBody JsonNode body) {
        return ratings.respond(users.require(), id, body.path("response").asString(null));
    }

    static Rectification.State state(String value) {
        if ("ALL".equals(value)) {
            return null;
        }
        try {
            return Rectification.State.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidStandardValue("state", "状态为 OPEN、DONE 或 ALL / state is OPEN, DONE or ALL");
        }
    }
}
