package io.recoverysync.bench;

import io.recoverysync.localstack.LocalStack;
import io.recoverysync.simulator.intakeq.IntakeQSimulator;
import io.recoverysync.simulator.intakeq.NewAppointment;
import io.recoverysync.simulator.intakeq.SimAppointment;
import io.recoverysync.simulator.intakeq.SimClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The dashboard at an organization's scale: 1,000 active patients with 6,000 appointments from a week back to four
 * weeks ahead, a case manager signed in through Keycloak (the code flow, as a browser does it). Measures the Today
 * and Patients pages' time (request to last byte on loopback: the server's time), and a change in IntakeQ (its
 * webhook) to the change marked on an open page — the page's event stream says "changed", the page re-reads its days
 * and the appointment's row is marked — alone and within a burst of webhooks in one minute at the base plan.
 */
final class DashboardBench {
    private static final UUID SUMMIT = UUID.fromString("0a000000-0000-4000-8000-000000000001");
    private static final ZoneId ZONE = ZoneId.of("America/Denver");
    private static final int CLIENT_BASE = 4_000_000;
    private static final Pattern CHANGED_ROW = Pattern.compile("<tr class=\"changed[^\"]*\" data-appointment=\"([^\"]+)\"");

    private DashboardBench() {
    }

    static void run(Args args) {
        int patients = args.integer("patients", 1000);
        int appointments = args.integer("appointments", 6000);
        int perMinute = args.integer("per-minute", 10);
        int perDay = args.integer("per-day", 500);
        int reps = args.integer("reps", 50);
        int singles = args.integer("changes", 5);
        // changes alone come as a practice's do, apart: at the base plan one read by id each 6 s
        int changeSpacingMs = args.integer("change-spacing-ms", 7000);
        int burst = args.integer("burst", 30);
        int burstSeconds = args.integer("burst-seconds", 60);
        try (BenchRig rig = BenchRig.startWithIdentityProvider("dashboard", perMinute, perDay)) {
            IntakeQSimulator sim = rig.sim();
            rig.mapPractitioner();
            rig.client.organization(SUMMIT, "Summit Recovery Center");
            rig.seedPatients("dash", patients, CLIENT_BASE);
            rig.affiliate(SUMMIT, "dash", patients);
            List<SimAppointment> week = seedIntakeQ(rig, patients, appointments);
            rig.awaitRosterView(patients);
            System.out.printf("[dashboard] %d patients, %d appointments; first nightly run (a full practice read at %d/min) ...%n",
                    patients, appointments, perMinute);
            long t0 = System.nanoTime();
            rig.client.cron().body().path("runs").forEach(r -> rig.client.awaitFinished(
                    UUID.fromString(r.get("syncLogId").asText()), Duration.ofMinutes(30)));
            double firstRunS = (System.nanoTime() - t0) / 1e9;
            sim.setWebhookUrl(rig.stack.webhookUrl(rig.stack.service(LocalStack.APPOINTMENTS)));

            Browser browser = Browser.signIn(rig.stack.service(LocalStack.DASHBOARD).url(""), rig.stack.keycloak().issuer(),
                    "casey", LocalStack.DEMO_USER_PASSWORD);
            List<Double> today = time(browser, "/today", reps);
            List<Double> list = time(browser, "/patients", reps);
            int todayRows = count(browser.get("/today").body(), "data-appointment=");

            LiveView live = LiveView.open(browser);
            // one change at a time
            List<Double> alone = new ArrayList<>();
            for (int i = 0; i < singles; i++) {
                SimAppointment a = week.get(i);
                live.expect(a.id());
                sim.reschedule(a.id(), a.start().plus(15, ChronoUnit.MINUTES));
                alone.add(live.await(a.id(), Duration.ofSeconds(60)));
                BenchRig.sleep(changeSpacingMs);
            }
            // a burst: a practitioner reschedules the week's appointments, spread over a minute
            List<String> burstIds = new ArrayList<>();
            long spacing = burstSeconds * 1000L / Math.max(1, burst);
            for (int i = 0; i < burst; i++) {
                SimAppointment a = week.get(singles + i);
                live.expect(a.id());
                burstIds.add(a.id());
                sim.reschedule(a.id(), a.start().plus(30, ChronoUnit.MINUTES));
                BenchRig.sleep(spacing);
            }
            List<Double> inBurst = new ArrayList<>();
            for (String id : burstIds) {
                inBurst.add(live.await(id, Duration.ofMinutes(10)));
            }
            live.close();

            Report report = new Report("dashboard", "The dashboard: pages and a change in IntakeQ to the open page",
                    List.of("measure", "n", "p50_ms", "p95_ms", "p99_ms", "max_ms", "goal"));
            report.setup("patients", patients)
                    .setup("appointments", appointments + " (a week back to four weeks ahead)")
                    .setup("today_rows", todayRows)
                    .setup("intakeq_per_minute", perMinute)
                    .setup("first_nightly_s", Math.round(firstRunS))
                    .setup("burst", burst + " webhooks over " + burstSeconds + " s")
                    .setup("service_jvm", BenchRig.SERVICE_JVM);
            row(report, "Today page (signed in)", today, "p95 < 150 ms");
            row(report, "Patients page (signed in)", list, "p95 < 150 ms");
            row(report, "change -> marked on an open page, alone", alone, "p99 < 2 s");
            row(report, "change -> marked on an open page, in a burst", inBurst, "p99 < 5 s");
            report.figure("today_p95_ms", Math.round(BenchRig.percentile(today, 95)))
                    .figure("patients_p95_ms", Math.round(BenchRig.percentile(list, 95)))
                    .figure("change_to_screen_p99_ms", Math.round(BenchRig.percentile(alone, 99)))
                    .figure("burst_change_to_screen_p99_ms", Math.round(BenchRig.percentile(inBurst, 99)))
                    .note("page time = request to last byte over loopback with the session cookies (the dashboard calls the"
                            + " scheduler's roster twice, 500 a page, and appointment-sync's day view once)")
                    .note("change -> screen = from the simulator's change (its webhook follows at once) until the open page's"
                            + " event stream said 'changed' and the re-read days mark the appointment");
            report.finish(rig.resultsDir(), rig.machine());
        }
    }

