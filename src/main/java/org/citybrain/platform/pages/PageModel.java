package org.citybrain.platform.pages;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.view.RedirectView;

/**
 * What every page's model holds: the refused form's reply when a redirect flashed one, else {@link FormReply#NONE}.
 *
 * <p>Added after the handler, to the pages it rendered, not as a {@code @ModelAttribute} of a controller advice: an
 * advice for {@code @Controller} applies to every {@code @RestController} too (the annotation is meta-present), and
 * Spring decides that and runs the advice on each API request — 5 % of the node's CPU samples in the enrollment rush, for an
 * attribute no API answer has.
 */
@Configuration(proxyBeanMethods = false)
class PageModel implements HandlerInterceptor, WebMvcConfigurer {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler, ModelAndView page) {
        // a flashed reply is in the model already and stays; a redirect carries nothing of it in its address
        if (page != null && !page.getModel().containsKey("reply") && !(page.getView() instanceof RedirectView)
                && !(page.getViewName() != null && page.getViewName().startsWith("redirect:"))) {
            page.addObject("reply", FormReply.NONE);
        }
    }
}
