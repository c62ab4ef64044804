package org.citybrain.identity.internal;

import org.citybrain.identity.SmsGateway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Whether citizens may sign in by SMS code, and through which gateway. Outside the demo the operator chooses: a real
 * gateway (a deployment's {@link SmsGateway} bean) or none ({@code CITYBRAIN_SMS_LOGIN=false}). CityBrain refuses to
 * start with SMS sign-in on and no gateway: the demo's gateway, which shows codes on the page, exists only in the demo.
 */
@Component
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
class SmsSignIn {

    private final boolean enabled;
    private final SmsGateway gateway;

    SmsSignIn(@Value("${citybrain.login.sms.enabled:true}") boolean enabled, ObjectProvider<SmsGateway> gateways) {
        this.enabled = enabled;
        this.gateway = enabled ? gateways.getIfAvailable() : null;
        if (enabled && gateway == null) {
            throw new IllegalStateException("SMS sign-in is on but no SMS gateway is configured: declare the city's SmsGateway bean, "
                    + "or switch SMS sign-in off with CITYBRAIN_SMS_LOGIN=false (the demo's gateway exists only with CITYBRAIN_DEMO=true)");
        }
    }

    boolean enabled() {
        return enabled;
    }

    SmsGateway gateway() {
        return gateway;
    }
}
