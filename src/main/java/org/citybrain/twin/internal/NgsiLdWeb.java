package org.citybrain.twin.internal;

import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.UrlHandlerFilter;

/**
 * URLs as NGSI-LD clients write them. GS CIM 009's resource names end in a slash ({@code /ngsi-ld/v1/entities/},
 * {@code /subscriptions/}): Spring's own {@link UrlHandlerFilter} serves them as the same resource, before security
 * so that its rules see the path the handlers see. An expanded type or attribute name in a path
 * ({@code /types/https%3A%2F%2Furi.etsi.org%2F...}) carries encoded slashes: Tomcat passes them through undecoded,
 * so the path variable, not the path, holds the slash. And a query parameter the API does not know is refused
 * ({@link KnownParameters}): a client asking for something the broker would silently not do must learn it.
 */
@Configuration(proxyBeanMethods = false)
class NgsiLdWeb implements org.springframework.web.servlet.config.annotation.WebMvcConfigurer {

    @Bean
    FilterRegistrationBean<UrlHandlerFilter> ngsiLdTrailingSlash() {
        FilterRegistrationBean<UrlHandlerFilter> r = new FilterRegistrationBean<>(
                UrlHandlerFilter.trailingSlashHandler("/ngsi-ld/**").wrapRequest().build());
        r.setOrder(Ordered.HIGHEST_PRECEDENCE);
        r.addUrlPatterns("/ngsi-ld/*");
        return r;
    }

    @Override
    public void addInterceptors(org.springframework.web.servlet.config.annotation.InterceptorRegistry registry) {
        registry.addInterceptor(new KnownParameters()).addPathPatterns("/ngsi-ld/v1/**");
    }

    @Bean
    org.springframework.boot.web.server.WebServerFactoryCustomizer<org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory> encodedSlashesPassThrough() {
        return factory -> factory.addConnectorCustomizers(connector -> connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue()));
    }
}
