package org.citybrain.services.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.identity.Performs;
import org.citybrain.platform.NotFound;
import org.citybrain.platform.pages.CityTime;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The one application API the phone, the PC portal, the counter and the kiosk all use. */
@RestController
@RequestMapping("/api/services/v1")
@Tag(name = "Government services", description = "The catalogue of services, applying, my applications and their steps, the department's queue and review")
class ServicesApi {

    private final ServiceCatalogue catalogue;
    private final Applications applications;
    private final CurrentUsers users;
    private final CityTime time;
    private final Ratings ratings;
    private final Drafts drafts;
    private final CounterVisits visits;
    private final ServiceStatistics statistics;

    private final BenefitOffers benefits;

    private final DecisionLetters letters;
    private final MonthlyBenefits monthly;

    ServicesApi(ServiceCatalogue catalogue, Applications applications, CurrentUsers users, CityTime time, Ratings ratings, Drafts drafts, CounterVisits visits,
                ServiceStatistics statistics, BenefitOffers benefits, DecisionLetters letters, MonthlyBenefits monthly) {
        this.monthly = monthly;
        this.letters = letters;
        this.benefits = benefits;
        this.statistics = statistics;
        this.drafts = drafts;
        this.visits = visits;
        this.ratings = ratings;
        this.catalogue = catalogue;
        this.applications = applications;
        this.users = users;
        this.time = time;
    }

    @Performs(Action.BROWSE_SERVICES)
    @GetMapping("/services")
    @Operation(summary = "The services (newest version of each), optionally those matching q or of one life event")
    List<Map<String, Object>> services(@RequestParam(required = false) String q, @RequestParam(required = false) String lifeEvent) {
        users.require(Action.BROWSE_SERVICES);
        return catalogue.search(q).stream().filter(p -> lifeEvent == null || p.definition().lifeEvents().contains(lifeEvent)).map(ServicesApi::summary).toList();
    }

    @Performs(Action.BROWSE_SERVICES)
    @GetMapping("/services/{code}")
    @Operation(summary = "A service's guide and definition: department, legal basis, time limits, fee, form (JSON Schema), materials, eligibility (DMN)")
    Map<String, Object> service(@PathVariable String code) {
        users.require(Action.BROWSE_SERVICES);
        ServiceCatalogue.Published p = catalogue.current(code);
        Map<String, Object> m = summary(p);
        m.put("versions", catalogue.versionsOf(code));
        m.put("definition", p.definition().source());
        return m;
    }

    @Performs(Action.PUBLISH_SERVICE)
    @PostMapping("/services")
    @Operation(summary = "Publish a service of my department, or its next version: the definition is checked whole (form, materials and their grants, "
            + "the DMN table's fields, the BPMN) and refused with every problem named")
    ResponseEntity<Map<String, Object>> publish(@RequestBody JsonNode definition) {
        ServiceCatalogue.Published p = catalogue.publish(users.require(), definition);
        return ResponseEntity.created(URI.create("/api/services/v1/services/" + p.definition().code())).body(summary(p));
    }

    @Performs(Action.APPLY_FOR_SERVICE)
    @PostMapping("/services/{code}/applications")
    @Operation(summary = "Apply: {form: {...}, channel: PHONE|PC|KIOSK}; Idempotency-Key makes a retry one application. A service decided by the "
            + "system answers with its decision (and payment) already made")
    ResponseEntity<Map<String, Object>> apply(@PathVariable String code, @RequestBody JsonNode body,
                                              @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        Application.Channel channel = channel(body.path("channel").asString("PC"));
        Application a = applications.submit(users.require(), code, body.get("form"), channel, key);
        return ResponseEntity.created(URI.create("/api/services/v1/applications/" + a.id())).body(view(a));
    }

    @Performs(Action.APPLY_FOR_SERVICE)
    @PutMapping("/services/{code}/draft")
    @Operation(summary = "Save my form of the service to finish later, at the counter or on a kiosk: {form: {...}} (not checked yet; a later save replaces it)")
    Map<String, Object> saveDraft(@PathVariable String code, @RequestBody JsonNode body) {
        return draft(drafts.save(users.require(), code, body.get("form") == null ? body : body.get("form")));
    }

    @Performs(Action.APPLY_FOR_SERVICE)
    @GetMapping("/services/{code}/draft")
    @Operation(summary = "My saved form of the service (404 when none)")
    Map<String, Object> myDraft(@PathVariable String code) {
        return draft(drafts.mine(users.require(), code).orElseThrow(() -> new NotFound("code", "没有保存的草稿 / no saved draft of this service")));
    }

    @Performs(Action.APPLY_FOR_SERVICE)
    @GetMapping("/benefits")
    @Operation(summary = "Benefits I am due without applying (免申即享), found by the services' nightly sweeps and not yet answered")
    List<Map<String, Object>> myBenefits() {
        return benefits.open(users.require()).stream().map(o -> Map.<String, Object>of("id", o.id(), "service", o.serviceCode(), "offeredAt",
                o.offeredAt().toString())).toList();
    }

