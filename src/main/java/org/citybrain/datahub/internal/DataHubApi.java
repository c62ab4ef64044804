package org.citybrain.datahub.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.identity.Performs;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/datahub/v1")
@Tag(name = "Data hub", description = "Sources, versioned mappings, runs with quality reports, rejected rows, and the catalogue of the city's datasets")
class DataHubApi {

    private final Sources sources;
    private final Loading loading;
    private final Runs runs;
    private final Catalogue catalogue;
    private final DcatExport dcat;
    private final MappingPreview preview;
    private final CurrentUsers users;

    DataHubApi(Sources sources, Loading loading, Runs runs, Catalogue catalogue, DcatExport dcat, MappingPreview preview, CurrentUsers users) {
        this.sources = sources;
        this.loading = loading;
        this.runs = runs;
        this.catalogue = catalogue;
        this.dcat = dcat;
        this.preview = preview;
        this.users = users;
    }

    @Performs(Action.READ_DATA_SOURCES)
    @GetMapping("/sources")
    List<Sources.Source> sources() {
        return sources.all();
    }

    @Performs(Action.READ_DATA_SOURCES)
    @GetMapping("/sources/{id}")
    Sources.Source source(@PathVariable String id) {
        return sources.require(id);
    }

    @Performs(Action.MANAGE_DATA_SOURCES)
    @PutMapping("/sources/{id}")
    @Operation(summary = "Declare or change a source: {name, provider, ownerUnit, kind: FILE|PUSH|REST|JDBC|KAFKA|MQTT, "
            + "format: CSV|JSONL|GEOJSON|XLSX|SHAPEFILE, encoding: UTF-8|GBK|GB18030, allOrNothing, schedule (cron), expectedMinutes, datasetId, delimiter, "
            + "rest, database, kafka, mqtt} (docs/datahub.md)")
    Sources.Source define(@PathVariable String id, @RequestBody Sources.SourceDefinition d) {
        return sources.define(users.require(), new Sources.SourceDefinition(id, d.name(), d.provider(), d.ownerUnit(), d.kind(), d.format(), d.encoding(),
                d.allOrNothing(), d.schedule(), d.expectedMinutes(), d.datasetId(), d.delimiter(), d.rest(),
                d.database(), d.kafka(), d.mqtt()));
    }

    @Performs(Action.READ_DATA_SOURCES)
    @GetMapping("/sources/{id}/mappings")
    List<Map<String, Object>> mappings(@PathVariable String id) {
        sources.require(id);
        return sources.versions(id).stream().map(DataHubApi::mapping).toList();
    }

    @Performs(Action.MANAGE_DATA_SOURCES)
    @PostMapping("/sources/{id}/mappings")
    @Operation(summary = "Publish a new version of the source's mapping (see docs/datahub.md); runs in flight finish on theirs")
    ResponseEntity<Map<String, Object>> publish(@PathVariable String id, @RequestBody JsonNode document) {
        Sources.MappingVersion v = sources.publish(users.require(), id, document);
        return ResponseEntity.created(URI.create("/api/datahub/v1/sources/" + id + "/mappings/" + v.version())).body(mapping(v));
    }

    @Performs(Action.READ_DATA_SOURCES)
    @GetMapping("/sources/{id}/mappings/{version}")
    Map<String, Object> mapping(@PathVariable String id, @PathVariable int version) {
        return mapping(sources.mapping(id, version).orElseThrow(() -> new org.citybrain.platform.NotFound("version", "没有该版本 / no such version")));
    }

    @Performs(Action.READ_DATA_SOURCES)
    @PostMapping(value = "/sources/{id}/preview", consumes = MediaType.ALL_VALUE)
    @Operation(summary = "The first rows of a sample file (the request body) as the source's current mapping makes them, with each row's problems")
    MappingPreview.Preview preview(@PathVariable String id, InputStream body) throws IOException {
        return preview.preview(users.require(), id, body, 20);
    }

    @Performs(Action.LOAD_DATA)
    @PostMapping(value = "/sources/{id}/files", consumes = MediaType.ALL_VALUE)
    @Operation(summary = "Upload a file for a FILE source (the request body, any size; ?name= its file name). Answered 202 with the run, which loads in "
            + "the background (?wait=true: 201 when loaded). The same file uploaded again is the same run.")
    ResponseEntity<Runs.Run> upload(@PathVariable String id, @RequestParam(required = false) String name, @RequestParam(defaultValue = "false") boolean wait,
                                    HttpServletRequest request) throws IOException {
        Runs.Run run = loading.upload(users.require(), id, name, request.getInputStream(), wait);
        URI location = ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/datahub/v1/runs/{run}").build(run.id());
        return ResponseEntity.status(run.status() == Runs.Status.RUNNING ? 202 : 201).location(location).body(run);
    }

