package org.citybrain.platform.pages;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page's model holds: the refused form's reply when a redirect flashed one, else {@link FormReply#NONE}. */
@ControllerAdvice(annotations = Controller.class)
class PageModel {

    @ModelAttribute("reply")
    FormReply reply() {
        // A flashed reply is in the model before this runs, and Spring keeps it: this is only the default.
        return FormReply.NONE;
    }
}