    @Performs(Action.APPLY_FOR_SERVICE)
    @PostMapping("/benefits/{id}/confirm")
    @Operation(summary = "Confirm a benefit with one tap: the application is submitted for me, decided and paid by the service's rules")
    Map<String, Object> confirmBenefit(@PathVariable long id) {
        return view(benefits.confirm(users.require(), id));
    }

    @Performs(Action.APPLY_FOR_SERVICE)
    @PostMapping("/benefits/{id}/decline")
    @Operation(summary = "Decline a benefit offered to me")
    Map<String, Object> declineBenefit(@PathVariable long id) {
        benefits.decline(users.require(), id);
        return Map.of("id", id, "state", "DECLINED");
    }

    @Performs(Action.HANDLE_APPLICATIONS)
    @PostMapping("/services/{code}/sweep")
    @Operation(summary = "Sweep my department's benefit granted without applying now (it runs each night): how many residents were newly offered it")
    Map<String, Object> sweep(@PathVariable String code) {
        return Map.of("service", code, "offered", benefits.sweepNow(users.require(), code));
    }

    @Performs(Action.HANDLE_APPLICATIONS)
    @PostMapping("/services/{code}/monthly-payments")
    @Operation(summary = "Pay this month's round of my department's monthly benefit now (it runs on the first of each month): how many were paid")
    Map<String, Object> payMonth(@PathVariable String code) {
        return Map.of("service", code, "paid", monthly.payNow(users.require(), code));
    }

    @Performs(Action.SERVE_AT_COUNTER)
    @PostMapping("/counter/applications")
    @Operation(summary = "At the hall's counter, apply for a walk-in citizen: {idNumber (or readCard: true for the card on my reader), service, form, "
            + "consent: true}. The clerk is recorded as who served her; Idempotency-Key makes a retry one application")
    ResponseEntity<Map<String, Object>> applyAtCounter(@RequestBody JsonNode body, @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        CurrentUser clerk = users.require();
        boolean card = body.path("readCard").asBoolean(false);
        String idNumber = card ? null : body.path("idNumber").asString("");
        Applications.Applicant citizen = card ? visits.identifyByCard(clerk) : visits.identify(clerk, idNumber, CounterVisits.IdentifiedBy.TYPED);
        Application a = applications.submitAtCounter(clerk, citizen, body.path("service").asString(""), body.get("form"), body.path("consent").asBoolean(false), key);
        return ResponseEntity.created(URI.create("/api/services/v1/applications/" + a.id())).body(view(a));
    }

    private static Map<String, Object> draft(Drafts.Draft d) {
        return Map.of("service", d.serviceCode(), "form", d.form(), "savedAt", d.savedAt());
    }

    @Performs(Action.READ_SERVICE_STATISTICS)
    @GetMapping("/statistics")
    @Operation(summary = "Figures of the applications submitted from one date to another (the city's dates, both included; default this month): by "
            + "department and service, submitted, decided, decided on time, submitted online, rated, average rating, poor ratings")
    ServiceStatistics.Report statistics(@RequestParam(required = false) java.time.LocalDate from, @RequestParam(required = false) java.time.LocalDate to) {
        return statistics.of(users.require(), from, to);
    }

