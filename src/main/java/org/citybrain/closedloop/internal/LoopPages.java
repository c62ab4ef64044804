package org.citybrain.closedloop.internal;

import org.citybrain.identity.Action;
import org.citybrain.identity.Performs;

import java.util.List;

import org.citybrain.identity.CurrentUsers;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Pages for community, street and district staff: open loops by kind and age; closing a task; one person's chain. */
@Controller
class LoopPages {

    private final ClosingFollowUps closing;
    private final PersonChain chains;
    private final CurrentUsers users;

    LoopPages(ClosingFollowUps closing, PersonChain chains, CurrentUsers users) {
        this.closing = closing;
        this.chains = chains;
        this.users = users;
    }

    @Performs(Action.READ_FOLLOW_UP_TASKS)
    @GetMapping("/loops")
    String loops(@org.springframework.web.bind.annotation.RequestParam(defaultValue = "0") int page, Model model) {
        org.citybrain.identity.CurrentUser user = users.require();
        List<ClosingFollowUps.TaskView> open = closing.openTasks(user);
        model.addAttribute("tasks", org.citybrain.platform.pages.Paged.of(open, page, 20));
        model.addAttribute("mayClose", Action.CLOSE_FOLLOW_UP_TASK.allows(user.roles()));
        model.addAttribute("byKind", ClosingFollowUps.countBy(open, v -> v.task().kind().name()));
        model.addAttribute("byAge", ClosingFollowUps.countBy(open, ClosingFollowUps.TaskView::ageBucket));
        model.addAttribute("byLevel", ClosingFollowUps.countBy(open, v -> v.task().level()));
        model.addAttribute("jurisdiction", users.require().jurisdiction().division().value());
        return "loops";
    }

    @Performs(Action.CLOSE_FOLLOW_UP_TASK)
    @PostMapping("/loops/{taskId}/close")
    String close(@PathVariable long taskId, @RequestParam(required = false) String result, @RequestParam(required = false) String note,
                 jakarta.servlet.http.HttpServletRequest request, RedirectAttributes redirect) {
        try {
            closing.close(users.require(), taskId, result, note);
            redirect.addFlashAttribute("notice", "en".equals(LocaleContextHolder.getLocale().getLanguage()) ? "Task closed." : "任务已办结。");
        } catch (InvalidStandardValue e) {
            org.citybrain.platform.pages.FormReply.flash(redirect, "close-" + taskId, request, e, java.util.Map.of());
        }
        return "redirect:/loops";
    }

    @Performs(Action.READ_PERSON_CHAIN)
    @GetMapping("/loops/people/{residentId}")
    String person(@PathVariable long residentId, Model model) {
        PersonChain.Chain chain = chains.of(residentId);
        java.util.Map<String, List<org.citybrain.scanpoint.Passage>> parts = new java.util.LinkedHashMap<>();
        parts.put("checkpoints", chain.checkpoints());
        parts.put("gates", chain.gates());
        parts.put("entrances", chain.entrances());
        parts.put("venues", chain.venues());
        model.addAttribute("chain", chain);
        model.addAttribute("readsHealth", Action.READ_RESIDENT_HEALTH.allows(users.require().roles()));
        model.addAttribute("parts", parts);
        return "loop-person";
    }

}
