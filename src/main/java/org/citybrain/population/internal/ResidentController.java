package org.citybrain.population.internal;

import org.citybrain.identity.Action;
import org.citybrain.identity.Performs;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.citybrain.audit.AuditRecord;
import org.citybrain.audit.AuditTrail;
import org.citybrain.audit.PersonalDataAccess;
import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.platform.Forbidden;
import org.citybrain.population.AccessPurpose;
import org.citybrain.population.Resident;
import org.citybrain.population.ResidentDirectory;
import org.citybrain.population.ResidentPage;
import org.citybrain.population.ResidentQuery;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Residents over HTTP. Every answer is scoped to the caller's jurisdiction and audited (see ResidentDirectory). */
@RestController
@Tag(name = "Residents", description = "Personal data: scoped to the caller's jurisdiction, masked, audited")
class ResidentController {

    private final ResidentDirectory directory;
    private final CurrentUsers users;
    private final AuditTrail audit;

    ResidentController(ResidentDirectory directory, CurrentUsers users, AuditTrail audit) {
        this.directory = directory;
        this.users = users;
        this.audit = audit;
    }

    @Performs({Action.READ_RESIDENTS, Action.READ_OWN_RECORD})
    @GetMapping("/api/residents")
    @Operation(summary = "Search residents within the caller's jurisdiction")
    ResidentPage search(@RequestParam AccessPurpose purpose,
                        @Parameter(description = "name or its beginning") @RequestParam(required = false) String name,
                        @Parameter(description = "9- or 12-digit street or community code") @RequestParam(required = false) String community,
                        @RequestParam(defaultValue = "0") int offset, @RequestParam(defaultValue = "20") int limit) {
        return directory.search(new ResidentQuery(name, community, offset, limit), purpose);
    }

    @Performs({Action.READ_RESIDENTS, Action.READ_OWN_RECORD})
    @GetMapping("/api/residents/{id}")
    @Operation(summary = "One resident; reveal=true (with the reader's reason) returns the full ID number and mobile to roles that need them")
    Resident get(@PathVariable long id, @RequestParam AccessPurpose purpose, @RequestParam(defaultValue = "false") boolean reveal,
                 @RequestParam(required = false) @io.swagger.v3.oas.annotations.Parameter(schema = @io.swagger.v3.oas.annotations.media.Schema(maxLength = 100)) String reason) {
        return directory.get(id, purpose, reveal, reason);
    }

    @Performs(Action.READ_OWN_RECORD)
    @GetMapping("/api/me")
    @Operation(summary = "The signed-in citizen's own record")
    Resident me() {
        return directory.get(citizen().jurisdiction().selfResidentId(), AccessPurpose.SELF_SERVICE, true, null);
    }

    @Performs(Action.READ_OWN_RECORD)
    @GetMapping("/api/me/access-log")
    @Operation(summary = "Who read or changed the signed-in citizen's data, and why")
    List<AuditRecord> accessLog() {
        return audit.about(PersonalDataAccess.residentSubject(citizen().jurisdiction().selfResidentId()), 100);
    }

    private CurrentUser citizen() {
        CurrentUser user = users.require();
        if (!user.jurisdiction().onlySelf()) {
            throw new Forbidden("account", "仅限居民本人账号 / only a citizen's own account has a personal record");
        }
        return user;
    }
}
