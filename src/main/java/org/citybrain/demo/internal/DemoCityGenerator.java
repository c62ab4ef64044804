package org.citybrain.demo.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.citybrain.city.CityMap;
import org.citybrain.city.PlaceLoader;
import org.citybrain.demo.DemoCity;
import org.citybrain.demo.DemoCitySpec;
import org.citybrain.identity.Organisation;
import org.citybrain.identity.ResidentRegistry;
import org.citybrain.population.PopulationLoader;
import org.citybrain.health.RiskAreaDeclarations;
import org.citybrain.scanpoint.ScanDevices;
import org.citybrain.standards.DivisionCode;
import org.citybrain.standards.IdNumber;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Generates a whole demo city and records that it is complete (a city without that record is half-written). */
@Service
class DemoCityGenerator implements DemoCity {

    private final PlaceLoader places;
    private final PopulationLoader population;
    private final CityMap city;
    private final Organisation organisation;
    private final ResidentRegistry residents;
    private final JdbcClient jdbc;
    private final ScanDevices scanDevices;
    private final RiskAreaDeclarations riskAreas;
    private final DemoDeviceSecrets deviceSecrets;

    /** The demo's risk areas: Hebi's Heshan district (medium) and Luohe's Yuanhui district (high), both in Henan. */
    static final String MEDIUM_RISK_AREA = "410602";
    static final String HIGH_RISK_AREA = "411102";

    DemoCityGenerator(PlaceLoader places, PopulationLoader population, CityMap city, Organisation organisation, ResidentRegistry residents, JdbcClient jdbc,
                      ScanDevices scanDevices, RiskAreaDeclarations riskAreas, DemoDeviceSecrets deviceSecrets) {
        this.deviceSecrets = deviceSecrets;
        this.scanDevices = scanDevices;
        this.riskAreas = riskAreas;
        this.places = places;
        this.population = population;
        this.city = city;
        this.organisation = organisation;
        this.residents = residents;
        this.jdbc = jdbc;
    }

    @Override
    public Result generate(DemoCitySpec spec, java.util.function.LongConsumer rowsWritten) {
        Instant start = Instant.now();
        long[] rows = {0};
        Progress progress = n -> {
            rows[0] += n;
            rowsWritten.accept(n);
        };
        CityGenerator.GeneratedCity generated = new CityGenerator(spec.seed(), spec.residents(), places, progress).generate();
        List<IdNumber> named = new PopulationGenerator(spec.seed(), population, progress).generate(spec.residents(), generated);
        deviceSecrets.write(new DemoOrganisation(organisation, city, residents).create(named, scanDevices));
        // Two risk areas outside the city, so that checkpoint arrivals from them turn codes yellow and red in the demo. In
        // the demo's story they were declared two weeks ago: the railway's list of yesterday's passengers, loaded on the
        // first start, falls within them whatever the hour of that start.
        Instant declared = start.minus(Duration.ofDays(14));
        riskAreas.declare(new DivisionCode(MEDIUM_RISK_AREA), "鹤壁市鹤山区（演示）", false, declared, null, "demo");
        riskAreas.declare(new DivisionCode(HIGH_RISK_AREA), "漯河市源汇区（演示）", true, declared, null, "demo");
        Duration took = Duration.between(start, Instant.now());
        jdbc.sql("insert into demo_city(id, seed, residents, place_rows, generated_at, millis) values (1, ?, ?, ?, ?, ?)")
                .params(spec.seed(), spec.residents(), generated.placeCount(), java.sql.Timestamp.from(Instant.now()), took.toMillis()).update();
        return new Result(generated.placeCount(), spec.residents(), rows[0], took, named.stream().map(IdNumber::value).toList());
    }

    @Override
    public boolean exists() {
        return jdbc.sql("select count(*) from demo_city").query(Long.class).single() > 0;
    }

    @Override
    public boolean cityHasData() {
        return city.count() > 0;
    }
}
