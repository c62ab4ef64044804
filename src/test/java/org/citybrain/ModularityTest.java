package org.citybrain;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

/** The modules stay modules: no cycles, no reaching into another module's internals. */
class ModularityTest {

    private final ApplicationModules modules = ApplicationModules.of(CityBrainApplication.class);

    @Test
    void modulesRespectTheirBoundaries() {
        modules.verify();
    }

    @Test
    void everyCapabilityIsAModule() {
        assertThat(modules.stream().map(m -> m.getIdentifier().toString()))
                .contains("standards", "platform", "identity", "audit", "city", "population", "command", "demo");
    }

    @Test
    void writesModuleDiagrams() {
        // The diagrams land in target/spring-modulith-docs; docs/architecture.md describes the same structure.
        new Documenter(modules).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
    }
}
