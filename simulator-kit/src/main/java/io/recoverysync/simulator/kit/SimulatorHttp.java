package io.recoverysync.simulator.kit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP plumbing both simulators share on the JDK's {@code HttpServer}: writing an answer computed in full
 * beforehand (so injected latency delays all of it), reason phrases, query strings, addresses and worker threads.
 * What each simulated server says stays in its own module.
 */
public final class SimulatorHttp {

    private SimulatorHttp() {
    }

    /**
     * Turns on TCP_NODELAY for the JDK server unless set otherwise: without it the server's separate header and body
     * writes meet delayed ACKs and every answer takes ~40 ms, which would dominate benchmarks. Call it before the
     * first server is created (the setting is read once, when the JDK server classes load).
     */
    public static void useTcpNoDelay() {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /**
     * Writes one answer and closes the exchange. The request body is drained first so the connection can serve the
     * next keep-alive request; a null {@code contentType} sends none; 204, HEAD and an empty body send no body.
     */
    public static void write(HttpExchange exchange, int status, String contentType, byte[] body,
            Map<String, String> headers) throws IOException {
        try {
            try (InputStream in = exchange.getRequestBody()) {
                in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException alreadyRead) {
                // the handler read and closed it already
            }
            if (contentType != null) {
                exchange.getResponseHeaders().set("Content-Type", contentType);
            }
            headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            boolean noBody = body.length == 0 || status == 204 || "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } finally {
            exchange.close();
        }
    }

    /** The standard reason phrase of {@code status}; {@code "HTTP <status>"} for one not listed. */
    public static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 412 -> "Precondition Failed";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Entity";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "HTTP " + status;
        };
    }

    /**
     * Decoded query parameters; the first occurrence of a name wins. With {@code caseInsensitiveNames} the names are
     * keyed in lower case (servers that bind query names case-insensitively, as ASP.NET does).
     */
    public static Map<String, String> queryParams(String rawQuery, boolean caseInsensitiveNames) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.putIfAbsent(caseInsensitiveNames ? name.toLowerCase(Locale.ROOT) : name, value);
        }
        return params;
    }

    /** URL-decodes {@code s} as UTF-8; a malformed escape leaves it as it is. */
    public static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEscape) {
            return s;
        }
    }

    /** {@code http://<host>:<port>} to reach a server bound to {@code host} (0.0.0.0 is reached on 127.0.0.1). */
    public static String rootUrl(String host, int port) {
        String reachable = host;
        if ("0.0.0.0".equals(reachable)) {
            reachable = "127.0.0.1";
        } else if (reachable.contains(":") && !reachable.startsWith("[")) {
            reachable = "[" + reachable + "]";
        }
        return "http://" + reachable + ":" + port;
    }

    /** A fixed pool of daemon threads named {@code <namePrefix>-<n>}, so a test that forgets to close cannot hang. */
    public static ExecutorService workers(int threads, String namePrefix) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, namePrefix + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Stops {@code workers} at once, waiting up to 5 s for running answers to end. */
    public static void stop(ExecutorService workers) {
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
