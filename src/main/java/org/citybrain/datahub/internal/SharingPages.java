package org.citybrain.datahub.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.citybrain.city.Divisions;
import org.citybrain.datahub.RegionExchange;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.identity.Performs;
import org.citybrain.platform.RefusedRequest;
import org.citybrain.platform.pages.FormReply;
import org.citybrain.platform.pages.Paged;
import org.citybrain.standards.DivisionCode;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pages of sharing, for both sides: a dataset's application form (on its catalogue page), the applications a
 * department filed and those waiting on it as owner, an application with the owner's decision form, its grant, the
 * consumer's client credential and the grant's exchange log with its verification; the peer regions, with the
 * bureau's form to trust one and the staff's form to ask one for a traveller's code status. Each calls the same
 * activities as the API.
 */
@Controller
class SharingPages {

    static final int PAGE = 20;

    /** An application as its list and page show it: the figures a template cannot compute from package-private records. */
    record Row(Sharing.Application a, String title, boolean overdue, String rows) {
    }

    /** A division to choose by name. */
    record Choice(String code, String label) {
    }

    private final Sharing sharing;
    private final Catalogue catalogue;
    private final ExchangeLog log;
    private final PeerRegions peers;
    private final PeerExchange exchange;
    private final Divisions divisions;
    private final CurrentUsers users;
    private final MessageSource messages;
    private final JsonMapper json;

    SharingPages(Sharing sharing, Catalogue catalogue, ExchangeLog log, PeerRegions peers, PeerExchange exchange, Divisions divisions, CurrentUsers users,
                 MessageSource messages, JsonMapper json) {
        this.sharing = sharing;
        this.catalogue = catalogue;
        this.log = log;
        this.peers = peers;
        this.exchange = exchange;
        this.divisions = divisions;
        this.users = users;
        this.messages = messages;
        this.json = json;
    }

    // ---- applying, on the dataset's page ----

    @Performs(Action.READ_CATALOGUE)
    @GetMapping("/datahub/catalogue/{id}")
    String entry(@PathVariable String id, Model model) {
        CurrentUser user = users.require();
        Catalogue.Entry entry = catalogue.require(user, id);
        model.addAttribute("entry", entry);
        boolean mayApply = Action.APPLY_FOR_DATA.allows(user.roles()) && sharing.served(entry)
                && entry.sharingClass() != Catalogue.SharingClass.NOT_SHARED && !entry.ownerUnit().equals(user.unitName());
        model.addAttribute("mayApply", mayApply);
        if (mayApply) {
            model.addAttribute("rowChoices", rowChoices(user.jurisdiction().division(), true));
            Map<String, String> options = new LinkedHashMap<>();
            entry.fields().forEach(f -> options.put(f.name(), english() ? f.name() : f.label() + (f.personal() ? "（个人信息）" : "")));
            model.addAttribute("fieldOptions", options);
            model.addAttribute("formKey", UUID.randomUUID().toString());
        }
        return "datahub-dataset";
    }

    @Performs(Action.APPLY_FOR_DATA)
    @PostMapping("/datahub/catalogue/{id}/apply")
    String apply(@PathVariable String id, @RequestParam(required = false) String purpose, @RequestParam(required = false) String basis,
                 @RequestParam(required = false) List<String> fields, @RequestParam(required = false) String divisionCode,
                 @RequestParam(required = false) String months, @RequestParam(required = false) String formKey, HttpServletRequest request,
                 RedirectAttributes redirect) {
        try {
            Integer m = months == null || months.isBlank() ? null : parseMonths(months);
            Sharing.Application a = sharing.apply(users.require(), new Sharing.Request(id, purpose, basis, fields, blankToNull(divisionCode), m), formKey);
            notice(redirect, a.status() == Sharing.Status.GRANTED ? "share.grantedAtOnce" : "share.applied");
            return "redirect:/datahub/sharing/" + a.id();
        } catch (InvalidStandardValue e) {
            FormReply.flash(redirect, "apply", request, e.all(), Map.of("divisionCode", "divisionCode"));
            return "redirect:/datahub/catalogue/" + id + "#apply";
        }
    }

    // ---- the lists ----

