package io.recoverysync.simulator.intakeq;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Test helper: a real HTTP server that records webhook posts and answers scripted statuses, optionally held. */
final class WebhookReceiver implements AutoCloseable {

    /** One request as it arrived; header names lower-cased. */
    record Received(String method, String path, Map<String, String> headers, String body, long arrivedNanos) {
        JsonNode json() {
            try {
                return SimHttp.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String eventType() {
            return json().get("EventType").asText();
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedDeque<Integer> scripted = new ConcurrentLinkedDeque<>();
    private volatile int defaultStatus = 200;
    private volatile CountDownLatch gate;

    private WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        executor = Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, "webhook-receiver");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static WebhookReceiver start() {
        try {
            return new WebhookReceiver();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/intakeq";
    }

    /** The next requests get these statuses, in order; then the default. */
    void answerNext(int... statuses) {
        for (int s : statuses) {
            scripted.addLast(s);
        }
    }

    void answerAlways(int status) {
        defaultStatus = status;
    }

    /** Requests arriving from now on are recorded, then wait for {@link #release()} before being answered. */
    void hold() {
        gate = new CountDownLatch(1);
    }

    void release() {
        CountDownLatch g = gate;
        gate = null;
        if (g != null) {
            g.countDown();
        }
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    int count() {
        return received.size();
    }

    List<String> eventTypes() {
        List<String> types = new ArrayList<>();
        received.forEach(r -> types.add(r.eventType()));
        return types;
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body,
                    System.nanoTime()));
            CountDownLatch g = gate;
            if (g != null) {
                try {
                    g.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Integer next = scripted.pollFirst();
            exchange.sendResponseHeaders(next == null ? defaultStatus : next, -1);
        }
    }
}
