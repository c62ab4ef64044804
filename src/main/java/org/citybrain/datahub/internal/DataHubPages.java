package org.citybrain.datahub.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.identity.Performs;
import org.citybrain.platform.pages.FormReply;
import org.citybrain.platform.pages.Paged;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The bureau's pages over the hub: sources and recent runs; a source with its mapping, a preview of a sample mapped,
 * an upload and its runs; a run with its progress, quality report and the rejected rows to correct; the catalogue.
 * Each calls the same activities as the API.
 */
@Controller
class DataHubPages {

    static final int PAGE = 20;

    private final Sources sources;
    private final Runs runs;
    private final Loading loading;
    private final MappingPreview preview;
    private final Catalogue catalogue;
    private final CurrentUsers users;

    DataHubPages(Sources sources, Runs runs, Loading loading, MappingPreview preview, Catalogue catalogue, CurrentUsers users) {
        this.sources = sources;
        this.runs = runs;
        this.loading = loading;
        this.preview = preview;
        this.catalogue = catalogue;
        this.users = users;
    }

    @Performs(Action.READ_DATA_SOURCES)
    @GetMapping("/datahub")
    String hub(@RequestParam(defaultValue = "0") int page, Model model) {
        model.addAttribute("sources", sources.all());
        model.addAttribute("runs", new Paged<>(runs.recent(Paged.firstRow(page, PAGE), PAGE), page, PAGE, runs.count()));
        model.addAttribute("names", names());
        return "datahub";
    }

    @Performs(Action.READ_DATA_SOURCES)
    @GetMapping("/datahub/sources/{id}")
    String source(@PathVariable String id, @RequestParam(defaultValue = "0") int page, Model model) {
        sourceModel(id, page, model);
        return "datahub-source";
    }

    private void sourceModel(String id, int page, Model model) {
        CurrentUser user = users.require();
        Sources.Source source = sources.require(id);
        model.addAttribute("source", source);
        model.addAttribute("mapping", sources.current(id).orElse(null));
        model.addAttribute("versions", sources.versions(id));
        model.addAttribute("runs", new Paged<>(runs.ofSource(id, Paged.firstRow(page, PAGE), PAGE), page, PAGE, runs.countOfSource(id)));
        model.addAttribute("mayLoad", Action.LOAD_DATA.allows(user.roles()) && source.kind() == Sources.Kind.FILE);
    }

    @Performs(Action.LOAD_DATA)
    @PostMapping("/datahub/sources/{id}/upload")
    String upload(@PathVariable String id, @RequestParam(required = false) MultipartFile file, HttpServletRequest request, RedirectAttributes redirect)
            throws IOException {
        try {
            if (file == null || file.isEmpty()) {
                throw new InvalidStandardValue("file", "请选择文件 / choose a file");
            }
            try (InputStream in = file.getInputStream()) {
                Runs.Run run = loading.upload(users.require(), id, file.getOriginalFilename(), in, false);
                return "redirect:/datahub/runs/" + run.id();
            }
        } catch (InvalidStandardValue e) {
            FormReply.flash(redirect, "upload", request, e, Map.of());
            return "redirect:/datahub/sources/" + id;
        }
    }

    @Performs(Action.READ_DATA_SOURCES)
    @PostMapping("/datahub/sources/{id}/preview")
    String preview(@PathVariable String id, @RequestParam(required = false) MultipartFile file, HttpServletRequest request, Model model,
                   RedirectAttributes redirect) throws IOException {
        if (file == null || file.isEmpty()) {
            FormReply.flash(redirect, "preview", request, new InvalidStandardValue("file", "请选择样例文件 / choose a sample file"), Map.of());
            return "redirect:/datahub/sources/" + id;
        }
        try (InputStream in = file.getInputStream()) {
            MappingPreview.Preview p = preview.preview(users.require(), id, in, 20);
            model.addAttribute("preview", p);
        } catch (InvalidStandardValue e) {
            FormReply.flash(redirect, "preview", request, e, Map.of());
            return "redirect:/datahub/sources/" + id;
        }
        sourceModel(id, 0, model);
        return "datahub-source";
    }

    @Performs(Action.READ_DATA_SOURCES)
    @GetMapping("/datahub/runs/{id}")
    String run(@PathVariable long id, @RequestParam(defaultValue = "0") int page, Model model) {
        CurrentUser user = users.require();
        Runs.Run run = runs.require(id);
        runModel(run, model);
        model.addAttribute("source", sources.require(run.sourceId()));
        model.addAttribute("completeness", run.report() == null ? Map.of() : run.report().completeness());
        model.addAttribute("rejected", new Paged<>(runs.rejected(id, false, Paged.firstRow(page, PAGE), PAGE), page, PAGE, runs.countRejected(id, false)));
        model.addAttribute("mayCorrect", Action.CORRECT_REJECTED_ROWS.allows(user.roles()));
        Map<String, String> labels = new LinkedHashMap<>();
        sources.mapping(run.sourceId(), run.mappingVersion()).ifPresent(m -> m.mapping().fields()
                .forEach(f -> labels.put(f.name(), english() ? f.name() : f.label())));
        model.addAttribute("labels", labels);
        return "datahub-run";
    }

    /** The progress panel alone, which the run page asks for every second while the run is loading (htmx). */
    @Performs(Action.READ_DATA_SOURCES)
    @GetMapping("/datahub/runs/{id}/progress")
    String progress(@PathVariable long id, Model model) {
        runModel(runs.require(id), model);
        return "datahub-run :: progress";
    }

    @Performs(Action.CORRECT_REJECTED_ROWS)
    @PostMapping("/datahub/runs/{id}/rows/{row}")
    String correct(@PathVariable long id, @PathVariable long row, HttpServletRequest request, RedirectAttributes redirect) {
        Map<String, String> fields = new LinkedHashMap<>();
        request.getParameterMap().forEach((k, v) -> {
            if (k.startsWith("f.") && v.length > 0) {
                fields.put(k.substring(2), v[0]);
            }
        });
        try {
            Runs.Run next = loading.resubmit(users.require(), id, Map.of(row, fields));
            redirect.addFlashAttribute("notice", english() ? "Row " + row + " resubmitted: run " + next.id() + "." : "第" + row + "行已重新提交：第" + next.id() + "次运行。");
            return "redirect:/datahub/runs/" + next.id();
        } catch (InvalidStandardValue e) {
            FormReply.flash(redirect, "row-" + row, request, e, Map.of());
            return "redirect:/datahub/runs/" + id;
        }
    }

    @Performs(Action.READ_CATALOGUE)
    @GetMapping("/datahub/catalogue")
    String catalogue(@RequestParam(required = false) String q, @RequestParam(defaultValue = "0") int page, Model model) {
        List<Catalogue.Entry> found = catalogue.search(users.require(), q);
        model.addAttribute("q", q);
        model.addAttribute("entries", Paged.of(found, page, PAGE));
        return "datahub-catalogue";
    }

    /** A run's pace as the page shows it: share done, rows per second, seconds left. */
    record Pace(Double done, double rowsPerSecond, Long secondsLeft) {
    }

    private static void runModel(Runs.Run run, Model model) {
        model.addAttribute("run", run);
        model.addAttribute("pace", new Pace(run.done(), run.rowsPerSecond(), run.secondsLeft()));
    }

    private Map<String, String> names() {
        Map<String, String> names = new LinkedHashMap<>();
        sources.all().forEach(s -> names.put(s.id(), s.name()));
        return names;
    }

    private static boolean english() {
        return "en".equals(LocaleContextHolder.getLocale().getLanguage());
    }
}
