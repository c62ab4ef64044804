package org.citybrain.services.internal;

import java.util.Optional;

import org.citybrain.identity.ResidentRegistry;
import org.citybrain.standards.IdNumber;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The demo's card reader: the card "on the reader" is the one configuration names
 * ({@code citybrain.services.card-on-reader}, an ID number; none by default), read back as the register has it — the
 * name from the population register, as a real chip would carry the person's own. A hall's driver is another
 * {@link IdCardReader} bean marked {@code @Primary}.
 */
@Component
class SimulatedIdCardReader implements IdCardReader {

    private final String card;
    private final ResidentRegistry registry;

    SimulatedIdCardReader(@Value("${citybrain.services.card-on-reader:}") String card, ResidentRegistry registry) {
        this.card = card == null ? "" : card.strip();
        this.registry = registry;
    }

    @Override
    public Optional<Card> read(String desk) {
        if (card.isEmpty() || !IdNumber.isValid(card)) {
            return Optional.empty();
        }
        IdNumber id = IdNumber.parse(card);
        return registry.findByIdNumber(id).map(r -> new Card(r.name(), id.value()));
    }
}
