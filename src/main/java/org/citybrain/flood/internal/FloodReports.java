package org.citybrain.flood.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.citybrain.city.CityMap;
import org.citybrain.city.Place;
import org.citybrain.city.PlaceKind;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.platform.FirstSubmissionWins;
import org.citybrain.platform.NotFound;
import org.citybrain.platform.pages.FormCheck;
import org.citybrain.platform.pages.Paged;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Citizens' flood reports (随手拍): where, how deep, what she saw and a photo. A report inside the city joins the open
 * incident within {@link #SAME_PLACE_METRES} whose last report is at most {@link #SAME_TIME} old, or opens an incident,
 * which gets a task for the district's drainage crew. A report near a waterlogging spot is an observation of that spot,
 * and a deep one raises the spot's warning. Merging is serialised per district across nodes by a row lock, and a
 * retried submission is one report (the unique constraint on reporter and client token). The reporter sees her
 * reports and what became of them; staff see the incidents.
 */
@Service
class FloodReports {

    static final double SAME_PLACE_METRES = 250;
    static final Duration SAME_TIME = Duration.ofHours(2);
    /** A report is an observation of a spot within this reach. */
    static final double SPOT_REACH_METRES = 300;

    /** The depth a person tells by her body, as cm on the road: ankle, knee, waist. */
    enum Depth {
        ANKLE(10), KNEE(45), WAIST(90);

        final int cm;

        Depth(int cm) {
            this.cm = cm;
        }
    }

    /** What a citizen sends: the place (WGS 84), a depth by word or in cm, a description, a link to a photo elsewhere. */
    record Request(String lat, String lon, String depth, String depthCm, String description, String mediaUrl, String clientToken) {
    }

    record Report(long id, double lon, double lat, int depthCm, String depthWord, String description, String photo, String mediaUrl, long incidentId,
                  Instant createdAt) {
    }

    record Incident(long id, String districtCode, String divisionCode, String placeName, double lon, double lat, Long spotId, int deepestCm, int reports,
                    Instant openedAt, Instant lastReportAt) {
    }

    /** A report as its reporter follows it: the incident it joined and that incident's tasks. */
    record Status(Report report, Incident incident, List<FloodTasks.Task> tasks) {

        /** Open311's status: closed once every task of the incident is closed. */
        public boolean closed() {
            return !tasks.isEmpty() && tasks.stream().noneMatch(FloodTasks.Task::open);
        }
    }

    private final JdbcClient jdbc;
    private final FirstSubmissionWins once;
    private final CityArea area;
    private final CityMap city;
    private final FloodPhotos photos;
    private final FloodTasks tasks;
    private final WaterLevels levels;
    private final FloodActs acts;

    FloodReports(JdbcClient jdbc, FirstSubmissionWins once, CityArea area, CityMap city, FloodPhotos photos, FloodTasks tasks, WaterLevels levels, FloodActs acts) {
        this.jdbc = jdbc;
        this.once = once;
        this.area = area;
        this.city = city;
        this.photos = photos;
        this.tasks = tasks;
        this.levels = levels;
        this.acts = acts;
    }

    /** Takes a citizen's report; a retry with the same client token answers the first. */
    @Transactional
    Status report(CurrentUser user, Request r, byte[] photo) {
        Action.REPORT_FLOODING.demand(user);
        FormCheck check = new FormCheck();
        Double lat = check.read(() -> coordinate("lat", r.lat(), -90, 90));
        Double lon = check.read(() -> coordinate("long", r.lon(), -180, 180));
        CityArea.Located where = lat == null || lon == null ? null : check.read(() -> area.at(lon, lat).orElseThrow(() -> new InvalidStandardValue("lat",
                "该位置不在本市范围内，请在地图上选择本市内的位置 / the place lies outside the city: choose a place in the city")));
        Depth word = check.read(() -> depthWord(r.depth()));
        Integer cm = check.read(() -> depthCm(r.depthCm(), word));
        String description = check.read(() -> text("description", r.description(), 1000));
        String mediaUrl = check.read(() -> mediaUrl(r.mediaUrl()));
        String photoName = photo == null || photo.length == 0 ? null : check.read(() -> photos.store("media", photo));
        if (!check.passed()) {
            throw check.problems().getFirst().withOthers(check.problems());
        }
        String token = r.clientToken() == null || r.clientToken().isBlank() ? UUID.randomUUID().toString() : org.citybrain.platform.IdempotencyKey.of(r.clientToken());
        Instant now = Instant.now();
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        boolean stored = once.insert(() -> jdbc.sql("""
                insert into flood_report(reporter, resident_id, client_token, lon, lat, depth_cm, depth_word, description, photo, photo_type, media_url, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(user.username(), user.jurisdiction().selfResidentId(), token, lon, lat, cm, word == null ? null : word.name(), description, photoName,
                        photoName == null ? null : "image/jpeg", mediaUrl, Timestamp.from(now))
                .update(key, "id"));
        if (!stored) {
            // the same submission again: the first one's report, once it has committed
            return once.submit(() -> { }, () -> byToken(user.username(), token).filter(f -> f.incidentId() > 0).map(this::status));
        }
        Incident incident = incidentFor(where, lon, lat, cm, now, user.username());
        long id = key.getKey().longValue();
        jdbc.sql("update flood_report set incident_id = ? where id = ?").params(incident.id(), id).update();
        if (incident.spotId() != null) {
            city.place(incident.spotId()).ifPresent(spot -> levels.observe(spot, now, cm, "report:" + id));
        }
        return status(byId(id).orElseThrow());
    }

    /** The open incident this report joins (near in place and time), updated; or a new one with its task. */
    private Incident incidentFor(CityArea.Located where, double lon, double lat, int cm, Instant now, String actor) {
        String district = where.district().code();
        once.insert(() -> jdbc.sql("insert into flood_incident_lock(district_code) values (?)").param(district).update());
        jdbc.sql("select district_code from flood_incident_lock where district_code = ? for update").param(district).query(String.class).single();
        Incident near = jdbc.sql("""
                select * from flood_incident i where district_code = ? and last_report_at > ?
                  and exists (select 1 from flood_task t where t.incident_id = i.id and t.state in ('OPEN', 'ACCEPTED'))""")
                .params(district, Timestamp.from(now.minus(SAME_TIME))).query(FloodReports::incidentRow).list().stream()
                .filter(i -> DemoDrainageNetwork.metres(i.lon(), i.lat(), lon, lat) <= SAME_PLACE_METRES)
                .min(java.util.Comparator.comparingDouble(i -> DemoDrainageNetwork.metres(i.lon(), i.lat(), lon, lat))).orElse(null);
        if (near != null) {
            jdbc.sql("update flood_incident set reports = reports + 1, deepest_cm = greatest(deepest_cm, ?), last_report_at = ? where id = ?")
                    .params(cm, Timestamp.from(now), near.id()).update();
            acts.incident(actor, "REPORTED", near.id(), "又一份市民报告，积水约" + cm + "厘米 / another citizen's report: about " + cm + " cm");
            return incident(near.id()).orElseThrow();
        }
        Place spot = nearestSpot(lon, lat);
        String placeName = spot != null ? spot.name() : where.placeName();
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into flood_incident(district_code, division_code, place_name, lon, lat, spot_id, deepest_cm, reports, opened_at, last_report_at)
                values (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)""")
                .params(district, where.divisionCode(), placeName, lon, lat, spot == null ? null : spot.id(), cm, Timestamp.from(now), Timestamp.from(now))
                .update(key, "id");
        long id = key.getKey().longValue();
        acts.incident(actor, "OPENED", id, "市民报告积水约" + cm + "厘米 / a citizen reports about " + cm + " cm");
        tasks.openForIncident(id, where.divisionCode(), placeName, lon, lat, cm, FloodActs.RULE);
        return incident(id).orElseThrow();
    }

    /** The citizen's own reports, newest first. */
    Paged<Status> mine(CurrentUser user, int page, int size) {
        Action.REPORT_FLOODING.demand(user);
        long total = jdbc.sql("select count(*) from flood_report where reporter = ?").param(user.username()).query(Long.class).single();
        List<Status> rows = jdbc.sql("select * from flood_report where reporter = ? order by id desc limit ? offset ?")
                .params(user.username(), size, (long) Paged.firstRow(page, size)).query(FloodReports::reportRow).list().stream().map(this::status).toList();
        return new Paged<>(rows, page, size, total);
    }

    /** One of the citizen's own reports. */
    Status mine(CurrentUser user, long id) {
        Action.REPORT_FLOODING.demand(user);
        return jdbc.sql("select * from flood_report where id = ? and reporter = ?").params(id, user.username()).query(FloodReports::reportRow).optional()
                .map(this::status).orElseThrow(() -> new NotFound("service_request_id", "没有这份报告 / no such report of yours"));
    }

    /** The incidents of the last day in the user's jurisdiction, the newest first. */
    List<Incident> recentIncidents(CurrentUser user) {
        Action.READ_FLOOD_RESPONSE.demand(user);
        String prefix = user.jurisdiction().communityPrefix() + "%";
        return jdbc.sql("select * from flood_incident where division_code like ? and last_report_at > ? order by last_report_at desc fetch first 200 rows only")
                .params(prefix, Timestamp.from(Instant.now().minus(Duration.ofDays(1)))).query(FloodReports::incidentRow).list();
    }

    /** The citizens' reports at a spot in the last day, the newest first: what staff see of it on the spot's page. */
    List<Report> recentAtSpot(CurrentUser user, long spotId) {
        Action.READ_FLOOD_RESPONSE.demand(user);
        return jdbc.sql("""
                select r.* from flood_report r join flood_incident i on i.id = r.incident_id
                where i.spot_id = ? and i.division_code like ? and r.created_at > ? order by r.id desc fetch first 20 rows only""")
                .params(spotId, user.jurisdiction().communityPrefix() + "%", Timestamp.from(Instant.now().minus(Duration.ofDays(1))))
                .query(FloodReports::reportRow).list();
    }

    /** The photos of an incident's reports: what staff see of it. */
    List<Report> reportsOf(CurrentUser user, long incidentId) {
        Action.READ_FLOOD_RESPONSE.demand(user);
        return jdbc.sql("select r.* from flood_report r join flood_incident i on i.id = r.incident_id where r.incident_id = ? and i.division_code like ? order by r.id")
                .params(incidentId, user.jurisdiction().communityPrefix() + "%").query(FloodReports::reportRow).list();
    }

    /** A photo, for its reporter or for staff who see incidents. */
    Optional<byte[]> photo(CurrentUser user, String name) {
        Action.VIEW_FLOOD_PHOTO.demand(user);
        boolean staff = Action.READ_FLOOD_RESPONSE.allows(user.roles());
        long mine = jdbc.sql("select count(*) from flood_report where photo = ? and reporter = ?").params(name, user.username()).query(Long.class).single();
        if (!staff && mine == 0) {
            return Optional.empty();
        }
        return photos.read(name);
    }

    private Status status(Report r) {
        return new Status(r, incident(r.incidentId()).orElseThrow(), tasks.ofIncident(r.incidentId()));
    }

    private Optional<Report> byToken(String reporter, String token) {
        return jdbc.sql("select * from flood_report where reporter = ? and client_token = ?").params(reporter, token).query(FloodReports::reportRow).optional();
    }

    private Optional<Report> byId(long id) {
        return jdbc.sql("select * from flood_report where id = ?").param(id).query(FloodReports::reportRow).optional();
    }

    Optional<Incident> incident(long id) {
        return jdbc.sql("select * from flood_incident where id = ?").param(id).query(FloodReports::incidentRow).optional();
    }

    private Place nearestSpot(double lon, double lat) {
        return city.places(PlaceKind.WATERLOGGING_SPOT, null, 10_000).stream().filter(s -> DemoDrainageNetwork.metres(s.lon(), s.lat(), lon, lat) <= SPOT_REACH_METRES)
                .min(java.util.Comparator.comparingDouble(s -> DemoDrainageNetwork.metres(s.lon(), s.lat(), lon, lat))).orElse(null);
    }

    private static Double coordinate(String field, String typed, double min, double max) {
        if (typed == null || typed.isBlank()) {
            throw new InvalidStandardValue(field, "请在地图上选择位置或使用手机定位 / choose the place on the map or use the phone's location");
        }
        try {
            double v = Double.parseDouble(typed.strip());
            if (!Double.isFinite(v) || v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidStandardValue(field, "坐标应为" + min + "到" + max + "之间的度数 / degrees between " + min + " and " + max);
        }
    }

    private static Depth depthWord(String typed) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        try {
            return Depth.valueOf(typed.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidStandardValue("depth", "积水深度请选择：脚踝、膝盖或腰部 / depth: ANKLE, KNEE or WAIST");
        }
    }

    private static Integer depthCm(String typed, Depth word) {
        if (typed == null || typed.isBlank()) {
            if (word == null) {
                throw new InvalidStandardValue("depth", "请估计积水深度（到脚踝、膝盖、腰部，或厘米数）/ estimate the depth: ankle, knee, waist or cm");
            }
            return word.cm;
        }
        try {
            int cm = Integer.parseInt(typed.strip());
            if (cm < 1 || cm > 300) {
                throw new NumberFormatException();
            }
            return cm;
        } catch (NumberFormatException e) {
            throw new InvalidStandardValue("depth_cm", "积水深度应为1到300厘米 / depth: 1 to 300 cm");
        }
    }

    private static String text(String field, String typed, int max) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        if (typed.strip().length() > max) {
            throw new InvalidStandardValue(field, "最多" + max + "字 / at most " + max + " characters");
        }
        return typed.strip();
    }

    private static String mediaUrl(String typed) {
        String url = text("media_url", typed, 500);
        if (url != null && !url.matches("(?i)https?://[^\\s]+")) {
            throw new InvalidStandardValue("media_url", "照片链接应为 http(s) 地址 / media_url: an http(s) address");
        }
        return url;
    }

    private static Report reportRow(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Report(rs.getLong("id"), rs.getDouble("lon"), rs.getDouble("lat"), rs.getInt("depth_cm"), rs.getString("depth_word"), rs.getString("description"),
                rs.getString("photo"), rs.getString("media_url"), rs.getLong("incident_id"), rs.getTimestamp("created_at").toInstant());
    }

    private static Incident incidentRow(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Incident(rs.getLong("id"), rs.getString("district_code"), rs.getString("division_code"), rs.getString("place_name"), rs.getDouble("lon"),
                rs.getDouble("lat"), rs.getObject("spot_id", Long.class), rs.getInt("deepest_cm"), rs.getInt("reports"), rs.getTimestamp("opened_at").toInstant(),
                rs.getTimestamp("last_report_at").toInstant());
    }
}
