package org.citybrain.platform;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The role-aware home page: its navigation shows each user what their roles allow (see home.html). */
@Controller
class HomeController {

    @GetMapping("/")
    String home() {
        return "home";
    }
}
