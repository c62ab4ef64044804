package org.citybrain.demo.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;

import org.citybrain.city.CityMap;
import org.citybrain.datahub.Feeds;
import org.citybrain.identity.ResidentRegistry;
import org.citybrain.population.Residency;
import org.citybrain.standards.CreditCode;
import org.citybrain.standards.IdNumber;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The human resources and social security bureau's database, as the demo keeps it: its insured persons (参保人员),
 * one row per person and insurance (pension, medical), with employer, the employer's credit code, contribution base
 * and state, and the time each row last changed. The data hub reads it as a department database is read — over JDBC,
 * by that change column — so each hourly read takes only what changed. Every hour a few people's contributions change
 * (a new base, a pause when someone leaves a job). One employer's credit code was keyed in wrong at the bureau, as
 * happens: its employees' rows are rejected by GB 32100 until the bureau corrects it.
 *
 * <p>The database is an in-memory H2 of this process, named for the demo's seed, filled the same from the seed on every
 * node and every start (the hub's change mark then asks only for what is newer than what it has).
 */
@Component
@Profile("!" + org.citybrain.demo.GenerateCommand.PROFILE)
@ConditionalOnProperty(name = "citybrain.demo.enabled", havingValue = "true")
@Order(2)
class SocialSecurityDatabase implements ApplicationRunner {

    static final String SOURCE = "social-security";
    private static final String[][] EMPLOYERS = {
            {"郑州宇通客车股份有限公司", "410100"}, {"郑州煤矿机械集团股份有限公司", "410100"}, {"河南省建设集团有限公司", "410105"},
            {"郑州市第一人民医院", "410102"}, {"郑州大学第一附属医院", "410102"}, {"河南中原银行股份有限公司", "410105"},
            {"郑州地铁集团有限公司", "410104"}, {"郑州市金水区教育局", "410105"}, {"河南思维自动化设备股份有限公司", "410122"},
            {"郑州日产汽车有限公司", "410183"}, {"郑州新郑国际机场有限公司", "410184"}, {"郑州卷烟厂", "410105"}};
    private static final String WRONGLY_KEYED = "郑州好帮手劳务派遣有限公司";

    private final Feeds feeds;
    private final Residency residency;
    private final ResidentRegistry registry;
    private final CityMap city;
    private final JsonMapper json;
    private final long seed;
    private final ZoneId zone;

    SocialSecurityDatabase(Feeds feeds, Residency residency, ResidentRegistry registry, CityMap city, JsonMapper json,
                           @Value("${citybrain.demo.seed}") long seed, @Value("${citybrain.city.zone:Asia/Shanghai}") String zone) {
        this.feeds = feeds;
        this.residency = residency;
        this.registry = registry;
        this.city = city;
        this.json = json;
        this.seed = seed;
        this.zone = ZoneId.of(zone);
    }

    String url() {
        // DB_CLOSE_DELAY=-1: the database lives as long as the process, not as long as a connection to it
        return "jdbc:h2:mem:demo-hrss-" + Long.toHexString(seed) + ";DB_CLOSE_DELAY=-1";
    }

    @Override
    public void run(ApplicationArguments args) {
        if (city.count() == 0) {
            return;
        }
        fill();
        DemoFeeds.declare(feeds, json, "social-security", url());
    }

    /** The bureau's table as it stands: the same rows from the seed, changed an hour ago or longer. */
    void fill() {
        Random random = new Random(seed * 53);
        List<String> people = residency.idNumbersIn("4101", 300).stream()
                .filter(id -> new IdNumber(id).birthDate().isBefore(LocalDate.now(zone).minusYears(20))).limit(240).toList();
        LocalDateTime loaded = LocalDateTime.now(zone).truncatedTo(ChronoUnit.HOURS).minusHours(1);
        try (Connection c = DriverManager.getConnection(url(), "sa", "")) {
            try (Statement s = c.createStatement()) {
                s.execute("""
                        create table if not exists cbxx (shbzhm varchar(18) not null, xm varchar(50) not null, dwmc varchar(100) not null,
                        tyshxydm varchar(18) not null, xzlx varchar(3) not null, jfjs decimal(10, 2) not null, cbzt varchar(1) not null,
                        cbrq date not null, qx varchar(6) not null, gxsj timestamp not null, primary key (shbzhm, xzlx))""");
                s.execute("create index if not exists cbxx_gxsj on cbxx(gxsj)");
            }
            try (PreparedStatement p = c.prepareStatement("merge into cbxx key (shbzhm, xzlx) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < people.size(); i++) {
                    String id = people.get(i);
                    ResidentRegistry.RegisteredResident r = registry.findByIdNumber(new IdNumber(id)).orElseThrow();
                    boolean wronglyKeyed = i % 80 == 7;
                    String[] employer = wronglyKeyed ? new String[] {WRONGLY_KEYED, "410103"} : EMPLOYERS[random.nextInt(EMPLOYERS.length)];
                    String code = creditCode(employer[0], employer[1]);
                    if (wronglyKeyed) {
                        code = code.substring(0, 17) + (code.charAt(17) == '0' ? '1' : '0'); // one character keyed wrong
                    }
                    double base = 3_500 + random.nextInt(180) * 100;
                    LocalDate since = LocalDate.of(2000 + random.nextInt(24), 1 + random.nextInt(12), 1 + random.nextInt(28));
                    for (String insurance : new String[] {"110", "310"}) {
                        p.setString(1, id);
                        p.setString(2, r.name());
                        p.setString(3, employer[0]);
                        p.setString(4, code);
                        p.setString(5, insurance);
                        p.setDouble(6, base);
                        p.setString(7, i % 25 == 0 ? "2" : "1");
                        p.setObject(8, since);
                        p.setString(9, r.communityCode().substring(0, 6));
                        p.setTimestamp(10, Timestamp.valueOf(loaded.minusMinutes(random.nextInt(600))));
                        p.addBatch();
                    }
                }
                p.executeBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the demo's social security database could not be filled", e);
        }
    }

    /** Every hour a few contributions change: a raise of the base, or a pause when a job ends. */
    @Scheduled(cron = "${citybrain.demo.social-security-changes:0 5 * * * *}", zone = "${citybrain.city.zone:Asia/Shanghai}")
    void hourly() {
        if (city.count() > 0) {
            contributionsChange(LocalDateTime.now(zone).truncatedTo(ChronoUnit.HOURS));
        }
    }

    /** The changes of one hour, the same on every node (seeded by the hour), stamped with it. */
    int contributionsChange(LocalDateTime hour) {
        Random random = new Random(seed * 59 + hour.atZone(zone).toEpochSecond());
        try (Connection c = DriverManager.getConnection(url(), "sa", "");
             PreparedStatement pick = c.prepareStatement("select shbzhm from cbxx where xzlx = '110' order by shbzhm");
             PreparedStatement change = c.prepareStatement("update cbxx set jfjs = jfjs + ?, cbzt = ?, gxsj = ? where shbzhm = ? and gxsj < ?")) {
            List<String> ids = new java.util.ArrayList<>();
            try (var rs = pick.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            int changed = 0;
            for (int i = 0; i < 5 && !ids.isEmpty(); i++) {
                change.setInt(1, random.nextBoolean() ? 200 : 0);
                change.setString(2, random.nextInt(5) == 0 ? "2" : "1");
                change.setTimestamp(3, Timestamp.valueOf(hour));
                change.setString(4, ids.get(random.nextInt(ids.size())));
                change.setTimestamp(5, Timestamp.valueOf(hour));
                changed += change.executeUpdate();
            }
            return changed;
        } catch (SQLException e) {
            throw new IllegalStateException("the demo's social security database could not be changed", e);
        }
    }

    /** A credit code of the employer, the same for the same name: registration by 市场监管 (9), an enterprise (1). */
    static String creditCode(String name, String division) {
        String chars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        Random r = new Random(name.hashCode());
        StringBuilder organisation = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            organisation.append(chars.charAt(r.nextInt(chars.length())));
        }
        return CreditCode.of("91" + division + organisation).value();
    }
}