    @Performs(Action.READ_SERVICE_STATISTICS)
    @GetMapping("/escalations")
    @Operation(summary = "The service centre's supervision list: unfinished applications escalated past their promised date, oldest promise first")
    List<Map<String, Object>> escalations() {
        return statistics.escalated(users.require(), 500).stream().map(a -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", a.id());
            m.put("number", a.number(time.zone()));
            m.put("service", a.serviceCode());
            m.put("department", a.department());
            m.put("state", a.state());
            m.put("promisedBy", a.promisedBy());
            m.put("escalatedAt", a.escalatedAt());
            return m;
        }).toList();
    }

    @Performs(Action.READ_OWN_APPLICATIONS)
    @GetMapping("/applications")
    @Operation(summary = "My applications, newest first")
    Map<String, Object> mine(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        CurrentUser me = users.require();
        int s = Math.clamp(size, 1, 100);
        return Map.of("total", applications.countMine(me), "applications", applications.mine(me, Math.max(0, page) * s, s).stream().map(this::view).toList());
    }

    @Performs({Action.READ_OWN_APPLICATIONS, Action.HANDLE_APPLICATIONS, Action.SERVE_AT_COUNTER})
    @GetMapping("/applications/{id}")
    @Operation(summary = "An application with its timeline, its materials (a fetched one with its dataset, owner and date), its rating and any rectification: the applicant's own, or her department's")
    Map<String, Object> application(@PathVariable long id) {
        CurrentUser user = users.require();
        Map<String, Object> m = view(applications.read(user, id));
        m.put("steps", applications.steps(user, id));
        m.put("materials", applications.materials(user, id));
        m.put("rating", ratings.of(id).orElse(null));
        m.put("rectification", ratings.rectificationOf(id).orElse(null));
        return m;
    }

    @Performs({Action.READ_OWN_APPLICATIONS, Action.HANDLE_APPLICATIONS})
    @GetMapping("/applications/{id}/decision.pdf")
    @Operation(summary = "A decided application's decision letter (决定书) as a PDF signed by the department: granted, or refused with the reason and the remedies")
    org.springframework.http.ResponseEntity<byte[]> decisionLetter(@PathVariable long id) {
        return org.citybrain.platform.pages.PdfAnswer.of(letters.pdf(users.require(), id), "decision-" + id);
    }

    @Performs(Action.APPLY_FOR_SERVICE)
    @PostMapping("/applications/{id}/correction")
    @Operation(summary = "Correct a returned application: {form: {...}}; it is fetched and decided again")
    Map<String, Object> correct(@PathVariable long id, @RequestBody JsonNode body) {
        return view(applications.correct(users.require(), id, body.get("form") == null ? body : body.get("form")));
    }

    @Performs(Action.HANDLE_APPLICATIONS)
    @GetMapping("/queue")
    @Operation(summary = "My department's applications, oldest first, in a state (default UNDER_REVIEW)")
    Map<String, Object> queue(@RequestParam(defaultValue = "UNDER_REVIEW") String state, @RequestParam(defaultValue = "0") int page,
                              @RequestParam(defaultValue = "20") int size) {
        CurrentUser me = users.require();
        Application.State st = state(state);
        int s = Math.clamp(size, 1, 100);
        return Map.of("total", applications.countQueue(me, st), "applications", applications.queue(me, st, Math.max(0, page) * s, s).stream().map(this::view).toList());
    }

    @Performs(Action.HANDLE_APPLICATIONS)
    @PostMapping("/applications/{id}/review")
    @Operation(summary = "Decide an application under review: {decision: APPROVE|RETURN|REFUSE, reason} (a reason for RETURN and REFUSE, which the citizen reads)")
    Map<String, Object> review(@PathVariable long id, @RequestBody JsonNode body) {
        Applications.Review decision;
        try {
            decision = body.hasNonNull("decision") ? Applications.Review.valueOf(body.get("decision").asString()) : null;
        } catch (IllegalArgumentException e) {
            throw new InvalidStandardValue("decision", "审核结果为 APPROVE、RETURN 或 REFUSE / decision is APPROVE, RETURN or REFUSE");
        }
        return view(applications.review(users.require(), id, decision, body.path("reason").asString(null)));
    }

    private static Application.Channel channel(String value) {
        try {
            Application.Channel c = Application.Channel.valueOf(value);
            if (c == Application.Channel.COUNTER) {
                throw new InvalidStandardValue("channel", "窗口办件由工作人员在窗口页面提交 / counter applications are submitted by staff at the counter page");
            }
            return c;
        } catch (IllegalArgumentException e) {
            throw new InvalidStandardValue("channel", "渠道为 PHONE、PC 或 KIOSK / channel is PHONE, PC or KIOSK");
        }
    }

    private static Application.State state(String value) {
        try {
            return Application.State.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidStandardValue("state", "状态为 SUBMITTED、UNDER_REVIEW、RETURNED、APPROVED 或 REFUSED / no such state");
        }
    }

    static Map<String, Object> summary(ServiceCatalogue.Published p) {
        ServiceDefinition d = p.definition();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", d.code());
        m.put("version", d.version());
        m.put("department", d.department());
        m.put("nameZh", d.nameZh());
        m.put("nameEn", d.nameEn());
        m.put("category", d.category());
        m.put("lifeEvents", d.lifeEvents());
        m.put("legalBasis", d.legalBasis());
        m.put("promisedDays", d.promisedDays());
        m.put("legalDays", d.legalDays());
        m.put("fee", d.fee());
        m.put("publishedAt", p.publishedAt());
        return m;
    }

    Map<String, Object> view(Application a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("number", a.number(time.zone()));
        m.put("service", a.serviceCode());
        m.put("serviceVersion", a.serviceVersion());
        m.put("department", a.department());
        m.put("applicant", a.applicantName());
        m.put("applicantIdNumber", a.maskedIdNumber());
        m.put("channel", a.channel());
        m.put("servedBy", a.servedBy());
        m.put("state", a.state());
        m.put("rule", a.outcomeRule());
        m.put("reasonZh", a.outcomeZh());
        m.put("reasonEn", a.outcomeEn());
        m.put("amount", a.amount());
        m.put("submittedAt", a.submittedAt());
        m.put("promisedBy", a.promisedBy());
        m.put("legalBy", a.legalBy());
        m.put("decidedAt", a.decidedAt());
        m.put("form", a.form());
        return m;
    }
}
