package org.citybrain.flood.internal;

import java.io.StringReader;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.citybrain.city.CityMap;
import org.citybrain.city.PlaceKind;
import org.citybrain.flood.swmm.DesignStorm;
import org.citybrain.flood.swmm.InpError;
import org.citybrain.flood.swmm.InpFile;
import org.citybrain.flood.swmm.NetworkCheck;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.platform.Conflict;
import org.citybrain.platform.NotFound;
import org.citybrain.standards.InvalidStandardValue;
import org.citybrain.platform.FirstSubmissionWins;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The city's drainage model: the newest stored one. A city without one whose places hold intersections, roads and
 * waterlogging spots (the demo city) gets its sewers designed on first use ({@link DemoDrainageNetwork}) and stored
 * under one name, so that two nodes asking at once store it once and use the same.
 */
@Service
class DrainageModels {

    /** The largest model file taken (characters): a city of 100,000 pipes writes about 20 MB. */
    static final int MAX_CHARACTERS = 20_000_000;

    static final String DEMO_MODEL = "演示城市雨水管网 (GB 50014, P = 3 a)";

    /** A stored model and its file. */
    record Model(long id, String name, InpFile inp) {
    }

    /** Told when a model has been stored and is the model in use (the twin writes its network). */
    record ModelStored(Model model) {
    }

    private final JdbcClient jdbc;
    private final CityMap city;
    private final FirstSubmissionWins once;
    private final long seed;
    private final org.springframework.context.ApplicationEventPublisher events;

    DrainageModels(JdbcClient jdbc, CityMap city, FirstSubmissionWins once, @Value("${citybrain.demo.seed:20200801}") long seed,
                   org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.city = city;
        this.once = once;
        this.seed = seed;
    }

    /** The model in use; empty when the city has none and no network to design one on. */
    Optional<Model> current() {
        Optional<Model> stored = newest();
        if (stored.isPresent()) {
            return stored;
        }
        var spots = city.places(PlaceKind.WATERLOGGING_SPOT, null, 10_000);
        var intersections = city.places(PlaceKind.INTERSECTION, null, 100_000);
        var roads = city.places(PlaceKind.ROAD_SEGMENT, null, 100_000);
        if (spots.isEmpty() || intersections.isEmpty() || roads.isEmpty()) {
            return Optional.empty();
        }
        InpFile inp = new DemoDrainageNetwork(seed).design(intersections, roads, spots);
        if (once.insert(() -> store(DEMO_MODEL, "GENERATED", inp, "citybrain"))) {
            newest().ifPresent(m -> events.publishEvent(new ModelStored(m)));
        }
        return newest();
    }

    /** The model in use, for engineers to open in SWMM: the stored file itself. */
    String export(CurrentUser user) {
        Action.READ_FLOOD_SCENARIOS.demand(user);
        current();
        return jdbc.sql("select inp from flood_model order by id desc limit 1").query((rs, n) -> rs.getString("inp")).optional()
                .orElseThrow(() -> new NotFound("model", "本市尚无排水模型 / the city has no drainage model yet"));
    }

    /**
     * Imports a city's own model (an EPA SWMM 5 file) as the model in use. It is refused, naming the line, when it does
     * not read, when it cannot be solved (no outfall, a node that reaches none, a conduit of no length), or when a
     * one-hour storm cannot be run on it; a refused file leaves nothing behind.
     */
    Model importModel(CurrentUser user, String name, String text) {
        Action.MANAGE_DRAINAGE_MODEL.demand(user);
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > 100) {
            throw new InvalidStandardValue("name", "请填写模型名称（不超过100字） / name the model in at most 100 characters");
        }
        if (text == null || text.isBlank() || text.length() > MAX_CHARACTERS) {
            throw new InvalidStandardValue("inp", "请提供不超过2000万字符的 SWMM 5 .inp 文件 / send an EPA SWMM 5 .inp file of at most 20 million characters");
        }
        InpFile inp;
        try {
            inp = InpFile.read(new StringReader(text));
            List<InpError> problems = NetworkCheck.problems(inp);
            if (!problems.isEmpty()) {
                List<InvalidStandardValue> refusals = problems.stream().map(p -> new InvalidStandardValue("inp", p.getMessage())).toList();
                throw refusals.get(0).withOthers(refusals);
            }
            StormRun.of(inp, new DesignStorm(DesignStorm.Formula.ZHENGZHOU_HANDBOOK, 1, 60, 5, 0.4).hyetograph());
        } catch (InpError e) {
            throw new InvalidStandardValue("inp", e.getMessage());
        }
        InpFile checked = inp;
        if (!once.insert(() -> store(n, "IMPORTED", checked, user.username()))) {
            throw new Conflict("name", "已有同名模型「" + n + "」 / a model named " + n + " exists");
        }
        Model stored = newest().orElseThrow();
        events.publishEvent(new ModelStored(stored));
        return stored;
    }

    private Optional<Model> newest() {
        return jdbc.sql("select id, name, inp from flood_model order by id desc limit 1")
                .query((rs, n) -> new Model(rs.getLong("id"), rs.getString("name"), InpFile.read(new StringReader(rs.getString("inp"))))).optional();
    }

    private void store(String name, String origin, InpFile inp, String by) {
        jdbc.sql("""
                insert into flood_model(name, origin, inp, junctions, conduits, subcatchments, created_by, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(name, origin, inp.write(), inp.rows("JUNCTIONS").size(), inp.rows("CONDUITS").size(), inp.rows("SUBCATCHMENTS").size(), by,
                        Timestamp.from(Instant.now()))
                .update();
    }
}
