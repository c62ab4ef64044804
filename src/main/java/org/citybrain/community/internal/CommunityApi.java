package org.citybrain.community.internal;

import org.citybrain.identity.Action;
import org.citybrain.identity.Performs;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.population.Residency;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/community/v1")
@Tag(name = "Community registration", description = "Household and visitor health registration, confirmed or corrected by the community")
class CommunityApi {

    record HouseholdRegistration(List<Registrations.Member> members) {
    }

    record VisitRegistration(@io.swagger.v3.oas.annotations.media.Schema(description = "12-digit community code", maxLength = 12) String community,
                             @io.swagger.v3.oas.annotations.media.Schema(maxLength = org.citybrain.platform.Limits.PERSON_NAME) String hostName,
                             @io.swagger.v3.oas.annotations.media.Schema(maxLength = org.citybrain.platform.Limits.ADDRESS) String hostAddress,
                             @io.swagger.v3.oas.annotations.media.Schema(maxLength = org.citybrain.platform.Limits.ADDRESS) String purpose,
                             Instant from, Instant until) {
    }

    record RegistrationCorrection(@io.swagger.v3.oas.annotations.media.Schema(maxLength = org.citybrain.platform.Limits.NOTE) String correction) {
    }

    private final Registrations registrations;
    private final Residency residency;
    private final CurrentUsers users;

    CommunityApi(Registrations registrations, Residency residency, CurrentUsers users) {
        this.registrations = registrations;
        this.residency = residency;
        this.users = users;
    }

    @Performs(Action.REGISTER_HOUSEHOLD)
    @PostMapping("/households")
    @Operation(summary = "Register my household: {members:[{name, relation, livingHere, note}]}. Idempotency-Key makes a retry one registration.")
    ResponseEntity<Registrations.Registration> household(@RequestBody HouseholdRegistration body,
                                                         @RequestHeader(value = "Idempotency-Key", required = false) String key) {
        return ResponseEntity.status(201).body(registrations.registerHousehold(residency.of(self()).orElseThrow(), body.members(), key));
    }

    @Performs(Action.REGISTER_VISIT)
    @PostMapping("/visits")
    @Operation(summary = "Register a visit: {community (12 digits), hostName, hostAddress, purpose, from, until}")
    ResponseEntity<Registrations.Registration> visit(@RequestBody VisitRegistration v, @RequestHeader(value = "Idempotency-Key", required = false) String key) {
        return ResponseEntity.status(201).body(registrations.registerVisit(self(), v.community(), v.hostName(), v.hostAddress(), v.purpose(), v.from(),
                v.until(), key));
    }

    @Performs(Action.READ_OWN_REGISTRATIONS)
    @GetMapping("/registrations/mine")
    List<Registrations.Registration> mine() {
        return registrations.mine(self());
    }

    @Performs(Action.READ_REGISTRATIONS)
    @GetMapping("/registrations")
    @Operation(summary = "Registrations waiting for confirmation in my jurisdiction")
    List<Registrations.Registration> toHandle() {
        return registrations.toHandle(users.require());
    }

    @Performs(Action.HANDLE_REGISTRATION)
    @PostMapping("/registrations/{id}/confirm")
    Registrations.Registration confirm(@PathVariable long id) {
        return registrations.handle(users.require(), id, true, null);
    }

    @Performs(Action.HANDLE_REGISTRATION)
    @PostMapping("/registrations/{id}/correct")
    @Operation(summary = "Correct a registration: {correction}; the registrant sees what was wrong")
    Registrations.Registration correct(@PathVariable long id, @RequestBody RegistrationCorrection body) {
        return registrations.handle(users.require(), id, false, body.correction());
    }

    private long self() {
        return users.requireCitizen();
    }
}
