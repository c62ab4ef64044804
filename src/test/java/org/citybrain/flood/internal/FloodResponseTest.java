package org.citybrain.flood.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainTest;
import org.citybrain.DemoAccounts;
import org.citybrain.city.CityMap;
import org.citybrain.city.Place;
import org.citybrain.city.PlaceKind;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Heavy rain at a demo gauge raises its district's warning, starts the district's response at the plan's level and
 * opens tasks that units work and that go up when overdue; a citizen's photo report becomes an incident and a task,
 * and she sees what became of it.
 */
@CityBrainTest
class FloodResponseTest {

    @LocalServerPort
    int port;

    @Autowired
    RainfallWatch watch;

    @Autowired
    FloodTasks tasks;

    @Autowired
    CityMap city;

    @Test
    void heavyRainAtAGaugeRaisesAWarningStartsTheDistrictsResponseAndOpensTasksThatAreTrackedAndEscalated() throws Exception {
        Place tunnel = city.places(PlaceKind.WATERLOGGING_SPOT, null, 100).stream().filter(PlanTargets::tunnel).findFirst().orElseThrow();
        CityBrainClient gauge = CityBrainClient.basic(port, "rain-gauge-002", DemoAccounts.password("rain-gauge-002"));
        // A clean situation whatever ran before in this city: the headquarters lifts what stands and ends what runs, and
        // this storm falls half a day ahead, beyond the rain of other tests (the rule reads the last 12 hours).
        CityBrainClient hq = as("commander");
        for (JsonNode w : hq.get("/api/flood/v1/warnings").json()) {
            hq.json("POST", "/api/flood/v1/warnings/" + w.get("id").asLong() + "/lift", "{\"reason\": \"测试开始\"}");
        }
        for (JsonNode r : hq.get("/api/flood/v1/responses").json()) {
            hq.json("POST", "/api/flood/v1/responses/" + r.get("response").get("id").asLong() + "/end", "{\"reason\": \"测试开始\"}");
        }
        Instant now = Instant.now().plus(Duration.ofHours(13));
        // 62 mm in the last three hours, hour by hour: the orange rainstorm signal (50 mm in 3 h), not the red (100 mm)
        for (int h = 2; h >= 0; h--) {
            var sent = gauge.request("POST", "/devices/v1/rain-gauge-002/measurements", """
                    {"type": "Sensor", "observedAt": "%s", "measurements": {"rainfall": %s}, "location": [%s, %s]}"""
                    .formatted(now.minus(Duration.ofMinutes(60L * h + 10)), h == 0 ? "30.5" : "15.75", tunnel.lon(), tunnel.lat()), "Content-Type", "application/json");
            assertThat(sent.status()).as(sent.body()).isEqualTo(202);
        }
        RainfallWatch.Look look = null;
        for (int i = 0; i < 100 && (look == null || look.districts().get(tunnel.districtCode()) == null); i++) {
            Thread.sleep(100);
            look = watch.look(now);
        }
        assertThat(look.districts()).containsEntry(tunnel.districtCode(), org.citybrain.flood.RiskLevel.ORANGE);

        CityBrainClient commander = as("commander");
        JsonNode warnings = commander.get("/api/flood/v1/warnings").json();
        JsonNode district = find(warnings, w -> w.get("scope").get("code").asString().equals(tunnel.districtCode()));
        assertThat(district.get("level").asString()).isEqualTo("ORANGE");
        assertThat(district.get("basis").asString()).contains("62.0毫米").contains("3小时");
        assertThat(find(warnings, w -> w.get("scope").get("kind").asString().equals("CITY")).get("level").asString()).isEqualTo("ORANGE");

        // orange starts the district's level II response, once, however often the rule looks
        watch.look(now);
        JsonNode responses = commander.get("/api/flood/v1/responses").json();
        JsonNode response = find(responses, r -> r.get("response").get("scope").get("code").asString().equals(tunnel.districtCode()));
        assertThat(response.get("response").get("level").asInt()).isEqualTo(2);
        assertThat(response.get("response").get("startedBy").asString()).isEqualTo("rule");

        // its tasks: the tunnel closed by the traffic police, pump trucks, patrols of the lower levels, residents warned
        JsonNode open = commander.get("/api/flood/v1/tasks?size=100").json().get("items");
        List<String> titles = new ArrayList<>();
        open.forEach(t -> titles.add(t.get("titleZh").asString()));
        assertThat(titles).anyMatch(t -> t.startsWith("封闭" + tunnel.name()));
        assertThat(titles).anyMatch(t -> t.startsWith("调派移动泵车到" + tunnel.name()));
        assertThat(titles).anyMatch(t -> t.startsWith("巡查易积水点"));
        assertThat(titles).noneMatch(t -> t.startsWith("转移")); // evacuations are level I's
        JsonNode all = commander.get("/api/flood/v1/tasks?open=false&size=100").json().get("items");
        JsonNode warned = find(all, t -> t.get("kind").asString().equals("WARN_RESIDENTS"));
        assertThat(warned.get("state").asString()).isEqualTo("DONE");
        assertThat(warned.get("note").asString()).startsWith("已向").contains("位居民发送预警短信");

        // a unit accepts the tunnel's closing and reports it done; done needs a note; another district's staff cannot touch it
        JsonNode close = find(open, t -> t.get("titleZh").asString().startsWith("封闭" + tunnel.name()));
        long id = close.get("id").asLong();
        String districtAccount = tunnel.districtCode().equals("410105") ? "jinshui" : tunnel.districtCode().equals("410103") ? "erqi" : "commander";
        CityBrainClient unit = as(districtAccount);
        assertThat(unit.json("POST", "/api/flood/v1/tasks/" + id + "/progress", "{\"state\": \"ACCEPTED\"}").status()).isEqualTo(200);
        var noNote = unit.json("POST", "/api/flood/v1/tasks/" + id + "/progress", "{\"state\": \"DONE\"}");
        assertThat(noNote.status()).isEqualTo(400);
        assertThat(noNote.json().get("field").asString()).isEqualTo("note");
        String other = districtAccount.equals("erqi") ? "jinshui" : "erqi";
        assertThat(as(other).json("POST", "/api/flood/v1/tasks/" + id + "/progress", "{\"state\": \"DONE\", \"note\": \"x\"}").status()).isEqualTo(403);
        var done = unit.json("POST", "/api/flood/v1/tasks/" + id + "/progress", "{\"state\": \"DONE\", \"note\": \"两端已设路障，交警值守\"}");
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        JsonNode timeline = commander.get("/api/flood/v1/tasks/" + id).json().get("acts");
        assertThat(timeline).extracting(a -> a.get("act").asString()).containsExactly("OPENED", "ACCEPTED", "DONE");
        assertThat(timeline.get(2).get("actor").asString()).isEqualTo(districtAccount);

        // a task past its limit goes up to the district's headquarters, and a limit later to the city's
        long patrol = find(open, t -> t.get("titleZh").asString().startsWith("巡查易积水点")).get("id").asLong();
        assertThat(tasks.escalate(Instant.now().plus(Duration.ofMinutes(61)))).isPositive();
        assertThat(tasks.byId(patrol).orElseThrow().escalations()).isEqualTo(1);
        tasks.escalate(Instant.now().plus(Duration.ofMinutes(62)));
        assertThat(tasks.byId(patrol).orElseThrow().escalations()).as("not before another limit has passed").isEqualTo(1);
        tasks.escalate(Instant.now().plus(Duration.ofMinutes(125)));
        assertThat(tasks.byId(patrol).orElseThrow().escalations()).isEqualTo(2);

        // the headquarters raises the city to level I by hand, with a reason; a lower level is refused naming level
        var city1 = commander.json("POST", "/api/flood/v1/responses", "{\"area\": \"410100\", \"level\": 1, \"reason\": \"市防指会商：全市启动Ⅰ级响应\"}");
        assertThat(city1.status()).as(city1.body()).isEqualTo(201);
        var lower = commander.json("POST", "/api/flood/v1/responses", "{\"area\": \"410100\", \"level\": 3, \"reason\": \"降级\"}");
        assertThat(lower.status()).isEqualTo(409);
        assertThat(lower.json().get("field").asString()).isEqualTo("level");
        var noReason = commander.json("POST", "/api/flood/v1/responses", "{\"area\": \"410100\", \"level\": 1}");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.json().get("field").asString()).isEqualTo("reason");
        assertThat(as("jinshui").json("POST", "/api/flood/v1/responses", "{\"area\": \"410105\", \"level\": 1, \"reason\": \"x\"}").status()).isEqualTo(403);
        // ending it cancels what is still open
        long cityResponse = city1.json().get("id").asLong();
        var ended = commander.json("POST", "/api/flood/v1/responses/" + cityResponse + "/end", "{\"reason\": \"雨停，积水退去\"}");
        assertThat(ended.status()).as(ended.body()).isEqualTo(200);
        JsonNode after = commander.get("/api/flood/v1/tasks?open=false&size=100").json().get("items");
        after.forEach(t -> {
            if (t.get("responseId").asLong() == cityResponse) {
                assertThat(t.get("state").asString()).isIn("DONE", "CANCELLED");
            }
        });

