package org.citybrain.identity.internal;

import java.util.Arrays;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.identity.Performs;
import org.citybrain.platform.Forbidden;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Refuses, before a handler runs, a caller whose roles none of the handler's {@link Performs} actions allows. A
 * CityBrain handler without {@link Performs} is refused to everyone: a route nobody thought about is closed, not open.
 */
@Configuration(proxyBeanMethods = false)
class ActionInterceptor implements HandlerInterceptor, WebMvcConfigurer {

    private final CurrentUsers users;
    /** Each handler's declaration, looked up once: Spring synthesizes the annotation anew on every lookup. */
    private final java.util.Map<java.lang.reflect.Method, Optional<Performs>> declared = new java.util.concurrent.ConcurrentHashMap<>();

    ActionInterceptor(CurrentUsers users) {
        this.users = users;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method) || !method.getBeanType().getPackageName().startsWith("org.citybrain")
                || org.springframework.boot.webmvc.error.ErrorController.class.isAssignableFrom(method.getBeanType())) {
            // static resources, the framework's own endpoints (secured by URL in SecurityConfiguration), and the error
            // answers (/error), which only ever describe a failure of the request that was forwarded there
            return true;
        }
        Performs performs = declared.computeIfAbsent(method.getMethod(), m -> Optional.ofNullable(method.getMethodAnnotation(Performs.class))).orElse(null);
        if (performs == null) {
            throw new Forbidden("role", "该功能未声明权限 / this route declares no permission");
        }
        if (Arrays.stream(performs.value()).anyMatch(Action::isPublic)) {
            return true;
        }
        Optional<CurrentUser> user = users.current();
        if (user.isEmpty()) {
            throw new AuthenticationCredentialsNotFoundException("not signed in");
        }
        if (Arrays.stream(performs.value()).noneMatch(a -> a.allows(user.get().roles()))) {
            performs.value()[0].demand(user.get());
        }
        return true;
    }
}
