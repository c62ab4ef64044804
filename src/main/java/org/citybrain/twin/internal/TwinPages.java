package org.citybrain.twin.internal;

import org.citybrain.identity.Action;
import org.citybrain.identity.Performs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.citybrain.twin.NgsiLdError;
import org.citybrain.twin.TwinEntities;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The twin in the web UI: search by type, attribute (q) and area; one entity with its relationships and history. */
@Controller
class TwinPages {

    private final NgsiLdBroker broker;
    private final LdContexts contexts;
    private final JsonMapper json;
    private final org.citybrain.city.CityMap city;
    private final org.citybrain.platform.pages.CityTime time;

    TwinPages(NgsiLdBroker broker, LdContexts contexts, JsonMapper json, org.citybrain.city.CityMap city, org.citybrain.platform.pages.CityTime time) {
        this.broker = broker;
        this.contexts = contexts;
        this.json = json;
        this.city = city;
        this.time = time;
    }

    /**
     * UN/CEFACT unit codes (what NGSI-LD's unitCode carries) as people write them. Only the codes CityBrain's twin
     * uses; an unknown code is shown as it is.
     */
    static final Map<String, String> UNITS = Map.ofEntries(Map.entry("MMT", "mm"), Map.entry("H67", "mm/h"), Map.entry("CEL", "°C"),
            Map.entry("MTR", "m"), Map.entry("KMT", "km"), Map.entry("KMH", "km/h"), Map.entry("P1", "%"), Map.entry("MQS", "m³/s"),
            Map.entry("MTQ", "m³"), Map.entry("E50", "m"), Map.entry("C62", ""), Map.entry("MIN", "min"), Map.entry("SEC", "s"), Map.entry("HUR", "h"));

    record Row(String id, String type, String name, String division) {
    }

    @Performs(Action.READ_TWIN)
    @GetMapping("/twin")
    String search(@RequestParam(defaultValue = "Hospital") String type, @RequestParam(required = false) String q,
                  @RequestParam(required = false) String district, @RequestParam(required = false) Double lon,
                  @RequestParam(required = false) Double lat, @RequestParam(required = false) Integer radius,
                  @RequestParam(defaultValue = "0") int page, @RequestHeader(value = "HX-Request", required = false) String htmx,
                  jakarta.servlet.http.HttpServletResponse response, Model model) {
        LdContext ctx = contexts.citybrain();
        model.addAttribute("districts", city.districts());
        try {
            search(type, q, district, lon, lat, radius, page, model, ctx);
        } catch (NgsiLdError | org.citybrain.standards.InvalidStandardValue e) {
            // A refused search shows why, in place of the old results (htmx swaps a 200 only; a full page says 400).
            model.addAttribute("searchError", e.getMessage());
            model.addAttribute("rows", List.of());
            model.addAttribute("results", new org.citybrain.platform.pages.Paged<>(List.of(), 0, 50, 0));
            model.addAttribute("mapQuery", "");
            if (htmx == null) {
                response.setStatus(400);
            }
        }
        return htmx != null ? "twin :: results" : "twin";
    }

    private void search(String type, String q, String district, Double lon, Double lat, Integer radius, int pageNumber, Model model, LdContext ctx) {
        model.addAttribute("types", broker.types(TwinEntities.DEFAULT_TENANT).keySet().stream().map(ctx::compact).toList());
        model.addAttribute("type", type);
        model.addAttribute("q", q);
        model.addAttribute("district", district);
        model.addAttribute("lon", lon);
        model.addAttribute("lat", lat);
        model.addAttribute("radius", radius);
        String query = q == null || q.isBlank() ? null : q.trim();
        if (district != null && !district.isBlank()) {
            if (!district.matches("\\d{6}")) {
                throw new NgsiLdError(NgsiLdError.Type.BadRequestData, "区县代码应为6位数字 / a district code has 6 digits");
            }
            query = (query == null ? "" : "(" + query + ");") + "districtCode==\"" + district + "\"";
        }
        GeoQuery geo = lon != null && lat != null && radius != null
                ? GeoQuery.parse("near;maxDistance==" + radius, "Point", "[" + lon + "," + lat + "]", null) : null;
        TwinStore.Page page = broker.query(TwinEntities.DEFAULT_TENANT, new TwinStore.Query(List.of(ctx.expand(type)), null, null, null,
                query == null ? null : QueryLanguage.parse(query), ctx::expand, geo, org.citybrain.platform.pages.Paged.firstRow(pageNumber, 50), 50));
        List<Row> rows = new ArrayList<>();
        for (TwinStore.Stored s : page.entities()) {
            ObjectNode e = broker.documents().present(s.doc(), ctx, true, null, false, null, null);
            rows.add(new Row(e.get("id").asString(), e.get("type").asString(), e.path("name").asString(e.get("id").asString()),
                    e.path("divisionCode").asString("")));
        }
        model.addAttribute("rows", rows);
        model.addAttribute("results", new org.citybrain.platform.pages.Paged<>(rows, Math.max(0, pageNumber), 50, page.total()));
        model.addAttribute("mapQuery", mapQuery(type, query, geo != null ? new double[] {lon, lat, radius} : null));
    }