        // the demo's storm from the board: the three hours before 7·20's peak at gauge 1 (293 mm) mean red and a level I response
        var rained = commander.postForm("/flood/command/demo-rain", java.util.Map.of(), commander.csrf("/flood/command"));
        assertThat(rained.status()).as(rained.body()).isEqualTo(302);
        JsonNode red = commander.get("/api/flood/v1/warnings").json();
        assertThat(red).anyMatch(w -> w.get("scope").get("kind").asString().equals("DISTRICT") && w.get("level").asString().equals("RED"));
        assertThat(commander.get("/api/flood/v1/responses").json()).anyMatch(r -> r.get("response").get("level").asInt() == 1
                && r.get("response").get("startedBy").asString().equals("rule"));
        assertThat(as("jinshui").postForm("/flood/command/demo-rain", java.util.Map.of(), as("jinshui").csrf("/flood/command")).status()).isEqualTo(403);
    }

    @Test
    void aCitizensPhotoReportBecomesAnIncidentAndATaskItsPhotoLosesItsExifAndSheSeesWhatBecameOfIt() throws Exception {
        Place spot = city.places(PlaceKind.WATERLOGGING_SPOT, null, 100).get(5);
        CityBrainClient citizen = as("410105198805120019");
        byte[] photo = jpegWithExif(640, 480);
        var created = citizen.bytes("POST", "/api/open311/v2/requests.json",
                multipart(photo, "service_code", "FLOODING", "lat", String.valueOf(spot.lat() + 0.0003), "long", String.valueOf(spot.lon()),
                        "attribute[depth]", "KNEE", "description", "隧道口积水，一辆车熄火"),
                "Content-Type", "multipart/form-data; boundary=" + BOUNDARY, "Idempotency-Key", "report-1");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String requestId = created.json().get(0).get("service_request_id").asString();
        // the same submission again is the same report
        var again = citizen.bytes("POST", "/api/open311/v2/requests.json",
                multipart(photo, "service_code", "FLOODING", "lat", String.valueOf(spot.lat() + 0.0003), "long", String.valueOf(spot.lon()),
                        "attribute[depth]", "KNEE"),
                "Content-Type", "multipart/form-data; boundary=" + BOUNDARY, "Idempotency-Key", "report-1");
        assertThat(again.json().get(0).get("service_request_id").asString()).isEqualTo(requestId);
        // another report 50 m away joins the same incident
        var second = citizen.request("POST", "/api/open311/v2/requests.json", "service_code=FLOODING&lat=" + (spot.lat() + 0.0006) + "&long=" + spot.lon()
                + "&attribute%5Bdepth_cm%5D=60", "Content-Type", "application/x-www-form-urlencoded", "Idempotency-Key", "report-2");
        assertThat(second.status()).as(second.body()).isEqualTo(201);

        JsonNode status = citizen.get("/api/open311/v2/requests/" + requestId + ".json").json().get(0);
        assertThat(status.get("status").asString()).isEqualTo("open");
        assertThat(status.get("agency_responsible").asString()).isEqualTo("区城市管理局排水抢险队");
        assertThat(status.get("address").asString()).isEqualTo(spot.name());
        String mediaUrl = status.get("media_url").asString();
        var stored = citizen.getBytes(mediaUrl);
        assertThat(stored.getKey()).isEqualTo(200);
        byte[] kept = stored.getValue();
        assertThat(new String(kept, StandardCharsets.ISO_8859_1)).doesNotContain("Exif").doesNotContain("SECRET-PHONE");
        BufferedImage upright = ImageIO.read(new java.io.ByteArrayInputStream(kept));
        assertThat(upright.getHeight()).as("orientation 6 turned the photo upright").isEqualTo(640);
        assertThat(upright.getWidth()).isEqualTo(480);

        // the spot's water as she saw it: the spot's warning (45 cm: orange), and one incident with two reports and one task
        JsonNode warnings = as("commander").get("/api/flood/v1/warnings").json();
        JsonNode spotWarning = find(warnings, w -> w.get("scope").get("kind").asString().equals("SPOT") && w.get("scope").get("code").asString().equals(String.valueOf(spot.id())));
        assertThat(spotWarning.get("level").asString()).isIn("ORANGE", "RED");
        JsonNode open = as("commander").get("/api/flood/v1/tasks?size=100").json().get("items");
        List<JsonNode> incidentTasks = new ArrayList<>();
        open.forEach(t -> {
            if (!t.get("incidentId").isNull() && t.get("targetName").asString().equals(spot.name())) {
                incidentTasks.add(t);
            }
        });
        assertThat(incidentTasks).hasSize(1);
        assertThat(incidentTasks.getFirst().get("titleZh").asString()).as("the first report opened it").contains("45厘米");

        // the spot's page shows the headquarters her photo and the open task beside what a scenario predicts
        CityBrainClient commander = as("commander");
        var run = commander.json("POST", "/api/flood/v1/scenarios", "{\"name\": \"随手拍测试 1年一遇\", \"storm\": \"DESIGN\", \"returnPeriodYears\": 1, "
                + "\"durationMinutes\": 60, \"peakPercent\": 40}");
        assertThat(run.status()).as(run.body()).isIn(200, 201);
        String page = commander.get("/flood/scenarios/" + run.json().get("id").asLong() + "/spots/" + spot.id()).body();
        assertThat(page).contains("id=\"spot-now\"").contains(mediaUrl).contains("市民报告积水约45厘米");

        // the crew reports it done; her report is closed with what was done
        var done = as("commander").json("POST", "/api/flood/v1/tasks/" + incidentTasks.getFirst().get("id").asLong() + "/progress",
                "{\"state\": \"DONE\", \"note\": \"泵车抽排40分钟，积水已退\"}");
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        JsonNode closed = citizen.get("/api/open311/v2/requests/" + requestId + ".json").json().get(0);
        assertThat(closed.get("status").asString()).isEqualTo("closed");
        assertThat(closed.get("status_notes").asString()).contains("泵车抽排40分钟");

        // bad reports: outside the city, not a photo, no depth
        var beijing = citizen.request("POST", "/api/open311/v2/requests.json", "service_code=FLOODING&lat=39.9&long=116.4&attribute%5Bdepth%5D=KNEE",
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(beijing.status()).isEqualTo(400);
        assertThat(beijing.json().get("field").asString()).isEqualTo("lat");
        assertThat(beijing.json().get("detail").asString()).contains("不在本市范围内");
        var notAPhoto = citizen.bytes("POST", "/api/open311/v2/requests.json",
                multipart("这不是照片".getBytes(StandardCharsets.UTF_8), "service_code", "FLOODING", "lat", String.valueOf(spot.lat()), "long", String.valueOf(spot.lon()),
                        "attribute[depth]", "ANKLE"),
                "Content-Type", "multipart/form-data; boundary=" + BOUNDARY);
        assertThat(notAPhoto.status()).isEqualTo(400);
        assertThat(notAPhoto.json().get("field").asString()).isEqualTo("media");
        var noDepth = citizen.request("POST", "/api/open311/v2/requests.json", "service_code=FLOODING&lat=" + spot.lat() + "&long=" + spot.lon(),
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(noDepth.status()).isEqualTo(400);
        assertThat(noDepth.json().get("field").asString()).isEqualTo("depth");
        // only citizens report, and a report is its reporter's own
        assertThat(as("commander").get("/api/open311/v2/requests/" + requestId + ".json").status()).isEqualTo(403);
        assertThat(citizen.get("/api/open311/v2/services.json").json().get(0).get("service_code").asString()).isEqualTo("FLOODING");
    }

    private static final String BOUNDARY = "citybrain-test-boundary";

    private static byte[] multipart(byte[] photo, String... fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < fields.length; i += 2) {
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + fields[i] + "\"\r\n\r\n" + fields[i + 1] + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"media\"; filename=\"photo.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(photo);
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** A landscape JPEG with an EXIF segment: orientation 6 (turn 90° clockwise) and a camera make that must not survive. */
    static byte[] jpegWithExif(int w, int h) throws Exception {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", plain);
        byte[] jpeg = plain.toByteArray();
        byte[] make = "SECRET-PHONE\0".getBytes(StandardCharsets.US_ASCII);
        // TIFF, big-endian: header, IFD0 with two entries (Make at offset 38, Orientation = 6)
        java.nio.ByteBuffer tiff = java.nio.ByteBuffer.allocate(8 + 2 + 2 * 12 + 4 + make.length);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        tiff.putShort((short) 2);
        tiff.putShort((short) 0x010F).putShort((short) 2).putInt(make.length).putInt(8 + 2 + 2 * 12 + 4);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) 6).putShort((short) 0);
        tiff.putInt(0);
        tiff.put(make);
        byte[] exif = new byte[6 + tiff.capacity()];
        System.arraycopy("Exif\0\0".getBytes(StandardCharsets.US_ASCII), 0, exif, 0, 6);
        System.arraycopy(tiff.array(), 0, exif, 6, tiff.capacity());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2); // SOI
        out.write(0xFF);
        out.write(0xE1);
        out.write((exif.length + 2) >> 8);
        out.write((exif.length + 2) & 0xFF);
        out.write(exif);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private static JsonNode find(JsonNode list, java.util.function.Predicate<JsonNode> which) {
        for (JsonNode n : list) {
            if (which.test(n)) {
                return n;
            }
        }
        throw new AssertionError("none matches in " + list);
    }

    private CityBrainClient as(String account) {
        return CityBrainClient.basic(port, account, DemoAccounts.password(account));
    }
}
