package org.citybrain.identity.internal;

import org.citybrain.identity.Action;
import org.citybrain.identity.Performs;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The role-aware home page: its navigation shows each user what their roles allow (see home.html). */
@Controller
class HomePage {

    @Performs(Action.VIEW_HOME)
    @GetMapping("/")
    String home() {
        return "home";
    }
}
