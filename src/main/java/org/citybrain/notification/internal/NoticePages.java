package org.citybrain.notification.internal;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.identity.Performs;
import org.citybrain.platform.pages.Paged;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/** The citizen's message box (我的消息) and its API: every notice sent to her, newest first, and whether the SMS went. */
@Controller
@Tag(name = "Notices", description = "A citizen's notices: what happened to her applications and enrollments, and whether the SMS was sent")
class NoticePages {

    private final NoticeBox box;
    private final CurrentUsers users;

    NoticePages(NoticeBox box, CurrentUsers users) {
        this.box = box;
        this.users = users;
    }

    @Performs(Action.READ_OWN_NOTICES)
    @GetMapping("/messages")
    String messages(@RequestParam(defaultValue = "0") int page, Model model) {
        CurrentUser me = users.require(Action.READ_OWN_NOTICES);
        int size = 20;
        model.addAttribute("notices", new Paged<>(box.mine(me, Paged.firstRow(page, size), size), Math.max(0, page), size, box.countMine(me)));
        model.addAttribute("english", "en".equals(LocaleContextHolder.getLocale().getLanguage()));
        return "messages";
    }

    @Performs(Action.READ_OWN_NOTICES)
    @GetMapping("/api/notifications/v1/mine")
    @ResponseBody
    @Operation(summary = "My notices, newest first (page, size): text in both languages, the page it is about, and whether the SMS was sent")
    Map<String, Object> mine(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        CurrentUser me = users.require(Action.READ_OWN_NOTICES);
        int s = Math.clamp(size, 1, 100);
        List<NoticeBox.Stored> notices = box.mine(me, Paged.firstRow(page, s), s);
        return Map.of("total", box.countMine(me), "notices", notices);
    }
}
