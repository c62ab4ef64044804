package org.citybrain.health.internal;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Time changes colours too: a quarantine ends, an arrival passes out of the look-back, a manual colour expires. Every
 * few minutes the codes that are not green are evaluated again (there are few of them); a green code cannot turn
 * by time alone.
 */
@Component
class CodeRefresh {

    private final HealthCodeBook book;
    private final ColourEvaluation evaluation;

    CodeRefresh(HealthCodeBook book, ColourEvaluation evaluation) {
        this.book = book;
        this.evaluation = evaluation;
    }

    @Scheduled(fixedDelayString = "${citybrain.health.refresh-every:PT5M}", initialDelayString = "PT1M")
    void refresh() {
        for (long resident : book.notGreen(100_000)) {
            evaluation.reevaluate(resident, null, null);
        }
    }
}
