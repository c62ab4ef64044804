package org.citybrain.platform;

import java.time.Duration;
import java.util.Locale;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;

/** Chinese first: the UI speaks zh-CN unless the user picks English (?lang=en, remembered in a cookie). */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("citybrain-lang");
        resolver.setDefaultLocale(Locale.SIMPLIFIED_CHINESE);
        resolver.setCookieMaxAge(Duration.ofDays(365));
        return resolver;
    }

    /** The languages CityBrain speaks; ?lang= with anything else (a NUL, a typo) keeps the current language. */
    static final java.util.Map<String, Locale> LANGUAGES = java.util.Map.of("zh", Locale.SIMPLIFIED_CHINESE, "zh-cn", Locale.SIMPLIFIED_CHINESE,
            "zh_cn", Locale.SIMPLIFIED_CHINESE, "en", Locale.ENGLISH);

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new org.springframework.web.servlet.HandlerInterceptor() {
            @Override
            public boolean preHandle(jakarta.servlet.http.HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response, Object handler) {
                String lang = request.getParameter("lang");
                Locale chosen = lang == null ? null : LANGUAGES.get(lang.trim().toLowerCase(Locale.ROOT));
                if (chosen != null) {
                    LocaleResolver resolver = org.springframework.web.servlet.support.RequestContextUtils.getLocaleResolver(request);
                    if (resolver != null) {
                        resolver.setLocale(request, response, chosen);
                    }
                }
                // ?view=large switches on large text and high contrast (适老化), ?view=standard off; remembered a year.
                String view = request.getParameter("view");
                if ("large".equals(view) || "standard".equals(view)) {
                    jakarta.servlet.http.Cookie c = new jakarta.servlet.http.Cookie(org.citybrain.platform.pages.PageLinks.VIEW_COOKIE, view);
                    c.setPath("/");
                    c.setMaxAge((int) Duration.ofDays(365).toSeconds());
                    c.setHttpOnly(true);
                    c.setAttribute("SameSite", "Lax");
                    response.addCookie(c);
                    request.setAttribute(org.citybrain.platform.pages.PageLinks.VIEW_ATTRIBUTE, view);
                }
                return true;
            }
        });
    }

    /** Spring MVC's request mapping, finding each request's handler among the routes of its path's prefix (see RoutesByPrefix). */
    @Bean
    org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations routesByPrefix() {
        return new org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations() {
            @Override
            public org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
                return new RoutesByPrefix();
            }
        };
    }

    @Bean
    OpenAPI cityBrainOpenApi() {
        return new OpenAPI().info(new Info().title("CityBrain 城市大脑 API").version("0.1")
                .description("The city's data operating system. Personal data endpoints are scoped to the caller's jurisdiction and audited.")
                .license(new License().name("Apache-2.0")));
    }
}
