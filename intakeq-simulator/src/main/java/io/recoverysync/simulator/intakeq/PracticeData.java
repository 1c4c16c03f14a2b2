package io.recoverysync.simulator.intakeq;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The simulated practice's clients, practitioners and appointments, guarded by one monitor.
 *
 * <p>One coarse lock is plenty for test-sized data and makes every query see a consistent snapshot while tests mutate.
 */
final class PracticeData {

    static final int PAGE_SIZE = 100;
    static final Duration DELETED_VISIBILITY = Duration.ofDays(10);

    /** A client plus the bookkeeping the API exposes but {@link SimClient} does not carry. */
    record StoredClient(SimClient client, Instant dateCreated) {
    }

    /** Everything needed to render one appointment, captured under the lock. */
    record AppointmentView(SimAppointment appointment, StoredClient client, SimPractitioner practitioner, int locationId) {
    }

    /** Parsed filters of {@code GET /appointments}; null means "not filtered". Date bounds are [from, to). */
    record AppointmentQuery(String client, Instant startFrom, Instant startBefore, String status,
                            String practitionerEmail, Instant modifiedSince, boolean deletedOnly, int page) {
    }

    /** What {@code GET /appointments/settings} lists; locations and services in first-use order. */
    record Settings(List<Location> locations, List<Service> services, List<SimPractitioner> practitioners) {
    }

    /** A location an appointment used; {@code id} is the one appointments carry as LocationId. */
    record Location(int id, String name) {
    }

    /** A service an appointment used, with the duration of the first appointment that used it. */
    record Service(String name, int durationMinutes) {
    }

    // The prefix only makes ids look like the 24-hex ids IntakeQ uses elsewhere; the counter keeps them deterministic.
    private static final String ID_PREFIX = "65f0a1c2";

    private static final Comparator<SimAppointment> NEWEST_FIRST =
            Comparator.comparing(SimAppointment::start).reversed().thenComparing(SimAppointment::id);

    private final Clock clock;
    private final Map<Integer, StoredClient> clients = new TreeMap<>();
    private final Map<String, SimPractitioner> practitioners = new LinkedHashMap<>();
    private final Map<String, SimAppointment> appointments = new LinkedHashMap<>();
    private final Map<String, Integer> locationIds = new HashMap<>();
    private final Map<String, Integer> serviceDurations = new LinkedHashMap<>();
    // Survives clear(): reusing ids after a clear would make a consumer's stored rows look like updates.
    private long nextAppointmentNumber = 1;

    PracticeData(Clock clock) {
        this.clock = clock;
    }

    synchronized SimClient addClient(int clientId, String name, String email, String phone) {
        if (clientId <= 0) {
            throw new IllegalArgumentException("clientId must be positive: " + clientId);
        }
        SimClient client = new SimClient(clientId, name, email, phone);
        StoredClient previous = clients.get(clientId);
        clients.put(clientId, new StoredClient(client, previous != null ? previous.dateCreated() : now()));
        return client;
    }

