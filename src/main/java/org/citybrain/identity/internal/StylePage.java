package org.citybrain.identity.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.citybrain.identity.Action;
import org.citybrain.identity.Performs;
import org.citybrain.platform.pages.FormReply;
import org.citybrain.platform.pages.Paged;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The living style page: every component of the design system (templates/ui.html) rendered with an example, so a
 * new page is assembled by copying from here (docs/ui.md). It uses the real fragments, so it cannot drift from them.
 */
@Controller
class StylePage {

    /** A row of the example table. */
    record Example(String name, String community, Instant at, String colour) {
    }

    @Performs(Action.VIEW_HOME)
    @GetMapping("/ui")
    String components(Model model) {
        Instant now = Instant.now();
        // A refused form as a page gets it back: the summary, the message at the field, the typed value kept.
        model.addAttribute("reply", new FormReply("example", Map.of("temperature", "三十七", "symptoms", "咳嗽"),
                List.of(new FormReply.Problem("temperature", "体温应为数字，如 36.5"))));
        model.addAttribute("rows", new Paged<>(List.of(
                new Example("张*明", "410105001001", now.minus(Duration.ofMinutes(20)), "GREEN"),
                new Example("李*华", "410105001002", now.minus(Duration.ofDays(1)), "YELLOW"),
                new Example("王*", "410103001001", now.minus(Duration.ofDays(40)), "RED")), 0, 3, 57));
        model.addAttribute("noRows", new Paged<>(List.of(), 0, 20, 0));
        model.addAttribute("now", now);
        model.addAttribute("notice", "已保存。/ Saved.");
        return "ui-style";
    }
}
