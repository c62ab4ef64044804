package org.citybrain.services.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.stereotype.Component;

/** The demo's bank: accepts every order at once, its reference derived from the order, so a retried order gets the same one. */
@Component
@ConditionalOnMissingBean(value = Bank.class, ignored = SimulatedBank.class)
class SimulatedBank implements Bank {

    @Override
    public String pay(Order order) {
        if (order.amount().signum() <= 0) {
            throw new IllegalArgumentException("金额应大于零 / the amount must be positive");
        }
        return "SIMBANK-" + String.format("%012d", order.id());
    }
}