    synchronized SimPractitioner addPractitioner(String id, String name, String email) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("practitioner id is required");
        }
        SimPractitioner practitioner = new SimPractitioner(id, name, email);
        practitioners.put(id, practitioner);
        return practitioner;
    }

    synchronized SimAppointment addAppointment(int clientId, String practitionerId, Instant start, int durationMinutes,
                                               String serviceName, String locationName, String telehealthStartUrl) {
        if (!clients.containsKey(clientId)) {
            throw new IllegalArgumentException("unknown client " + clientId + "; call addClient first");
        }
        if (!practitioners.containsKey(practitionerId)) {
            throw new IllegalArgumentException("unknown practitioner " + practitionerId + "; call addPractitioner first");
        }
        if (durationMinutes <= 0) {
            throw new IllegalArgumentException("durationMinutes must be positive: " + durationMinutes);
        }
        String id = ID_PREFIX + String.format(Locale.ROOT, "%016x", nextAppointmentNumber++);
        locationId(locationName);
        serviceDurations.putIfAbsent(String.valueOf(serviceName), durationMinutes);
        Instant now = now();
        SimAppointment appointment = new SimAppointment(id, clientId, practitionerId, SimAppointment.CONFIRMED, start,
                start.plus(Duration.ofMinutes(durationMinutes)), durationMinutes, serviceName, locationName,
                telehealthStartUrl, now, now, null, null, false, null);
        appointments.put(id, appointment);
        return appointment;
    }

    synchronized SimAppointment appointment(String id) {
        return appointments.get(id);
    }

    synchronized List<SimAppointment> appointments() {
        return List.copyOf(appointments.values());
    }

    synchronized List<SimClient> clients() {
        return clients.values().stream().map(StoredClient::client).toList();
    }

    synchronized List<SimPractitioner> practitioners() {
        return List.copyOf(practitioners.values());
    }

    synchronized int appointmentCount() {
        return appointments.size();
    }

    synchronized SimAppointment reschedule(String id, Instant newStart) {
        return replace(id, existing(id).movedTo(newStart, stampAfter(existing(id))));
    }

    synchronized SimAppointment cancel(String id, String reason) {
        return replace(id, existing(id).canceled(reason, stampAfter(existing(id))));
    }

    synchronized SimAppointment setStatus(String id, String status) {
        return replace(id, existing(id).withStatus(status, stampAfter(existing(id))));
    }

    synchronized SimAppointment delete(String id) {
        return replace(id, existing(id).markedDeleted(stampAfter(existing(id))));
    }

    synchronized void clear() {
        clients.clear();
        practitioners.clear();
        appointments.clear();
        locationIds.clear();
        serviceDurations.clear();
    }

    /**
     * The practice's booking settings as the simulator knows them: every practitioner, and the locations and
     * services of the appointments added since the last {@link #clear()} (deleted ones included: deleting an
     * appointment does not remove a location from the practice).
     */
    synchronized Settings settings() {
        List<Location> locations = new ArrayList<>();
        locationIds.forEach((name, id) -> locations.add(new Location(id, name)));
        locations.sort(Comparator.comparingInt(Location::id));
        List<Service> services = new ArrayList<>();
        serviceDurations.forEach((name, minutes) -> services.add(new Service(name, minutes)));
        return new Settings(List.copyOf(locations), List.copyOf(services), List.copyOf(practitioners.values()));
    }

    /** A non-deleted appointment by id for {@code GET /appointments/{id}}, or null. */
    synchronized AppointmentView find(String id) {
        SimAppointment appointment = appointments.get(id);
        // Deleted appointments are gone from the API; only deletedOnly listings still reveal them.
        return appointment == null || appointment.deleted() ? null : view(appointment);
    }

    /** Any appointment by id, deleted or not, for the admin endpoints; null if unknown. */
    synchronized AppointmentView viewOf(String id) {
        SimAppointment appointment = appointments.get(id);
        return appointment == null ? null : view(appointment);
    }

    synchronized List<AppointmentView> query(AppointmentQuery q) {
        Instant deletedCutoff = clock.instant().minus(DELETED_VISIBILITY);
        List<SimAppointment> matches = new ArrayList<>();
        for (SimAppointment a : appointments.values()) {
            if (q.deletedOnly() ? !a.deleted() || a.deletedAt().isBefore(deletedCutoff) : a.deleted()) {
                continue;
            }
            if (q.client() != null && !clientMatches(a.clientId(), q.client())) {
                continue;
            }
            if (q.startFrom() != null && a.start().isBefore(q.startFrom())) {
                continue;
            }
            if (q.startBefore() != null && !a.start().isBefore(q.startBefore())) {
                continue;
            }
            if (q.status() != null && !q.status().equals(a.status())) {
                continue;
            }
            if (q.practitionerEmail() != null) {
                SimPractitioner p = practitioners.get(a.practitionerId());
                if (p == null || p.email() == null || !p.email().equalsIgnoreCase(q.practitionerEmail())) {
                    continue;
                }
            }
            if (q.modifiedSince() != null && a.lastModified().isBefore(q.modifiedSince())) {
                continue;
            }
            matches.add(a);
        }
        matches.sort(NEWEST_FIRST);
        return page(matches, q.page()).stream().map(this::view).toList();
    }

    synchronized List<StoredClient> searchClients(String search, int page) {
        List<StoredClient> matches = new ArrayList<>();
        for (StoredClient c : clients.values()) {
            if (search == null || clientMatches(c.client().clientId(), search)) {
                matches.add(c);
            }
        }
        return page(matches, page);
    }

    private static <T> List<T> page(List<T> all, int page) {
        long from = (long) (page - 1) * PAGE_SIZE;
        if (from >= all.size()) {
            return List.of();
        }
        return List.copyOf(all.subList((int) from, (int) Math.min(all.size(), from + PAGE_SIZE)));
    }

    private boolean clientMatches(int clientId, String filter) {
        if (isDigits(filter)) {
            try {
                return clientId == Integer.parseInt(filter);
            } catch (NumberFormatException tooBig) {
                return false;
            }
        }
        StoredClient stored = clients.get(clientId);
        if (stored == null) {
            return false;
        }
        // Deliberately a substring match, like IntakeQ: "ann@x.org" also finds "joann@x.org".
        String needle = filter.toLowerCase(Locale.ROOT);
        SimClient c = stored.client();
        return contains(c.name(), needle) || contains(c.email(), needle);
    }

    private static boolean contains(String haystack, String lowerNeedle) {
        return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(lowerNeedle);
    }

    static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private AppointmentView view(SimAppointment a) {
        return new AppointmentView(a, clients.get(a.clientId()), practitioners.get(a.practitionerId()),
                locationId(a.locationName()));
    }

    private int locationId(String locationName) {
        return locationIds.computeIfAbsent(String.valueOf(locationName), k -> locationIds.size() + 1);
    }

    private SimAppointment existing(String id) {
        SimAppointment a = appointments.get(id);
        if (a == null) {
            throw new IllegalArgumentException("unknown appointment " + id);
        }
        return a;
    }

    private SimAppointment replace(String id, SimAppointment updated) {
        appointments.put(id, updated);
        return updated;
    }

    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    /**
     * The time of a change to {@code appointment}: now, but strictly after its previous LastModified, so a change
     * made in the same millisecond as the creation still shows a newer LastModified (change detection relies on
     * that). Per appointment, so a test may still create data "modified long ago" with an earlier clock.
     */
    private Instant stampAfter(SimAppointment appointment) {
        Instant now = now();
        return now.isAfter(appointment.lastModified()) ? now : appointment.lastModified().plusMillis(1);
    }
}
