package org.citybrain.identity.internal;

import org.citybrain.identity.SmsGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Fallback;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.citybrain.standards.MobileNumber;

/**
 * The demo SMS gateway: it sends nothing, logs that a code was issued and lets the login page show the code,
 * because an evaluation machine has no SMS operator. A deployment replaces it by declaring its own
 * {@link SmsGateway} bean. It is a demo device and says so on the page.
 */
@Configuration(proxyBeanMethods = false)
class SmsGatewayConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SmsGatewayConfiguration.class);

    @Bean
    @Fallback // a deployment's own SmsGateway bean wins
    @org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty("citybrain.demo.enabled") // never outside the demo
    SmsGateway demoSmsGateway() {
        return new SmsGateway() {
            @Override
            public String send(String mobile, String code) {
                log.info("demo SMS gateway: login code issued to {}", new MobileNumber(mobile).masked());
                return "演示短信网关（未真实发送）：验证码 " + code + " / demo SMS gateway (nothing sent): code " + code;
            }

            @Override
            public String sendNotice(String mobile, String text) {
                log.info("demo SMS gateway: notice to {} ({} characters), nothing sent", new MobileNumber(mobile).masked(), text.length());
                return "demo-" + java.util.UUID.randomUUID();
            }
        };
    }
}
