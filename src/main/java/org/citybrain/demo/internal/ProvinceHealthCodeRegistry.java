package org.citybrain.demo.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.citybrain.city.CityMap;
import org.citybrain.datahub.Feeds;
import org.citybrain.standards.IdNumber;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The province's health-code registry (河南省健康码平台), as the demo stands it in: a REST endpoint, paged and
 * incremental, with the codes of travellers from the province's other cities — people who are not residents here, so
 * their codes come from the province and not from the city's own rules. The data hub polls it every ten minutes with
 * the bearer token the province issued (configuration {@code citybrain.datahub.credentials.demo-province-health-codes};
 * the endpoint refuses a call without it), asking only for the codes changed since its last poll.
 *
 * <p>The registry is generated from the demo's seed: 300 travellers, green but for those from the demo's medium-risk
 * area (yellow) and a few red; each hour of the last three days some codes changed. The same seed gives the same
 * registry on every node.
 */
@RestController
@Profile("!" + org.citybrain.demo.GenerateCommand.PROFILE)
@ConditionalOnProperty(name = "citybrain.demo.enabled", havingValue = "true")
@Order(3)
class ProvinceHealthCodeRegistry implements ApplicationRunner {

    static final String PATH = "/demo/province/v1/health-codes";
    static final String CREDENTIAL = "demo-province-health-codes";
    private static final String[] HOMES = {"410202", "410311", "410602", "410702", "411002", "411102", "411302", "411502"};
    private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙"};
    private static final String[] GIVEN = {"伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "霞"};
    private static final int TRAVELLERS = 300;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Feeds feeds;
    private final CityMap city;
    private final JsonMapper json;
    private final Environment environment;
    private final long seed;
    private final ZoneId zone;

    ProvinceHealthCodeRegistry(Feeds feeds, CityMap city, JsonMapper json, Environment environment, @Value("${citybrain.demo.seed}") long seed,
                               @Value("${citybrain.city.zone:Asia/Shanghai}") String zone) {
        this.feeds = feeds;
        this.city = city;
        this.json = json;
        this.environment = environment;
        this.seed = seed;
        this.zone = ZoneId.of(zone);
    }

    /** Declares the hub's source of this endpoint, at this node's own address (the demo's province is on every node). */
    @Override
    public void run(ApplicationArguments args) {
        if (city.count() == 0) {
            return;
        }
        String base = "http://localhost:" + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        DemoFeeds.declare(feeds, json, "province-health-codes", base + PATH);
    }

    record Traveller(String idNumber, String name, String home, String colour, LocalDateTime updatedAt) {
    }

    /** {@code ?page=1&size=100&since=ISO-8601}: the codes changed after {@code since}, oldest change first. */
    @GetMapping(PATH)
    @org.citybrain.identity.Performs(org.citybrain.identity.Action.SERVE_DEMO_PROVINCE_REGISTRY)
    ResponseEntity<Map<String, Object>> codes(@RequestHeader(name = "Authorization", required = false) String authorization,
                                              @RequestParam(defaultValue = "1") int page, @RequestParam(defaultValue = "100") int size,
                                              @RequestParam(required = false) String since) {
        String token = environment.getProperty("citybrain.datahub.credentials." + CREDENTIAL);
        if (token == null || authorization == null || !MessageDigest.isEqual(("Bearer " + token).getBytes(StandardCharsets.UTF_8),
                authorization.getBytes(StandardCharsets.UTF_8))) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("code", 401, "message", "令牌无效 / invalid token"));
        }
        if (page < 1 || size < 1 || size > 1000) {
            return ResponseEntity.badRequest().body(Map.of("code", 400, "message", "page ≥ 1, 1 ≤ size ≤ 1000"));
        }
        LocalDateTime after;
        try {
            after = since == null || since.isBlank() ? LocalDateTime.MIN : LocalDateTime.ofInstant(Instant.parse(since), zone);
        } catch (DateTimeParseException e) {
            return ResponseEntity.badRequest().body(Map.of("code", 400, "message", "since: ISO 8601, e.g. 2026-12-03T05:00:00Z"));
        }
        List<Traveller> changed = registry(LocalDateTime.now(zone)).stream().filter(t -> t.updatedAt().isAfter(after))
                .sorted(Comparator.comparing(Traveller::updatedAt).thenComparing(Traveller::idNumber)).toList();
        List<Map<String, Object>> records = new ArrayList<>();
        for (Traveller t : changed.subList(Math.min(changed.size(), (page - 1) * size), Math.min(changed.size(), page * size))) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("sfzh", t.idNumber());
            r.put("xm", t.name());
            r.put("hjd", t.home());
            r.put("mzys", t.colour());
            r.put("gxsj", t.updatedAt().format(TIME));
            r.put("ffjg", "河南省健康码平台");
            records.add(r);
        }
        return ResponseEntity.ok(Map.of("code", 200, "message", "success", "data", Map.of("total", changed.size(), "records", records)));
    }

    /** The registry as it stands at {@code now}: each traveller's colour after the changes of the last 72 hours. */
    List<Traveller> registry(LocalDateTime now) {
        Random people = new Random(seed * 61);
        LocalDateTime hour = now.truncatedTo(ChronoUnit.HOURS);
        LocalDateTime issued = hour.minusHours(72);
        List<Traveller> all = new ArrayList<>(TRAVELLERS);
        for (int i = 0; i < TRAVELLERS; i++) {
            String home = HOMES[people.nextInt(HOMES.length)];
            String id = IdNumber.of(home, LocalDate.of(1960 + people.nextInt(45), 1 + people.nextInt(12), 1 + people.nextInt(28)), people.nextInt(999)).value();
            String name = SURNAMES[people.nextInt(SURNAMES.length)] + GIVEN[people.nextInt(GIVEN.length)] + (people.nextBoolean() ? GIVEN[people.nextInt(GIVEN.length)] : "");
            String colour = home.equals(DemoCityGenerator.MEDIUM_RISK_AREA) ? "黄码" : i % 97 == 5 ? "红码" : "绿码";
            LocalDateTime updated = issued;
            for (LocalDateTime h = issued.plusHours(1); !h.isAfter(hour); h = h.plusHours(1)) {
                // about one traveller in a hundred has a change in a given hour: yellow after a contact, green again later
                if (new Random(seed * 67 + h.atZone(zone).toEpochSecond() * 31 + i).nextInt(100) == 0 && !colour.equals("红码")) {
                    colour = colour.equals("绿码") ? "黄码" : "绿码";
                    updated = h;
                }
            }
            all.add(new Traveller(id, name, home, colour, updated));
        }
        return all;
    }
}
