package org.citybrain;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client for tests: Basic auth for APIs, or a browser-like session (cookies, CSRF) for forms. */
public final class CityBrainClient {

    public record Answer(int status, String body, java.net.http.HttpHeaders headers) {

        public JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" content=\"([^\"]+)\"");

    private final String base;
    private final HttpClient http;
    private String basic;

    private CityBrainClient(int port, boolean cookies) {
        this.base = "http://localhost:" + port;
        HttpClient.Builder b = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER);
        this.http = (cookies ? b.cookieHandler(new CookieManager()) : b).build();
    }

    public static CityBrainClient anonymous(int port) {
        return new CityBrainClient(port, true);
    }

    /** A machine client: credentials in every request's Authorization header, no cookies (so no session, no CSRF token). */
    public static CityBrainClient basic(int port, String username, String password) {
        CityBrainClient c = new CityBrainClient(port, false);
        c.basic = "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        return c;
    }

    public Answer get(String path) {
        return get(path, "application/json, text/html");
    }

    public Answer get(String path, String accept) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().header("Accept", accept));
    }

    /** A GET whose answer is bytes (a PDF): its status and body as sent. */
    public java.util.Map.Entry<Integer, byte[]> getBytes(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET().timeout(java.time.Duration.ofSeconds(60));
        if (basic != null) {
            b.header("Authorization", basic);
        }
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return java.util.Map.entry(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Any request with a body and headers (name, value pairs), as an API client sends it. */
    public Answer request(String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b);
    }

    /** A request whose body is bytes (a file in GBK), with further headers (name, value pairs). */
    public Answer bytes(String method, String path, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b);
    }

    /** A JSON request (POST, PUT...) with optional further headers (name, value pairs). */
    public Answer json(String method, String path, String body, String... headers) {
        String[] all = java.util.Arrays.copyOf(headers, headers.length + 4);
        all[headers.length] = "Content-Type";
        all[headers.length + 1] = "application/json";
        all[headers.length + 2] = "Accept";
        all[headers.length + 3] = "application/json";
        return request(method, path, body, all);
    }

    /** Posts a form the way a browser does: with the CSRF token of the page it came from. */
    public Answer postForm(String path, Map<String, String> fields, String csrfFromPage) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", csrfFromPage);
        String form = all.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(form))
                .header("Content-Type", "application/x-www-form-urlencoded"));
    }

    /** Signs in through the login form; returns the answer to the form post (a redirect). */
    public Answer login(String username, String password) {
        return postForm("/login", Map.of("username", username, "password", password), csrf("/login"));
    }

    public String csrf(String page) {
        Matcher m = CSRF.matcher(get(page).body());
        if (!m.find()) {
            throw new IllegalStateException("no CSRF token on " + page);
        }
        return m.group(1);
    }

    private Answer send(HttpRequest.Builder b) {
        // No request may hang a test run: a minute is far beyond any answer CityBrain should take.
        b.timeout(java.time.Duration.ofSeconds(60));
        if (basic != null) {
            b.header("Authorization", basic);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
