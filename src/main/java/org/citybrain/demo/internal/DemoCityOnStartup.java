package org.citybrain.demo.internal;

import org.citybrain.demo.DemoCity;
import org.citybrain.demo.DemoCitySpec;
import org.citybrain.demo.GenerateCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On the first start of a demo installation, generates the demo city in one transaction: either the whole
 * city is there afterwards or nothing is. Later starts find it and reuse it.
 */
@Component
@Profile("!" + GenerateCommand.PROFILE)
@ConditionalOnProperty(name = "citybrain.demo.enabled", havingValue = "true")
@Order(0)
class DemoCityOnStartup implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoCityOnStartup.class);

    private final DemoCity demo;
    private final TransactionTemplate transaction;
    private final long seed;
    private final long residents;

    DemoCityOnStartup(DemoCity demo, TransactionTemplate transaction, @Value("${citybrain.demo.seed}") long seed,
                      @Value("${citybrain.demo.residents}") long residents) {
        this.demo = demo;
        this.transaction = transaction;
        this.seed = seed;
        this.residents = residents;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (demo.exists()) {
            log.info("demo city found in the database: reusing it");
            return;
        }
        if (demo.cityHasData()) {
            log.warn("the database holds city data that is not a complete demo city: no demo city is generated");
            return;
        }
        DemoCity.Result result = transaction.execute(status -> demo.generate(new DemoCitySpec(seed, residents), n -> { }));
        log.info("demo city generated: {} places, {} residents, {} rows in {} ms ({} rows/s)", result.places(), result.residents(),
                result.rows(), result.took().toMillis(), Math.round(result.rowsPerSecond()));
    }
}
