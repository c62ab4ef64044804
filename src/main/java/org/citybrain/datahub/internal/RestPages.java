package org.citybrain.datahub.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The records of a REST endpoint, fetched a page at a time as the run reads them: {@code ?page=0&size=100&since=…},
 * then the next page, until a page comes back with fewer records than asked for. An endpoint that pages by a link
 * or a cursor instead ({@code next}) is followed from page to page until a page gives none: {@code next: "Link"} the
 * {@code rel="next"} of the answer's Link header (RFC 8288), otherwise a JSON Pointer to the next page's URL in the
 * body, or — with {@code cursorParam} — to the cursor to send as that parameter. A next link may not leave the
 * declared endpoint's origin (a page cannot send the poller elsewhere). Each record (a JSON object) is a row
 * as in JSON lines. Only one page is held at once, and a page larger than 64 MiB is refused: memory stays flat however
 * many pages the endpoint has. An answer other than 200, or a body that is not JSON, fails the run with the reason
 * (the poller tries again with backoff); what came before it stands.
 */
final class RestPages implements RowReader {

    static final long MAX_PAGE_BYTES = 64L << 20;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final Sources.RestEndpoint endpoint;
    private final Instant since;
    private final String authorization;
    private final Deque<SourceRow> page = new ArrayDeque<>();
    private int nextPage;
    private URI nextLink;
    private long rowNumber;
    private long bytes;
    private boolean last;

    /** {@code authorization}: the Authorization header's value when the endpoint wants a credential, else null. */
    RestPages(HttpClient http, Sources.RestEndpoint endpoint, Instant since, String authorization) {
        this.authorization = authorization;
        this.http = http;
        this.endpoint = endpoint;
        this.since = since;
        this.nextPage = endpoint.firstPage();
    }

    @Override
    public SourceRow next() throws IOException {
        while (page.isEmpty() && !last) {
            fetch();
        }
        return page.poll();
    }

    private boolean linked() {
        return endpoint.next() != null;
    }

    private URI firstOrNumbered() {
        String sinceQuery = since != null && !endpoint.sinceParam().isEmpty()
                ? "&" + endpoint.sinceParam() + "=" + URLEncoder.encode(since.toString(), StandardCharsets.UTF_8) : "";
        String separator = endpoint.url().contains("?") ? "&" : "?";
        if (linked()) {
            return URI.create(endpoint.url() + separator + endpoint.sizeParam() + "=" + endpoint.pageSize() + sinceQuery);
        }
        return URI.create(endpoint.url() + separator + endpoint.pageParam() + "=" + nextPage + "&" + endpoint.sizeParam() + "=" + endpoint.pageSize() + sinceQuery);
    }

    private void fetch() throws IOException {
        URI uri = nextLink != null ? nextLink : firstOrNumbered();
        HttpResponse<InputStream> answer;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("Accept", "application/json").GET();
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            answer = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        byte[] body;
        try (InputStream in = answer.body()) {
            body = in.readNBytes((int) MAX_PAGE_BYTES + 1);
        }
        bytes += body.length;
        if (answer.statusCode() != 200) {
            throw new IOException("接口第" + nextPage + "页答复 " + answer.statusCode() + " / the endpoint answered " + answer.statusCode() + " for page " + nextPage);
        }
        if (body.length > MAX_PAGE_BYTES) {
            throw new IOException("接口一页超过64 MiB / a page of the endpoint is larger than 64 MiB");
        }
        JsonNode records;
        JsonNode root;
        try {
            root = JSON.readTree(body);
            records = endpoint.recordsAt().isEmpty() ? root : root.at(endpoint.recordsAt());
        } catch (JacksonException e) {
            throw new IOException("接口第" + nextPage + "页不是JSON / page " + nextPage + " of the endpoint is not JSON");
        }
        if (!records.isArray()) {
            throw new IOException("接口第" + nextPage + "页在 " + endpoint.recordsAt() + " 处没有记录数组 / page " + nextPage + " has no array of records at '"
                    + endpoint.recordsAt() + "'");
        }
        for (JsonNode r : records) {
            long number = ++rowNumber;
            if (!r.isObject()) {
                page.add(SourceRow.unreadable(number, Map.of(), "row", "每条记录应为一个JSON对象 / each record must be one JSON object"));
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> member : r.properties()) {
                JsonNode v = member.getValue();
                fields.put(member.getKey(), v.isNull() ? null : v.isValueNode() ? v.asString() : v.toString());
            }
            page.add(SourceRow.read(number, fields));
        }
        nextPage++;
        if (!linked()) {
            last = records.size() < endpoint.pageSize();
            return;
        }
        String next = "Link".equals(endpoint.next()) ? linkHeaderNext(answer.headers().allValues("Link")) : text(root, endpoint.next());
        if (next == null || next.isBlank() || records.isEmpty()) {
            last = true;
            return;
        }
        URI declared = URI.create(endpoint.url());
        URI following = endpoint.cursorParam() != null
                ? URI.create(firstOrNumbered() + "&" + endpoint.cursorParam() + "=" + URLEncoder.encode(next, StandardCharsets.UTF_8))
                : uri.resolve(next.strip());
        if (!java.util.Objects.equals(following.getScheme(), declared.getScheme()) || !java.util.Objects.equals(following.getHost(), declared.getHost())
                || following.getPort() != declared.getPort()) {
            throw new IOException("接口给出的下一页链接指向其他服务器（" + following.getHost() + "），未跟随 / the endpoint's next link leads to another server ("
                    + following.getHost() + ") and was not followed");
        }
        if (following.equals(uri)) {
            throw new IOException("接口的下一页链接指向本页，未跟随 / the endpoint's next link is the page itself and was not followed");
        }
        nextLink = following;
    }

    private static String text(JsonNode root, String pointer) {
        JsonNode n = root.at(pointer);
        return n.isMissingNode() || n.isNull() ? null : n.asString();
    }

    /** The target of the {@code rel="next"} link of an RFC 8288 Link header: {@code <https://…?page=2>; rel="next"}. */
    static String linkHeaderNext(java.util.List<String> headers) {
        for (String header : headers) {
            for (String link : header.split(",(?=\\s*<)")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s*<([^>]*)>(.*)$").matcher(link);
                if (m.matches() && java.util.regex.Pattern.compile(";\\s*rel\\s*=\\s*\"?([^\";]*)\"?").matcher(m.group(2)).results()
                        .anyMatch(r -> java.util.Arrays.asList(r.group(1).strip().split("\\s+")).contains("next"))) {
                    return m.group(1);
                }
            }
        }
        return null;
    }

    @Override
    public long bytesRead() {
        return bytes;
    }

    @Override
    public void close() {
        // nothing held open: each page's connection was read to its end
    }
}