    @Performs(Action.READ_SHARING)
    @GetMapping("/datahub/sharing")
    String sharing(@RequestParam(defaultValue = "applicant") String as, @RequestParam(defaultValue = "0") int page, Model model) {
        CurrentUser user = users.require();
        Action.READ_SHARING.demand(user);
        boolean all = Sharing.seesAll(user);
        boolean asApplicant = !"owner".equals(as);
        String unit = all ? null : user.unitName();
        long total = sharing.count(unit, asApplicant);
        List<Row> rows = sharing.list(unit, asApplicant, Paged.firstRow(page, PAGE), PAGE).stream().map(this::row).toList();
        model.addAttribute("applications", new Paged<>(rows, page, PAGE, total));
        model.addAttribute("as", all ? "all" : asApplicant ? "applicant" : "owner");
        return "datahub-sharing";
    }

    // ---- one application ----

    @Performs(Action.READ_SHARING)
    @GetMapping("/datahub/sharing/{id}")
    String application(@PathVariable long id, @RequestParam(defaultValue = "0") int page, Model model) {
        CurrentUser user = users.require();
        Sharing.Application a = sharing.read(user, id);
        model.addAttribute("row", row(a));
        Catalogue.Entry entry = catalogue.entry(a.datasetId()).orElse(null);
        Map<String, String> labels = new LinkedHashMap<>();
        if (entry != null) {
            entry.fields().forEach(f -> labels.put(f.name(), english() ? f.name() : f.label()));
        }
        model.addAttribute("labels", labels);
        Map<String, String> asked = new LinkedHashMap<>();
        a.fields().forEach(f -> asked.put(f, labels.getOrDefault(f, f)));
        model.addAttribute("askedOptions", asked);
        boolean owner = a.ownerUnit().equals(user.unitName()) || user.has(org.citybrain.identity.Role.DATA_BUREAU_ADMIN);
        model.addAttribute("mayDecide", a.status() == Sharing.Status.PENDING && owner && Action.DECIDE_DATA_APPLICATION.allows(user.roles()));
        model.addAttribute("narrowChoices", rowChoices(a.divisionCode() == null ? user.jurisdiction().division() : new DivisionCode(a.divisionCode()),
                a.divisionCode() == null));
        sharing.grant(id).ifPresent(g -> {
            Instant now = Instant.now();
            model.addAttribute("grant", g);
            model.addAttribute("grantState", g.state(now).name());
            model.addAttribute("grantRows", rowsLabel(g.divisionCode()));
            model.addAttribute("mayRevoke", g.state(now) == Sharing.GrantState.ACTIVE && owner && Action.REVOKE_GRANT.allows(user.roles()));
            model.addAttribute("mayTakeCredential", g.state(now) == Sharing.GrantState.ACTIVE && g.consumerUnit().equals(user.unitName())
                    && Action.ISSUE_CLIENT_CREDENTIAL.allows(user.roles()));
            if (Action.READ_EXCHANGE_LOG.allows(user.roles())) {
                model.addAttribute("receipts", new Paged<>(log.ofChain(g.chain(), Paged.firstRow(page, PAGE), PAGE), page, PAGE, log.countOfChain(g.chain())));
                model.addAttribute("verification", log.verifyChain(g.chain()));
            }
        });
        return "datahub-application";
    }

    @Performs(Action.DECIDE_DATA_APPLICATION)
    @PostMapping("/datahub/sharing/{id}/decision")
    String decide(@PathVariable long id, @RequestParam(required = false) String decision, @RequestParam(required = false) List<String> fields,
                  @RequestParam(required = false) String divisionCode, @RequestParam(required = false) String perMinute,
                  @RequestParam(required = false) String reason, HttpServletRequest request, RedirectAttributes redirect) {
        try {
            Integer rate = perMinute == null || perMinute.isBlank() ? null : parsePositive("perMinute", perMinute);
            boolean grant = "grant".equals(decision);
            sharing.decide(users.require(), id, new Sharing.Decision(grant, fields, blankToNull(divisionCode), rate, reason));
            notice(redirect, grant ? "share.granted" : "share.refused");
        } catch (InvalidStandardValue e) {
            FormReply.flash(redirect, "decide", request, e.all(), Map.of());
        } catch (RefusedRequest e) {
            redirect.addFlashAttribute("notice", say(e.getMessage()));
        }
        return "redirect:/datahub/sharing/" + id;
    }