    @Performs(Action.READ_TWIN)
    @GetMapping("/twin/entity")
    String entity(@RequestParam String id, Model model) {
        LdContext ctx = contexts.citybrain();
        TwinStore.Stored stored = broker.retrieve(TwinEntities.DEFAULT_TENANT, id);
        ObjectNode e = broker.documents().present(stored.doc(), ctx, false, null, false, null, null);
        Map<String, String> properties = new LinkedHashMap<>();
        Map<String, String> relationships = new LinkedHashMap<>();
        // Only measured numbers (with observedAt) have a history worth a chart; a hospital's beds do not change by the hour.
        List<String> numeric = new ArrayList<>();
        Map<String, Origin> origins = new LinkedHashMap<>();
        for (var a : e.properties()) {
            JsonNode attr = a.getValue();
            if (!attr.isObject()) {
                continue;
            }
            // Lineage (the data hub's sub-properties): which source, which run, when; gathered per source.
            if (attr.path("hubSource").has("object")) {
                String source = attr.get("hubSource").get("object").asString().replaceFirst("^urn:ngsi-ld:DataSource:", "");
                String at = attr.path("hubLoadedAt").path("value").asString("");
                String when = at;
                try {
                    when = time.human(java.time.Instant.parse(at));
                } catch (java.time.format.DateTimeParseException ex) {
                    // shown as stored
                }
                Origin o = origins.computeIfAbsent(source, k -> new Origin(k, new ArrayList<>(), new ArrayList<>()));
                o.attributes().add(a.getKey());
                Run run = new Run(attr.path("hubRun").path("value").asString(""), when);
                if (!o.runs().contains(run)) {
                    o.runs().add(run);
                }
            }
            switch (attr.path("type").asString()) {
                case "Relationship" -> relationships.put(a.getKey(), attr.get("object").asString());
                case "GeoProperty" -> properties.put(a.getKey(), attr.get("value").get("type").asString());
                default -> {
                    JsonNode v = attr.get("value");
                    String unit = attr.has("unitCode") ? UNITS.getOrDefault(attr.get("unitCode").asString(), attr.get("unitCode").asString()) : "";
                    String shown = v.isBoolean() ? (v.asBoolean() ? "✓" : "✗") : v.isString() ? v.asString() : v.toString();
                    String observed = "";
                    if (attr.has("observedAt")) {
                        try {
                            observed = " · " + time.human(java.time.Instant.parse(attr.get("observedAt").asString()));
                        } catch (java.time.format.DateTimeParseException ex) {
                            observed = " · " + attr.get("observedAt").asString();
                        }
                    }
                    properties.put(a.getKey(), shown + (unit.isEmpty() ? "" : " " + unit) + observed);
                    if (v.isNumber() && attr.has("observedAt")) {
                        numeric.add(a.getKey());
                    }
                }
            }
        }
        TwinStore.Page children = broker.query(TwinEntities.DEFAULT_TENANT, new TwinStore.Query(null, null, null, null,
                QueryLanguage.parse("partOf==\"" + id + "\""), ctx::expand, null, 0, 100));
        List<Row> parts = children.entities().stream().map(s -> {
            ObjectNode c = broker.documents().present(s.doc(), ctx, true, null, false, null, null);
            return new Row(c.get("id").asString(), c.get("type").asString(), c.path("name").asString(""), c.path("divisionCode").asString(""));
        }).toList();
        Map<String, List<List<Object>>> history = new LinkedHashMap<>();
        if (!numeric.isEmpty()) {
            for (TwinStore.Instance i : broker.history(TwinEntities.DEFAULT_TENANT, id, numeric.stream().map(ctx::expand).toList(), null, null)) {
                JsonNode v = EntityDocuments.simplified(i.instance());
                history.computeIfAbsent(ctx.compact(i.name()), k -> new ArrayList<>()).add(List.of(i.observedAt().toString(), v.asDouble()));
            }
            // A series that never changed is a fact, not a history: shown among the properties, not plotted.
            history.values().removeIf(points -> points.stream().map(pt -> pt.get(1)).distinct().count() < 2);
        }
        model.addAttribute("id", id);
        model.addAttribute("type", e.get("type").asString());
        model.addAttribute("name", e.path("name").path("value").asString(id));
        model.addAttribute("properties", properties);
        model.addAttribute("relationships", relationships);
        model.addAttribute("origins", List.copyOf(origins.values()));
        model.addAttribute("parts", parts);
        model.addAttribute("partsTotal", children.total());
        model.addAttribute("historyJson", json.writeValueAsString(history));
        return "twin-entity";
    }

    /** Where an entity's values came from: a data hub source, its runs (number and time), and the attributes it gave. */
    record Origin(String source, List<String> attributes, List<Run> runs) {
    }

    record Run(String number, String when) {
    }

    private static String mapQuery(String type, String q, double[] near) {
        StringBuilder s = new StringBuilder("type=").append(java.net.URLEncoder.encode(type, java.nio.charset.StandardCharsets.UTF_8)).append("&limit=1000");
        if (q != null) {
            s.append("&q=").append(java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8));
        }
        if (near != null) {
            s.append("&georel=").append(java.net.URLEncoder.encode("near;maxDistance==" + (int) near[2], java.nio.charset.StandardCharsets.UTF_8))
                    .append("&geometry=Point&coordinates=").append(java.net.URLEncoder.encode("[" + near[0] + "," + near[1] + "]", java.nio.charset.StandardCharsets.UTF_8));
        }
        return s.toString();
    }

    @ExceptionHandler(NgsiLdError.class)
    String refused(NgsiLdError e, Model model, jakarta.servlet.http.HttpServletResponse response) {
        response.setStatus(e.type().status());
        model.addAttribute("message", e.getMessage());
        return "refused";
    }
}
