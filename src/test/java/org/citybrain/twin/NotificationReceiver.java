package org.citybrain.twin;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A subscriber's HTTP endpoint for tests: records each notification and answers with a chosen status. */
final class NotificationReceiver implements AutoCloseable {

    private final HttpServer server;
    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private volatile int status = 204;

    NotificationReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/notify", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (status / 100 == 2) {
                    received.add(JsonMapper.builder().build().readTree(body));
                }
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/notify";
    }

    void answer(int status) {
        this.status = status;
    }

    /** The next notification, or null after the timeout. */
    JsonNode next(long seconds) throws InterruptedException {
        return received.poll(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