    @Performs(Action.ISSUE_CLIENT_CREDENTIAL)
    @PostMapping("/datahub/sharing/{id}/credential")
    String credential(@PathVariable long id, RedirectAttributes redirect) {
        String secret = sharing.issueSecret(users.require(), id);
        // shown on the next page only, never stored in the clear
        redirect.addFlashAttribute("secret", secret);
        return "redirect:/datahub/sharing/" + id + "#credential";
    }

    @Performs(Action.REVOKE_GRANT)
    @PostMapping("/datahub/sharing/{id}/revocation")
    String revoke(@PathVariable long id, @RequestParam(required = false) String reason, HttpServletRequest request, RedirectAttributes redirect) {
        try {
            sharing.revoke(users.require(), id, reason);
            notice(redirect, "share.revoked");
        } catch (InvalidStandardValue e) {
            FormReply.flash(redirect, "revoke", request, e, Map.of());
        } catch (RefusedRequest e) {
            redirect.addFlashAttribute("notice", say(e.getMessage()));
        }
        return "redirect:/datahub/sharing/" + id;
    }

    // ---- the exchange log ----

    /** The chains the reader is a party to (the bureau and auditors: all), each verified on request; one chain's receipts. */
    @Performs(Action.READ_EXCHANGE_LOG)
    @GetMapping("/datahub/exchange")
    String exchangeLog(@RequestParam(required = false) String chain, @RequestParam(defaultValue = "0") int page, Model model) {
        CurrentUser user = users.require();
        String unit = Sharing.seesAll(user) ? null : user.unitName();
        model.addAttribute("chains", new Paged<>(log.chains(unit, Paged.firstRow(chain == null ? page : 0, PAGE), PAGE), chain == null ? page : 0, PAGE,
                log.countChains(unit)));
        if (chain != null) {
            if (unit != null && !log.isParty(chain, unit)) {
                throw new org.citybrain.platform.Forbidden("chain", "您的部门不是该交换的一方 / your department is not a party to this exchange");
            }
            model.addAttribute("chain", chain);
            model.addAttribute("receipts", new Paged<>(log.ofChain(chain, Paged.firstRow(page, PAGE), PAGE), page, PAGE, log.countOfChain(chain)));
            ExchangeLog.Check check;
            if (chain.startsWith("peer:") && !chain.startsWith("peer:" + peers.ownCode() + "-")) {
                // another region's receipts to us: checked against that region's keys
                String provider = chain.substring(5, chain.indexOf('-'));
                check = peers.find(provider).map(p -> log.verifyConsumed(chain, p.keys()))
                        .orElse(new ExchangeLog.Check(false, 0, null, "该城市已不在互信列表中 / that region is no longer trusted"));
            } else {
                check = log.verifyChain(chain);
            }
            model.addAttribute("verification", check);
        }
        return "datahub-exchange";
    }

    // ---- peer regions ----

    @Performs({Action.MANAGE_PEER_REGIONS, Action.ASK_PEER_REGION})
    @GetMapping("/datahub/peers")
    String peers(Model model) {
        CurrentUser user = users.require();
        model.addAttribute("peers", peers.all().stream().map(PeerApi::view).toList());
        model.addAttribute("ownCode", peers.ownCode());
        model.addAttribute("ownName", peers.ownName());
        model.addAttribute("mayManage", Action.MANAGE_PEER_REGIONS.allows(user.roles()));
        model.addAttribute("mayAsk", Action.ASK_PEER_REGION.allows(user.roles()));
        return "datahub-peers";
    }

    @Performs(Action.MANAGE_PEER_REGIONS)
    @PostMapping("/datahub/peers")
    String addPeer(@RequestParam(required = false) String region, @RequestParam(required = false) String name, @RequestParam(required = false) String baseUrl,
                   @RequestParam(required = false) String jwks, HttpServletRequest request, RedirectAttributes redirect) {
        try {
            Divisions.Division d = divisions.resolve("region", region, Divisions.Scope.NATIONAL);
            peers.add(users.require(), d.code(), new PeerRegions.Definition(name, baseUrl, jwks), json);
            notice(redirect, "peer.added.notice");
        } catch (InvalidStandardValue e) {
            FormReply.flash(redirect, "add-peer", request, e, Map.of("id", "region"));
        }
        return "redirect:/datahub/peers";
    }