    private static void row(Report report, String measure, List<Double> ms, String goal) {
        report.row(measure, ms.size(), Math.round(BenchRig.percentile(ms, 50)), Math.round(BenchRig.percentile(ms, 95)),
                Math.round(BenchRig.percentile(ms, 99)), Math.round(ms.stream().mapToDouble(Double::doubleValue).max().orElse(0)),
                goal);
    }

    /** Clients and appointments; the appointments of the coming week, in the order of their start. */
    private static List<SimAppointment> seedIntakeQ(BenchRig rig, int patients, int appointments) {
        IntakeQSimulator sim = rig.sim();
        List<SimClient> clients = new ArrayList<>(patients);
        for (int g = 1; g <= patients; g++) {
            clients.add(new SimClient(CLIENT_BASE + g, "Bench Patient " + g, "dash." + g + "@bench.example.org",
                    "(555) 040-0000"));
        }
        sim.addClients(clients);
        LocalDate today = Instant.now().atZone(ZONE).toLocalDate();
        List<NewAppointment> list = new ArrayList<>(appointments);
        for (int i = 0; i < appointments; i++) {
            int g = 1 + i % patients;
            int day = (int) ((g * 7L + (i / patients) * 5L) % 35) - 7;
            int hour = 8 + (g + i / patients) % 9;
            list.add(new NewAppointment(CLIENT_BASE + g, BenchRig.PRACTITIONER,
                    today.plusDays(day).atTime(hour, 0).atZone(ZONE).toInstant(), 50, "Therapy", "Telehealth",
                    "https://video.example.invalid/" + i));
        }
        Instant weekStart = today.plusDays(1).atStartOfDay(ZONE).toInstant();
        Instant weekEnd = today.plusDays(6).atStartOfDay(ZONE).toInstant();
        // booked and changed over the last three months, a day's share at a time, the newest yesterday: IntakeQ's
        // updatedSince is a date, so an incremental read lists about the last day's changes, as at a real practice
        List<SimAppointment> added = new ArrayList<>(appointments);
        int days = 90;
        try {
            for (int d = 0; d < days; d++) {
                rig.stack.intakeqClock().shift(Duration.ofDays(-1L - (days - 1 - d)));
                added.addAll(sim.addAppointments(list.subList(d * list.size() / days, (d + 1) * list.size() / days)));
            }
        } finally {
            rig.stack.intakeqClock().reset();
        }
        return added.stream()
                .filter(a -> !a.start().isBefore(weekStart) && a.start().isBefore(weekEnd))
                .toList();
    }

