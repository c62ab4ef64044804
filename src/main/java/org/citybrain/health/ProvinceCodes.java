package org.citybrain.health;

import java.util.Collection;
import java.util.Map;

/**
 * The codes the province gives people who are not residents of this city (the province's health-code registry, as
 * the data hub keeps it current): what a checkpoint or a venue goes by for a traveller this city has no code for.
 */
public interface ProvinceCodes {

    /**
     * A traveller's code as the province last gave it: the colour, when it changed (as the province wrote it), who gave
     * it, and whether the registry is current (loaded within {@code citybrain.health.province-codes-max-age}): a colour
     * from a registry that stopped arriving is not one to let someone through on.
     */
    record ProvinceCode(CodeColour colour, String changedAt, String issuer, boolean current) {
    }

    /** The province's codes of these ID numbers; numbers the province does not know are absent. */
    Map<String, ProvinceCode> of(Collection<String> idNumbers);
}
