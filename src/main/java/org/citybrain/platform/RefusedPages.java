package org.citybrain.platform;

import jakarta.servlet.http.HttpServletResponse;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * A refused request on a page (someone outside the reader's jurisdiction, no such thing, a bad value) is shown as
 * the "refused" page with the reason and the right status. REST controllers answer problem details instead
 * ({@link ProblemAnswers} comes first for them).
 */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class RefusedPages {

    @ExceptionHandler({Forbidden.class, NotFound.class, Conflict.class, InvalidStandardValue.class})
    String refused(RuntimeException e, Model model, jakarta.servlet.http.HttpServletRequest request, HttpServletResponse response) {
        response.setStatus(e instanceof Forbidden ? 403 : e instanceof NotFound ? 404 : e instanceof Conflict ? 409 : 400);
        model.addAttribute("message", e.getMessage());
        model.addAttribute("back", org.citybrain.platform.pages.PageLinks.cameFrom(request));
        return "refused";
    }
}