    @Performs(Action.LOAD_DATA)
    @PostMapping("/sources/{id}/records")
    @Operation(summary = "Push records to a PUSH source: one JSON object or an array of up to 10,000, loaded at once; Idempotency-Key makes a retry the "
            + "same run")
    ResponseEntity<Runs.Run> push(@PathVariable String id, @RequestBody JsonNode body, @RequestHeader(value = "Idempotency-Key", required = false) String key) {
        Runs.Run run = loading.push(users.require(), id, body, key);
        return ResponseEntity.status(201).location(URI.create("/api/datahub/v1/runs/" + run.id())).body(run);
    }

    @Performs(Action.READ_DATA_SOURCES)
    @GetMapping("/runs")
    List<Runs.Run> runs(@RequestParam(required = false) String source, @RequestParam(defaultValue = "0") int offset,
                        @RequestParam(defaultValue = "20") int limit) {
        int l = Math.clamp(limit, 1, 100);
        return source == null ? runs.recent(Math.max(0, offset), l) : runs.ofSource(sources.require(source).id(), Math.max(0, offset), l);
    }

    @Performs(Action.READ_DATA_SOURCES)
    @GetMapping("/runs/{id}")
    Runs.Run run(@PathVariable long id) {
        return runs.require(id);
    }

    @Performs(Action.READ_DATA_SOURCES)
    @GetMapping("/runs/{id}/rejected")
    @Operation(summary = "The rows a run refused, with each problem (field, reason, kind); ?open=true: those not resubmitted yet")
    List<Runs.Rejected> rejected(@PathVariable long id, @RequestParam(defaultValue = "false") boolean open, @RequestParam(defaultValue = "0") int offset,
                                 @RequestParam(defaultValue = "50") int limit) {
        runs.require(id);
        return runs.rejected(id, open, Math.max(0, offset), Math.clamp(limit, 1, 500));
    }

    record Resubmission(Map<String, Map<String, String>> rows) {
    }

    @Performs(Action.CORRECT_REJECTED_ROWS)
    @PostMapping("/runs/{id}/resubmissions")
    @Operation(summary = "Resubmit rejected rows, corrected: {rows: {\"<row number>\": {\"<source field>\": \"<value>\"}}}; answered with the new run")
    ResponseEntity<Runs.Run> resubmit(@PathVariable long id, @RequestBody Resubmission body) {
        if (body == null || body.rows() == null) {
            throw new InvalidStandardValue("rows", "请列出要重新提交的行 / list the rows to resubmit");
        }
        Map<Long, Map<String, String>> rows = new LinkedHashMap<>();
        body.rows().forEach((k, v) -> {
            try {
                rows.put(Long.parseLong(k), v == null ? Map.of() : v);
            } catch (NumberFormatException e) {
                throw new InvalidStandardValue("rows", "行号应为数字：" + k + " / a row number is a number: " + k);
            }
        });
        Runs.Run run = loading.resubmit(users.require(), id, rows);
        return ResponseEntity.status(201).location(URI.create("/api/datahub/v1/runs/" + run.id())).body(run);
    }

    @Performs(Action.READ_CATALOGUE)
    @GetMapping("/catalogue")
    @Operation(summary = "The catalogue of the city's datasets; ?q= searches titles, descriptions, owners, keywords and fields")
    List<Catalogue.Entry> catalogue(@RequestParam(required = false) String q) {
        return catalogue.search(users.require(), q);
    }

    @Performs(Action.READ_CATALOGUE)
    @GetMapping(value = "/catalogue/dcat", produces = {"application/ld+json", MediaType.APPLICATION_JSON_VALUE})
    @Operation(summary = "The catalogue as W3C DCAT 3 in JSON-LD, for provincial and national catalogues to harvest")
    Map<String, Object> dcat() {
        String base = ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
        return dcat.catalogue(base, catalogue.search(users.require(), null));
    }

    @Performs(Action.READ_CATALOGUE)
    @GetMapping("/catalogue/{id}")
    Catalogue.Entry entry(@PathVariable String id) {
        return catalogue.require(users.require(), id);
    }

    @Performs(Action.MANAGE_DATA_SOURCES)
    @PutMapping("/catalogue/{id}")
    @Operation(summary = "Describe a hub dataset: {titleZh, titleEn, descriptionZh, descriptionEn, ownerUnit, sharingClass: UNCONDITIONAL|CONDITIONAL|"
            + "NOT_SHARED, sharingBasis (required unless unconditional), frequency, keywords}")
    Catalogue.Entry describe(@PathVariable String id, @RequestBody Catalogue.Description d) {
        return catalogue.describe(users.require(), id, d);
    }

    private static Map<String, Object> mapping(Sources.MappingVersion v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sourceId", v.sourceId());
        m.put("version", v.version());
        m.put("publishedBy", v.publishedBy());
        m.put("publishedAt", v.publishedAt());
        m.put("document", v.document());
        return m;
    }
}
