package org.citybrain.flood.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.identity.Performs;
import org.citybrain.platform.NotFound;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Citizens' flood reports over Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2), so that existing reporting apps
 * send to us: the service list, the service definition, creating a request with {@code lat}/{@code long},
 * {@code description}, {@code media_url} and the depth as {@code attribute[depth]} or {@code attribute[depth_cm]}, and a
 * request's status. A photo may also be sent as the multipart part {@code media} (a common extension of the standard).
 * The caller is the citizen herself (her app token); the request list is her own requests, not the city's (the reports
 * carry her place and photo). Refusals are ProblemDetails naming the parameter, as everywhere in CityBrain, rather
 * than GeoReport's error list.
 */
@RestController
@RequestMapping("/api/open311/v2")
@Tag(name = "Open311 GeoReport v2", description = "Citizens' flood reports (随手拍) as Open311 service requests")
class Open311Api {

    static final String SERVICE_CODE = "FLOODING";

    private final FloodReports reports;
    private final CurrentUsers users;

    Open311Api(FloodReports reports, CurrentUsers users) {
        this.reports = reports;
        this.users = users;
    }

    @Performs(Action.REPORT_FLOODING)
    @GetMapping("/services.json")
    @Operation(summary = "The services one may request: flooding (道路积水)")
    List<Map<String, Object>> services() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("service_code", SERVICE_CODE);
        s.put("service_name", "道路积水 Flooding");
        s.put("description", "路面、隧道、地下通道或小区积水：拍照、定位、估计水深 / water on a road, in a tunnel, an underpass or a compound: a photo, the place, the depth");
        s.put("metadata", true);
        s.put("type", "realtime");
        s.put("keywords", "积水,内涝,flood,waterlogging");
        s.put("group", "防汛 Flood control");
        return List.of(s);
    }

    @Performs(Action.REPORT_FLOODING)
    @GetMapping("/services/{code}.json")
    @Operation(summary = "The flooding service's attributes: the depth as a word or in cm")
    Map<String, Object> definition(@PathVariable String code) {
        if (!SERVICE_CODE.equals(code)) {
            throw new NotFound("service_code", "没有这项服务 / no such service: " + code);
        }
        List<Map<String, Object>> values = List.of(Map.of("key", "ANKLE", "name", "没过脚踝 ankle-deep (~10 cm)"), Map.of("key", "KNEE", "name", "没过膝盖 knee-deep (~45 cm)"),
                Map.of("key", "WAIST", "name", "齐腰 waist-deep (~90 cm)"));
        return Map.of("service_code", SERVICE_CODE, "attributes", List.of(
                attribute("depth", "singlevaluelist", "积水大约多深 / how deep the water is", 1, values),
                attribute("depth_cm", "number", "或填写厘米数（1–300）/ or the depth in cm (1–300)", 2, List.of())));
    }

    @Performs(Action.REPORT_FLOODING)
    @PostMapping("/requests.json")
    @Operation(summary = "Report flooding: service_code=FLOODING, lat, long, description, media_url, attribute[depth] or attribute[depth_cm]; "
            + "a photo as the multipart part media. An Idempotency-Key makes a retry the same report.")
    ResponseEntity<List<Map<String, Object>>> create(@RequestParam(name = "service_code", required = false) String serviceCode,
                                                     @RequestParam(required = false) String lat, @RequestParam(name = "long", required = false) String lon,
                                                     @RequestParam(required = false) String description, @RequestParam(name = "media_url", required = false) String mediaUrl,
                                                     @RequestParam(name = "attribute[depth]", required = false) String depth,
                                                     @RequestParam(name = "attribute[depth_cm]", required = false) String depthCm,
                                                     @RequestParam(required = false) MultipartFile media,
                                                     @RequestHeader(name = "Idempotency-Key", required = false) String key) throws IOException {
        if (!SERVICE_CODE.equals(serviceCode)) {
            throw new InvalidStandardValue("service_code", "service_code 应为 " + SERVICE_CODE + " / service_code: " + SERVICE_CODE);
        }
        byte[] photo = media == null || media.isEmpty() ? null : bytes(media);
        FloodReports.Status s = reports.report(users.require(), new FloodReports.Request(lat, lon, depth, depthCm, description, mediaUrl, key), photo);
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("service_request_id", String.valueOf(s.report().id()));
        created.put("service_notice", "已收到，已转" + s.tasks().stream().map(FloodTasks.Task::unit).findFirst().orElse("防汛指挥部") + "处置 / received and passed on");
        return ResponseEntity.status(201).body(List.of(created));
    }

    @Performs(Action.REPORT_FLOODING)
    @GetMapping("/requests.json")
    @Operation(summary = "The caller's own flood reports with their status, newest first")
    List<Map<String, Object>> mine() {
        return reports.mine(users.require(), 0, 100).items().stream().map(Open311Api::request).toList();
    }

    @Performs(Action.REPORT_FLOODING)
    @GetMapping("/requests/{id}.json")
    @Operation(summary = "One of the caller's reports: open or closed, and what was done (status_notes)")
    List<Map<String, Object>> one(@PathVariable long id) {
        return List.of(request(reports.mine(users.require(), id)));
    }

    private static byte[] bytes(MultipartFile media) throws IOException {
        if (media.getSize() > FloodPhotos.MAX_BYTES) {
            throw new InvalidStandardValue("media", "照片不能超过10 MB / the photo may be at most 10 MB");
        }
        return media.getBytes();
    }

    private static Map<String, Object> attribute(String code, String type, String description, int order, List<Map<String, Object>> values) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("variable", true);
        a.put("code", code);
        a.put("datatype", type);
        a.put("required", false);
        a.put("datatype_description", description);
        a.put("order", order);
        a.put("description", description);
        a.put("values", values);
        return a;
    }

    static Map<String, Object> request(FloodReports.Status s) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("service_request_id", String.valueOf(s.report().id()));
        r.put("status", s.closed() ? "closed" : "open");
        r.put("status_notes", statusNotes(s));
        r.put("service_name", "道路积水 Flooding");
        r.put("service_code", SERVICE_CODE);
        r.put("description", s.report().description());
        r.put("agency_responsible", s.tasks().stream().map(FloodTasks.Task::unit).findFirst().orElse(null));
        r.put("requested_datetime", s.report().createdAt().toString());
        Instant updated = s.tasks().stream().map(FloodTasks.Task::updatedAt).max(Instant::compareTo).orElse(s.report().createdAt());
        r.put("updated_datetime", updated.toString());
        r.put("address", s.incident().placeName());
        r.put("lat", s.report().lat());
        r.put("long", s.report().lon());
        // her photo as we keep it (no EXIF), or the link she sent
        r.put("media_url", s.report().photo() != null ? "/flood/photos/" + s.report().photo() : s.report().mediaUrl());
        return r;
    }

    private static String statusNotes(FloodReports.Status s) {
        FloodTasks.Task t = s.tasks().isEmpty() ? null : s.tasks().getLast();
        if (t == null) {
            return "已并入" + s.incident().placeName() + "的积水事件 / merged into the incident at " + s.incident().placeName();
        }
        return switch (t.state()) {
            case OPEN -> t.unit() + "已收到任务 / passed to " + t.unit();
            case ACCEPTED -> t.unit() + "正在处置 / " + t.unit() + " is on it";
            case DONE -> "已处置：" + t.note() + " / done: " + t.note();
            case CANCELLED -> "已撤销：" + t.note() + " / cancelled: " + t.note();
        };
    }
}
