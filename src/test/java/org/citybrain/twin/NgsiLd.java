package org.citybrain.twin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainClient.Answer;

/** An NGSI-LD client for tests: CityBrain's context in the Link header, JSON bodies, a tenant if asked. */
final class NgsiLd {

    private final CityBrainClient http;
    private final int port;
    private final String tenant;

    NgsiLd(int port, String user, String tenant) {
        this.http = CityBrainClient.basic(port, user, org.citybrain.DemoAccounts.password(user));
        this.port = port;
        this.tenant = tenant;
    }

    String tenant() {
        return tenant;
    }

    String link() {
        return "<http://localhost:" + port + "/ngsi-ld/contexts/citybrain.jsonld>; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"";
    }

    Answer get(String path) {
        return http.request("GET", "/ngsi-ld/v1" + path, null, headers("Accept", "application/json"));
    }

    Answer get(String path, String accept) {
        return http.request("GET", "/ngsi-ld/v1" + path, null, headers("Accept", accept));
    }

    Answer post(String path, String body) {
        return http.request("POST", "/ngsi-ld/v1" + path, body, headers("Content-Type", "application/json"));
    }

    Answer patch(String path, String body) {
        return http.request("PATCH", "/ngsi-ld/v1" + path, body, headers("Content-Type", "application/json"));
    }

    Answer delete(String path) {
        return http.request("DELETE", "/ngsi-ld/v1" + path, null, headers());
    }

    Answer raw(String method, String path, String body, String... headers) {
        return http.request(method, "/ngsi-ld/v1" + path, body, headers);
    }

    private String[] headers(String... extra) {
        java.util.List<String> h = new java.util.ArrayList<>(java.util.List.of(extra));
        h.add("Link");
        h.add(link());
        if (tenant != null) {
            h.add("NGSILD-Tenant");
            h.add(tenant);
        }
        return h.toArray(String[]::new);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
