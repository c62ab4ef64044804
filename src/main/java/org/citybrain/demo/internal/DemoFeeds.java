package org.citybrain.demo.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.citybrain.city.CityMap;
import org.citybrain.city.Divisions;
import org.citybrain.city.Place;
import org.citybrain.city.PlaceKind;
import org.citybrain.datahub.ChineseMapCoordinates;
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
import org.springframework.core.io.ClassPathResource;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The demo city's outside feeds, as real pipelines over generated data: the railway's daily list of arriving
 * passengers (a GBK CSV, as railway systems export it, with the bad rows such lists have), the real estate register's
 * property owners (a UTF-8 CSV, all or nothing), the market regulator's pharmacies (JSON lines with AMap/GCJ-02
 * coordinates, into the twin), the provident fund's Excel report, the police household register, the civil affairs
 * marriages (GB18030), and the highway toll gates' passages, pushed every minute as a stream. Each source and mapping is declared as data ({@code demo/feeds/*.json}) through the
 * data hub, and each file is dropped into the source's watched folder, where the hub loads it like any department's.
 * The contents follow from the seed and the day, so two nodes writing the same day's file write the same file, which
 * the hub loads once.
 */
@Component
@Profile("!" + org.citybrain.demo.GenerateCommand.PROFILE)
@ConditionalOnProperty(name = "citybrain.demo.enabled", havingValue = "true")
@Order(1)
class DemoFeeds implements ApplicationRunner {

    static final Charset GBK = Charset.forName("GBK");
    private static final Set<String> NAMED_CITIZENS = Set.of("410105198805120019", "410103199209030027");
    private static final List<String[]> ORIGINS = List.of(
            new String[]{"北京西", "北京市丰台区"}, new String[]{"上海虹桥", "上海市闵行区"}, new String[]{"武汉", "湖北省武汉市洪山区"},
            new String[]{"西安北", "陕西省西安市未央区"}, new String[]{"广州南", "广东省广州市番禺区"}, new String[]{"石家庄", "河北省石家庄市桥西区"},
            new String[]{"洛阳龙门", "河南省洛阳市洛龙区"}, new String[]{"鹤壁", "河南省鹤壁市鹤山区"}, new String[]{"长沙南", "湖南省长沙市雨花区"});
    private static final String[] TRAINS = {"G79", "G571", "G803", "D2705", "K179", "G1567", "Z85", "G655"};

    private final Feeds feeds;
    private final Residency residency;
    private final ResidentRegistry registry;
    private final CityMap city;
    private final Divisions divisions;
    private final JsonMapper json;
    private final long seed;
    private final ZoneId zone;
    private final boolean tollGates;

    DemoFeeds(Feeds feeds, Residency residency, ResidentRegistry registry, CityMap city, Divisions divisions, JsonMapper json,
              @Value("${citybrain.demo.seed}") long seed, @Value("${citybrain.city.zone:Asia/Shanghai}") String zone,
              @Value("${citybrain.demo.simulator.toll-gates:true}") boolean tollGates) {
        this.tollGates = tollGates;
        this.feeds = feeds;
        this.residency = residency;
        this.registry = registry;
        this.city = city;
        this.divisions = divisions;
        this.json = json;
        this.seed = seed;
        this.zone = ZoneId.of(zone);
    }

    @Override
    public void run(ApplicationArguments args) {
        if (city.count() == 0) {
            return; // no demo city (a database with other data): no feeds about it
        }
        for (String feed : List.of("railway-arrivals", "housing-owners", "pharmacies", "provident-fund", "household-registry", "marriages", "toll-gates",
                "residence-permits", "birth-records")) {
            declare(feeds, json, feed, null);
        }
        railwayList(LocalDate.now(zone).minusDays(1));
        housingRegister();
        pharmacies();
        providentFund();
        householdRegistry();
        marriages();
        residencePermits();
        births();
    }

