package org.citybrain.services.internal;

import java.math.BigDecimal;

/**
 * The bank a department pays through (the provident fund centre's entrusted bank): a payment order goes out, the
 * bank confirms it with its reference. A city provides its bank's interface as a bean of this type; without one
 * the simulated bank ({@link SimulatedBank}) confirms every order.
 */
interface Bank {

    record Order(long id, String payer, String payeeName, String payeeAccount, BigDecimal amount, String purpose) {
    }

    /** The bank's reference once it accepted the order; a refusal throws with the bank's reason. */
    String pay(Order order);
}