    private static List<Double> time(Browser browser, String path, int reps) {
        browser.get(path); // warm
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            long t = System.nanoTime();
            HttpResponse<String> answer = browser.get(path);
            ms.add((System.nanoTime() - t) / 1e6);
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + answer.statusCode());
            }
        }
        return ms;
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    /**
     * A browser's session: signs in through Keycloak's login form (the code flow with PKCE, redirects followed by
     * hand) and keeps the cookies — without the Secure filter of {@code java.net.CookieManager}, since on 127.0.0.1
     * a browser sends Keycloak's Secure cookies too.
     */
    static final class Browser {
        private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        private final String base;
        private final Map<String, String> cookies = new ConcurrentHashMap<>();

        private Browser(String base) {
            this.base = base;
        }

        static Browser signIn(String dashboard, String issuer, String user, String password) {
            Browser b = new Browser(dashboard);
            HttpResponse<String> page = b.follow(b.send(HttpRequest.newBuilder(URI.create(dashboard + "/today")).GET()));
            Matcher action = Pattern.compile("action=\"([^\"]+)\"").matcher(page.body());
            if (!action.find()) {
                throw new IllegalStateException("no login form at " + page.uri());
            }
            String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                    + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&credentialId=";
            HttpResponse<String> signedIn = b.follow(b.send(HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form))));
            if (signedIn.statusCode() != 200 || !signedIn.uri().toString().startsWith(dashboard)) {
                throw new IllegalStateException("sign-in ended at " + signedIn.uri() + " with " + signedIn.statusCode());
            }
            return b;
        }

        HttpResponse<String> get(String path) {
            return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
        }

        String cookieHeader() {
            return String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        }

        private HttpResponse<String> follow(HttpResponse<String> answer) {
            for (int hops = 0; hops < 10 && answer.statusCode() / 100 == 3; hops++) {
                URI next = answer.uri().resolve(answer.headers().firstValue("Location").orElseThrow());
                answer = send(HttpRequest.newBuilder(next).GET());
            }
            return answer;
        }

        private HttpResponse<String> send(HttpRequest.Builder request) {
            if (!cookies.isEmpty()) {
                request.header("Cookie", cookieHeader());
            }
            try {
                HttpResponse<String> answer = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
                for (String set : answer.headers().allValues("Set-Cookie")) {
                    String pair = set.split(";", 2)[0];
                    int eq = pair.indexOf('=');
                    String name = pair.substring(0, eq).trim();
                    String value = pair.substring(eq + 1).trim();
                    if (value.isEmpty() || set.toLowerCase().contains("max-age=0")) {
                        cookies.remove(name);
                    } else {
                        cookies.put(name, value);
                    }
                }
                return answer;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * An open Today page: its event stream, and on every "changed" the days re-read as the page's script does; an
     * appointment counts as on screen when its row is marked changed for the first time.
     */
    static final class LiveView implements AutoCloseable {
        private final Browser browser;
        private final Map<String, Long> expected = new ConcurrentHashMap<>();
        private final Map<String, Double> seen = new ConcurrentHashMap<>();
        private final Set<String> markedBefore = new HashSet<>();
        private final Thread reader;
        private volatile Stream<String> lines;

        private LiveView(Browser browser) {
            this.browser = browser;
            Matcher m = CHANGED_ROW.matcher(browser.get("/today/days").body());
            while (m.find()) {
                markedBefore.add(m.group(1));
            }
            this.reader = new Thread(this::read, "live-view");
            reader.setDaemon(true);
        }

        static LiveView open(Browser browser) {
            LiveView view = new LiveView(browser);
            view.reader.start();
            BenchRig.sleep(1000); // the stream is open
            return view;
        }

        void expect(String appointmentId) {
            expected.put(appointmentId, System.nanoTime());
        }

        double await(String appointmentId, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                Double ms = seen.get(appointmentId);
                if (ms != null) {
                    return ms;
                }
                BenchRig.sleep(20);
            }
            throw new IllegalStateException("appointment " + appointmentId + " not marked on the page within " + timeout);
        }

        private void read() {
            try {
                HttpResponse<Stream<String>> answer = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(browser.base + "/today/live"))
                                .header("Cookie", browser.cookieHeader()).header("Accept", "text/event-stream").build(),
                        HttpResponse.BodyHandlers.ofLines());
                lines = answer.body();
                lines.forEach(line -> {
                    if (line.startsWith("data:") && line.contains("changed")) {
                        refresh();
                    }
                });
            } catch (IOException | RuntimeException e) {
                // closed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void refresh() {
            Matcher m = CHANGED_ROW.matcher(browser.get("/today/days").body());
            long now = System.nanoTime();
            while (m.find()) {
                String id = m.group(1);
                Long since = expected.get(id);
                if (since != null && !markedBefore.contains(id)) {
                    seen.putIfAbsent(id, (now - since) / 1e6);
                }
            }
        }

        @Override
        public void close() {
            if (lines != null) {
                lines.close();
            }
            reader.interrupt();
        }
    }
}