    /**
     * Declares a demo feed from {@code demo/feeds/<feed>.json}; {@code url} (an endpoint or a database the demo keeps at
     * this node's address) stands where the declaration says {@code ${url}}.
     */
    static void declare(Feeds feeds, JsonMapper json, String feed, String url) {
        try (InputStream in = new ClassPathResource("demo/feeds/" + feed + ".json").getInputStream()) {
            String declaration = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            feeds.declare(json.readTree(url == null ? declaration : declaration.replace("${url}", url)), "demo");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The provident fund centre's monthly Excel report: 200 contributors, their bases, amounts, balances; dates as date cells. */
    void providentFund() {
        Random random = new Random(seed * 13);
        try (org.apache.poi.xssf.usermodel.XSSFWorkbook book = new org.apache.poi.xssf.usermodel.XSSFWorkbook()) {
            var sheet = book.createSheet("个人账户");
            var date = book.createCellStyle();
            date.setDataFormat(book.createDataFormat().getFormat("yyyy-mm-dd"));
            String[] header = {"个人账号", "身份证号", "姓名", "所在区县", "缴存基数", "月缴存额", "账户余额", "账户状态", "开户日期"};
            var head = sheet.createRow(0);
            for (int i = 0; i < header.length; i++) {
                head.createCell(i).setCellValue(header[i]);
            }
            int n = 0;
            // the named citizens first, with active accounts: the demo's provident-fund withdrawal (a tenant in Jinshui; an owner in Erqi)
            List<String> contributors = new java.util.ArrayList<>(NAMED_CITIZENS.stream().sorted().toList());
            residency.idNumbersIn("4101", 600).stream().filter(id -> !NAMED_CITIZENS.contains(id)).forEach(contributors::add);
            for (String id : contributors) {
                if (n >= 200 || new IdNumber(id).birthDate().isAfter(LocalDate.now(zone).minusYears(22))) {
                    continue;
                }
                boolean named = NAMED_CITIZENS.contains(id);
                ResidentRegistry.RegisteredResident r = registry.findByIdNumber(new IdNumber(id)).orElseThrow();
                double base = named ? 8_000 : 2_000 + random.nextInt(180) * 100;
                var row = sheet.createRow(++n);
                row.createCell(0).setCellValue(String.format("4101%010d", 2_000_000L + n));
                row.createCell(1).setCellValue(id);
                row.createCell(2).setCellValue(r.name());
                row.createCell(3).setCellValue(divisions.byCode(r.communityCode().substring(0, 6)).map(Divisions.Division::name).orElse(""));
                row.createCell(4).setCellValue(base);
                row.createCell(5).setCellValue(Math.round(base * 0.24));
                row.createCell(6).setCellValue(named ? 38_400.00 : Math.round(base * 0.24 * (12 + random.nextInt(120)) * 100) / 100.0);
                row.createCell(7).setCellValue(named || random.nextInt(10) != 0 ? "正常" : "封存");
                var opened = row.createCell(8);
                opened.setCellValue(named ? LocalDate.of(2016, 3, 1) : LocalDate.of(2005 + random.nextInt(20), 1 + random.nextInt(12), 1 + random.nextInt(28)));
                opened.setCellStyle(date);
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            book.write(out);
            dropBytes("provident-fund", "provident-fund-" + LocalDate.now(zone).withDayOfMonth(1) + ".xlsx", out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The public security household register (JSON lines, pinyin initials as its fields are named): 300 residents by
     * household. Those whose ID numbers were issued outside the province are the migrants with residence permits
     * ({@link #residencePermits}): not registered here.
     */
    void householdRegistry() {
        StringBuilder lines = new StringBuilder();
        List<String> ids = residency.idNumbersIn("4101", 600).stream().filter(id -> id.startsWith("41")).limit(300).toList();
        java.util.Map<String, org.citybrain.population.Residency.Residence> homes = residency.ofIdNumbers(ids);
        java.util.Set<Long> headed = new java.util.HashSet<>();
        for (String id : ids) {
            org.citybrain.population.Residency.Residence home = homes.get(id);
            if (home == null) {
                continue;
            }
            ResidentRegistry.RegisteredResident r = registry.findByIdNumber(new IdNumber(id)).orElseThrow();
            IdNumber person = new IdNumber(id);
            boolean head = headed.add(home.householdId());
            String relation = head ? "02" : person.birthDate().isAfter(LocalDate.now(zone).minusYears(25)) ? (person.male() ? "20" : "30") : "10";
            ObjectNode line = json.createObjectNode();
            line.put("gmsfhm", id);
            line.put("xm", r.name());
            line.put("hh", String.format("%s%08d", home.communityCode().substring(0, 6), home.householdId()));
            line.put("yhzgx", relation);
            line.put("hjdsq", home.communityCode());
            line.put("hjdz", divisions.nameOf(home.communityCode()) + (home.householdId() % 40 + 1) + "号楼");
            lines.append(json.writeValueAsString(line)).append('\n');
        }
        drop("household-registry", "household-registry.jsonl", lines.toString(), StandardCharsets.UTF_8);
    }

    /**
     * The public security bureau's residence permits (居住证, JSON lines): residents living here whose ID numbers were
     * issued elsewhere — the migrant workers whose children enroll as 随迁子女 — each at the community they live in.
     */
    void residencePermits() {
        Random random = new Random(seed * 23);
        StringBuilder lines = new StringBuilder();
        List<String> ids = residency.idNumbersIn("4101", 2_000).stream().filter(id -> !id.startsWith("41")).limit(200).toList();
        java.util.Map<String, org.citybrain.population.Residency.Residence> homes = residency.ofIdNumbers(ids);
        int n = 0;
        for (String id : ids) {
            org.citybrain.population.Residency.Residence home = homes.get(id);
            if (home == null) {
                continue;
            }
            LocalDate issued = LocalDate.now(zone).minusDays(30 + random.nextInt(1500));
            ObjectNode line = json.createObjectNode();
            line.put("jzzbh", String.format("%s%08d", home.communityCode().substring(0, 6), 100_000 + n++));
            line.put("gmsfhm", id);
            line.put("xm", registry.findByIdNumber(new IdNumber(id)).orElseThrow().name());
            line.put("jzdsq", home.communityCode());
            line.put("qfrq", issued.toString());
            line.put("yxqz", issued.plusYears(random.nextInt(5) == 0 ? 1 : 5).toString());
            lines.append(json.writeValueAsString(line)).append('\n');
        }
        drop("residence-permits", "residence-permits.jsonl", lines.toString(), StandardCharsets.UTF_8);
    }

    /**
     * The maternity hospitals' birth registrations (出生医学登记, JSON lines) as the health commission collects them: 李华
     * gave birth ten days ago (the demo's birth bundle), and forty other mothers among the residents this year.
     */
    void births() {
        Random random = new Random(seed * 29);
        String[] hospitals = {"郑州大学第一附属医院", "河南省人民医院", "郑州市妇幼保健院", "郑州人民医院"};
        List<String> women = new java.util.ArrayList<>();
        List<String> men = new java.util.ArrayList<>();
        LocalDate today = LocalDate.now(zone);
        for (String id : residency.idNumbersIn("4101", 800)) {
            IdNumber p = new IdNumber(id);
            int age = java.time.Period.between(p.birthDate(), today).getYears();
            // 张明 fathers none of them: his birth bundle finds no record, as a man without a newborn's would
            if (age >= 22 && age <= 40 && !NAMED_CITIZENS.contains(id)) {
                (p.male() ? men : women).add(id);
            }
        }
        if (men.isEmpty()) {
            return;
        }
        List<String> mothers = new java.util.ArrayList<>(List.of("410103199209030027"));
        women.stream().filter(w -> !w.equals("410103199209030027")).limit(40).forEach(mothers::add);
        StringBuilder lines = new StringBuilder();
        int n = 0;
        for (String mother : mothers) {
            String father = men.get(random.nextInt(men.size()));
            ResidentRegistry.RegisteredResident m = registry.findByIdNumber(new IdNumber(mother)).orElse(null);
            ResidentRegistry.RegisteredResident f = registry.findByIdNumber(new IdNumber(father)).orElseThrow();
            if (m == null) {
                continue;
            }
            LocalDate born = n == 0 ? today.minusDays(10) : today.minusDays(1 + random.nextInt(300));
            ObjectNode line = json.createObjectNode();
            line.put("csyxzmbh", String.format("Q%d%08d", born.getYear(), 410_000 + n++));
            line.put("xb", random.nextBoolean() ? "1" : "2");
            line.put("csrq", born.toString());
            line.put("csyy", hospitals[random.nextInt(hospitals.length)]);
            line.put("tz", 2_500 + random.nextInt(1_800));
            line.put("mqsfzh", mother);
            line.put("mqxm", m.name());
            line.put("fqsfzh", father);
            line.put("fqxm", f.name());
            line.put("csdqx", m.communityCode().substring(0, 6));
            lines.append(json.writeValueAsString(line)).append('\n');
        }
        drop("birth-records", "birth-records-" + today + ".jsonl", lines.toString(), StandardCharsets.UTF_8);
    }

    /** The civil affairs bureau's daily report of marriage registrations (GB18030): couples among the residents. */
    void marriages() {
        Random random = new Random(seed * 19);
        List<String> men = new java.util.ArrayList<>();
        List<String> women = new java.util.ArrayList<>();
        for (String id : residency.idNumbersIn("4101", 800)) {
            IdNumber p = new IdNumber(id);
            if (p.birthDate().isBefore(LocalDate.now(zone).minusYears(23))) {
                (p.male() ? men : women).add(id);
            }
        }
        StringBuilder csv = new StringBuilder("登记证字号,登记类别,男方证件号码,女方证件号码,登记日期,登记机关所在区县\r\n");
        DateTimeFormatter date = DateTimeFormatter.ofPattern("yyyy年M月d日");
        for (int i = 0; i < Math.min(60, Math.min(men.size(), women.size())); i++) {
            LocalDate on = LocalDate.now(zone).minusDays(1 + random.nextInt(3650));
            String district = divisions.byCode(women.get(i).substring(0, 6)).map(Divisions.Division::name).orElse("金水区");
            csv.append(String.join(",", "J" + on.getYear() + String.format("%06d", 410_000 + i), i % 9 == 0 ? "离婚" : "结婚", men.get(i), women.get(i),
                    on.format(date), district)).append("\r\n");
        }
        drop("marriage-registry", "marriages-" + LocalDate.now(zone) + ".csv", csv.toString(), Charset.forName("GB18030"));
    }

    /**
     * The toll gates push the passages of the last minute: drivers who live in the city coming home, one in six through
     * an entry station in the demo's medium-risk area now and then (鹤壁市鹤山区: about six drivers an hour, who turn
 * yellow by rule). The minute is
     * the batch's idempotency key, so two nodes pushing the same minute push one batch.
     */
    @Scheduled(fixedRate = 60_000, initialDelay = 20_000)
    void tollGatesEveryMinute() {
        if (tollGates && city.count() > 0) {
            tollGates();
        }
    }

    void tollGates() {
        LocalDateTime minute = LocalDateTime.now(zone).withSecond(0).withNano(0);
        Random random = new Random(seed * 41 + minute.atZone(zone).toEpochSecond());
        List<String> drivers = residency.idNumbersIn("4101", 500).stream().filter(id -> !NAMED_CITIZENS.contains(id)).toList();
        String[][] entries = {{"鹤壁南站", "河南省鹤壁市鹤山区"}, {"洛阳东站", "河南省洛阳市洛龙区"}, {"石家庄站", "河北省石家庄市桥西区"},
                {"武汉北站", "湖北省武汉市洪山区"}, {"西安东站", "陕西省西安市未央区"}, {"长沙站", "湖南省长沙市雨花区"}};
        String[] exits = {"郑州北站", "郑州东站", "郑州南站", "郑州西站"};
        DateTimeFormatter at = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        List<tools.jackson.databind.JsonNode> passages = new java.util.ArrayList<>();
        for (int i = 0; i < 6 && !drivers.isEmpty(); i++) {
            String[] entry = entries[i == 0 && random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(entries.length - 1)];
            ObjectNode p = json.createObjectNode();
            p.put("流水号", "G" + minute.format(DateTimeFormatter.ofPattern("yyyyMMddHHmm")) + String.format("%03d", i));
            p.put("车牌号", "豫A" + String.format("%05d", random.nextInt(100_000)));
            p.put("入口站", entry[0]);
            p.put("入口所在地", entry[1]);
            p.put("出口站", exits[random.nextInt(exits.length)]);
            p.put("出口时间", minute.plusSeconds(random.nextInt(60)).format(at));
            p.put("驾驶人证件号码", drivers.get(random.nextInt(drivers.size())));
            passages.add(p);
        }
        try {
            feeds.push("highway-toll-gates", passages, "toll-" + minute, "demo");
        } catch (RuntimeException e) {
            // the hub is busy loading the source (another node's push of the same minute): this minute's batch is theirs
        }
    }

    /** Every morning the railway sends the list of the day before: its passengers have all arrived by then. */
    @Scheduled(cron = "0 0 6 * * *", zone = "${citybrain.city.zone:Asia/Shanghai}")
    void daily() {
        if (city.count() > 0) {
            railwayList(LocalDate.now(zone).minusDays(1));
        }
    }

    /**
     * The passengers arriving on one day: residents coming home (one in eight from the demo's medium-risk area, Hebi's
     * Heshan district), visitors from elsewhere who are not residents, and five rows as they go wrong in real lists.
     */
    void railwayList(LocalDate day) {
        Random random = new Random(seed * 31 + day.toEpochDay());
        List<String> residents = residency.idNumbersIn("4101", 400).stream().filter(id -> !NAMED_CITIZENS.contains(id)).toList();
        StringBuilder csv = new StringBuilder("乘车日期,车次,发站,发站所在地,到站,到达时间,旅客姓名,证件类型,证件号码,手机号码\r\n");
        DateTimeFormatter date = DateTimeFormatter.ofPattern("yyyyMMdd");
        DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy/M/d H:mm");
        int rows = 0;
        for (int i = 0; i < 120 && !residents.isEmpty(); i++) {
            String id = residents.get(random.nextInt(residents.size()));
            ResidentRegistry.RegisteredResident r = registry.findByIdNumber(new IdNumber(id)).orElseThrow();
            String[] origin = i % 8 == 3 ? ORIGINS.get(7) : ORIGINS.get(random.nextInt(ORIGINS.size() - 1));
            LocalDateTime at = day.atTime(6 + random.nextInt(16), random.nextInt(60));
            csv.append(String.join(",", day.format(date), TRAINS[random.nextInt(TRAINS.length)], origin[0], origin[1], i % 2 == 0 ? "郑州东" : "郑州",
                    at.format(time), r.name(), "二代居民身份证", id, r.mobile() == null ? "" : r.mobile())).append("\r\n");
            rows++;
        }
        for (int i = 0; i < 20; i++) {
            String id = IdNumber.of("110105", LocalDate.of(1970 + random.nextInt(30), 1 + random.nextInt(12), 1 + random.nextInt(28)), random.nextInt(999)).value();
            csv.append(String.join(",", day.format(date), "G79", "北京西", "北京市丰台区", "郑州东", day.atTime(9, 41).format(time), "旅客" + (i + 1), "二代居民身份证", id, ""))
                    .append("\r\n");
        }
        String wrongCheck = residents.isEmpty() ? "410105198001010010" : residents.getFirst().substring(0, 17) + (residents.getFirst().endsWith("0") ? "1" : "0");
        csv.append(day.format(date)).append(",G571,武汉,湖北省武汉市洪山区,郑州东,").append(day.atTime(10, 5).format(time)).append(",王芳,二代居民身份证,")
                .append(wrongCheck).append(",13800000000\r\n");
        csv.append(day.format(date)).append(",G803,西安北,陕西省西安市未央区,郑州,").append(day.format(date)).append("-25:61,李强,二代居民身份证,")
                .append(IdNumber.of("610112", LocalDate.of(1985, 3, 3), 17).value()).append(",\r\n");
        csv.append(day.format(date)).append(",K179,火星站,火星市,郑州,").append(day.atTime(11, 0).format(time)).append(",赵敏,二代居民身份证,")
                .append(IdNumber.of("410102", LocalDate.of(1990, 7, 7), 28).value()).append(",\r\n");
        csv.append(day.format(date)).append(",G655,长沙南,湖南省长沙市雨花区,郑州东,").append(day.atTime(12, 30).format(time)).append(",,二代居民身份证,")
                .append(IdNumber.of("430111", LocalDate.of(1979, 9, 9), 44).value()).append(",1390000\r\n");
        csv.append(day.format(date)).append(",G1567,石家庄\r\n");
        drop("railway-arrivals", "railway-arrivals-" + day.format(date) + ".csv", csv.toString(), GBK);
    }

    /** The real estate register: one property for each of 300 residents, at their own community. */
    void housingRegister() {
        Random random = new Random(seed * 17);
        StringBuilder csv = new StringBuilder("不动产权证号,权利人,证件号码,坐落,所在区县,建筑面积,用途,登记日期\n");
        int n = 0;
        // the Jinshui citizen rents (no home in her name: her withdrawal for rent is granted); the Erqi one owns hers
        List<String> owners = new java.util.ArrayList<>(List.of("410103199209030027"));
        residency.idNumbersIn("4101", 300 + NAMED_CITIZENS.size()).stream().filter(id -> !NAMED_CITIZENS.contains(id)).limit(299).forEach(owners::add);
        for (String id : owners) {
            ResidentRegistry.RegisteredResident r = registry.findByIdNumber(new IdNumber(id)).orElseThrow();
            String community = divisions.nameOf(r.communityCode());
            String district = divisions.byCode(r.communityCode().substring(0, 6)).map(Divisions.Division::name).orElse("");
            int year = 2000 + random.nextInt(25);
            csv.append("豫(").append(year).append(")郑州市不动产权第").append(String.format("%07d", 1_000_000 + n++)).append("号,").append(r.name()).append(',').append(id)
                    .append(',').append(district).append(community).append(1 + random.nextInt(30)).append("号楼").append(1 + random.nextInt(4)).append("单元")
                    .append(100 * (1 + random.nextInt(25)) + 1 + random.nextInt(4)).append(",郑州市").append(district).append(',')
                    .append(String.format("%.2f", 45 + random.nextDouble() * 140)).append(",住宅,").append(LocalDate.of(year, 1 + random.nextInt(12), 1 + random.nextInt(28)))
                    .append('\n');
        }
        drop("housing-registry", "housing-registry-full.csv", csv.toString(), StandardCharsets.UTF_8);
    }

    /** Pharmacies at some of the city's venues, their coordinates as AMap gives them (GCJ-02). */
    void pharmacies() {
        Random random = new Random(seed * 7);
        StringBuilder lines = new StringBuilder();
        int n = 0;
        for (Place v : city.places(PlaceKind.VENUE, null, 60)) {
            double[] gcj = ChineseMapCoordinates.wgs84ToGcj02(v.lon(), v.lat());
            String uscc = CreditCode.of("92" + v.districtCode() + String.format("%09d", 100_000 + n)).value();
            ObjectNode line = json.createObjectNode();
            line.put("uscc", uscc);
            line.put("name", (n % 3 == 0 ? "张仲景大药房" : n % 3 == 1 ? "大参林药店" : "健之佳药房") + "（" + v.name() + "店）");
            line.put("district", divisions.byCode(v.districtCode()).map(Divisions.Division::name).orElse(v.districtCode()));
            line.put("lng", Math.round(gcj[0] * 1e6) / 1e6);
            line.put("lat", Math.round(gcj[1] * 1e6) / 1e6);
            line.put("fever", random.nextBoolean() ? "是" : "否");
            lines.append(json.writeValueAsString(line)).append('\n');
            n++;
        }
        drop("pharmacies", "pharmacies.jsonl", lines.toString(), StandardCharsets.UTF_8);
    }

    private void drop(String sourceId, String name, String content, Charset charset) {
        dropBytes(sourceId, name, content.getBytes(charset));
    }

    /** Writes the file beside the inbox and moves it in whole, so the hub never sees half of it. */
    private void dropBytes(String sourceId, String name, byte[] content) {
        Path inbox = feeds.inbox(sourceId);
        if (Files.exists(inbox.resolve("done").resolve(name)) || Files.exists(inbox.resolve(name))) {
            return;
        }
        try {
            Path part = inbox.resolve(name + ".part");
            Files.write(part, content);
            Files.move(part, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