    @Performs(Action.ASK_PEER_REGION)
    @PostMapping("/datahub/peers/ask")
    String ask(@RequestParam(required = false) String peer, @RequestParam(required = false) String idNumber, @RequestParam(required = false) String issue,
               HttpServletRequest request, RedirectAttributes redirect) {
        try {
            if (peer == null || peer.isBlank()) {
                throw new InvalidStandardValue("peer", "请选择城市 / choose a region");
            }
            org.citybrain.standards.IdNumber id;
            try {
                id = org.citybrain.standards.IdNumber.parse(idNumber == null ? "" : idNumber);
            } catch (InvalidStandardValue e) {
                throw new InvalidStandardValue("idNumber", e.getMessage());
            }
            RegionExchange.Asked asked = exchange.ask(users.require(), peer, "health-code-status", json.createObjectNode().put("idNumber", id.value()), issue,
                    english() ? "Mutual recognition of a traveller's health code" : "旅客健康码互认");
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("peer", peers.require(peer).name());
            shown.put("idNumber", asked.answer().path("idNumber").asString());
            shown.put("known", asked.answer().path("known").asBoolean());
            shown.put("colour", asked.answer().path("colour").asString(""));
            shown.put("receiptSeq", asked.receiptSeq());
            redirect.addFlashAttribute("asked", shown);
        } catch (InvalidStandardValue e) {
            FormReply.flash(redirect, "ask", request, e, Map.of());
        } catch (PeerExchange.PeerUnavailable | RefusedRequest e) {
            redirect.addFlashAttribute("notice", say(e.getMessage()));
        }
        return "redirect:/datahub/peers";
    }

    // ---- helpers ----

    private Row row(Sharing.Application a) {
        String title = catalogue.entry(a.datasetId()).map(e -> english() ? e.titleEn() : e.titleZh()).orElse(a.datasetId());
        return new Row(a, title, a.overdue(Instant.now()), rowsLabel(a.divisionCode()));
    }

    private String rowsLabel(String divisionCode) {
        if (divisionCode == null) {
            return messages.getMessage("share.wholeCity", null, LocaleContextHolder.getLocale());
        }
        return divisions.byCode(divisionCode).map(Divisions.Division::label).orElse(divisionCode);
    }

    /** The rows a form offers by name: the division itself (or the whole city) and the divisions directly inside it. */
    private List<Choice> rowChoices(DivisionCode within, boolean wholeCity) {
        List<Choice> out = new ArrayList<>();
        if (within == null || wholeCity && (within.level() == DivisionCode.Level.CITY || within.level() == DivisionCode.Level.PROVINCE)) {
            out.add(new Choice("", messages.getMessage("share.wholeCity", null, LocaleContextHolder.getLocale())));
        }
        if (within != null) {
            if (!(wholeCity && (within.level() == DivisionCode.Level.CITY || within.level() == DivisionCode.Level.PROVINCE))) {
                out.add(new Choice(within.value(), rowsLabel(within.value())));
            }
            divisions.children(within.value()).forEach(d -> out.add(new Choice(d.code(), d.label())));
        }
        return out;
    }

    private static Integer parseMonths(String months) {
        try {
            return Integer.parseInt(months.strip());
        } catch (NumberFormatException e) {
            throw new InvalidStandardValue("months", "期限为1至36个月 / 1 to 36 months");
        }
    }

    private static Integer parsePositive(String field, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidStandardValue(field, "请填写整数 / a whole number");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private void notice(RedirectAttributes redirect, String key) {
        redirect.addFlashAttribute("notice", messages.getMessage(key, null, LocaleContextHolder.getLocale()));
    }

    private static String say(String bilingual) {
        return org.citybrain.platform.pages.InLanguage.of(bilingual, LocaleContextHolder.getLocale());
    }

    private static boolean english() {
        return "en".equals(LocaleContextHolder.getLocale().getLanguage());
    }
}
