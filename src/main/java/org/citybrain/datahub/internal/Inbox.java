package org.citybrain.datahub.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.citybrain.platform.Conflict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The watched folder: {@code <inbox>/<source id>/} for each file source. Every few seconds each folder is looked at
 * (on a source with a cron schedule, only when it is due); a file that has not changed for a moment (so it is not
 * still being copied; names ending {@code .part} or starting with a dot are ignored) is loaded and moved to
 * {@code done/} — or to {@code failed/} when the run failed, after its retries. With several nodes watching one shared
 * folder, the file's digest, unique per source, makes it one run: the node that loses the race skips it.
 */
@Component
class Inbox {

    private static final Logger log = LoggerFactory.getLogger(Inbox.class);
    static final String BY = "inbox";
    static final int ATTEMPTS = 4;

    private final Path root;
    private final Sources sources;
    private final Loading loading;
    private final Runs runs;
    private final Duration settle;
    private final java.time.ZoneId zone;

    Inbox(@Value("${citybrain.datahub.inbox:./data/hub/inbox}") Path root, Sources sources, Loading loading, Runs runs,
          @Value("${citybrain.datahub.inbox-settle:PT2S}") Duration settle, org.citybrain.platform.pages.CityTime time) {
        this.zone = time.zone();
        this.root = root;
        this.sources = sources;
        this.loading = loading;
        this.runs = runs;
        this.settle = settle;
    }

    Path folder(String sourceId) {
        Path p = root.resolve(sourceId);
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return p;
    }

    @Scheduled(fixedDelayString = "${citybrain.datahub.inbox-every:PT5S}", initialDelayString = "PT3S")
    void look() {
        for (Sources.Source s : sources.all()) {
            if (s.kind() != Sources.Kind.FILE || !Files.isDirectory(root.resolve(s.id())) || !due(s)) {
                continue;
            }
            for (Path file : waiting(root.resolve(s.id()))) {
                load(s, file);
            }
        }
    }

    /** A scheduled source is looked at when its cron expression fired since the last look; others every time. */
    private final java.util.Map<String, Instant> lastLook = new java.util.concurrent.ConcurrentHashMap<>();

    private boolean due(Sources.Source s) {
        Instant now = Instant.now();
        Instant last = lastLook.put(s.id(), now);
        if (s.schedule() == null || last == null) {
            return true;
        }
        java.time.ZonedDateTime next = org.springframework.scheduling.support.CronExpression.parse(s.schedule())
                .next(last.atZone(zone)); // "0 0 7 * * *" is seven in the city's morning, whatever the server's zone
        return next != null && !next.toInstant().isAfter(now);
    }

    private List<Path> waiting(Path folder) {
        List<Path> files = new ArrayList<>();
        Instant settled = Instant.now().minus(settle);
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder, Files::isRegularFile)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || name.endsWith(".part") || Files.getLastModifiedTime(p).toInstant().isAfter(settled)) {
                    continue;
                }
                files.add(p);
            }
        } catch (IOException e) {
            log.warn("cannot read the inbox {}", folder, e);
        }
        files.sort(null);
        return files;
    }

    private void load(Sources.Source s, Path file) {
        try {
            Runs.Run run = loading.loadFile(BY, s.id(), file, Runs.Trigger.INBOX, DataLoad.Progress.NONE);
            if (run.status() == Runs.Status.RUNNING) {
                return; // another node is loading it
            }
            if (run.status() == Runs.Status.FAILED && run.attempt() < ATTEMPTS) {
                if (run.retryAt() == null) {
                    runs.scheduleRetry(run.id(), backoff(run.attempt()));
                }
                return;
            }
            move(file, run.status() == Runs.Status.FAILED ? "failed" : "done");
        } catch (Conflict e) {
            // the source is being loaded (an upload, another node): the file waits for the next look
        } catch (NoSuchFileException e) {
            // another node took it
        } catch (IOException | RuntimeException e) {
            log.warn("inbox file {} of source {} could not be loaded", file, s.id(), e);
        }
    }

    /** 1, 4, 16 minutes: a department's system that was down for a while is tried again, not hammered. */
    static Duration backoff(int attempt) {
        return Duration.ofMinutes((long) Math.pow(4, attempt - 1));
    }

    private static void move(Path file, String to) throws IOException {
        Path target = file.resolveSibling(to);
        Files.createDirectories(target);
        try {
            Files.move(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            // moved by another node
        }
    }
}
