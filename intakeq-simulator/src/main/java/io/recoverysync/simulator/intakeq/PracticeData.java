package io.recoverysync.simulator.intakeq;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The simulated practice's clients, practitioners and appointments, guarded by one monitor.
 *
 * <p>One coarse lock makes every query see a consistent snapshot while tests mutate. Appointments are also kept in
 * the API's order (an index updated on every change), so a page of a 30,000-appointment practice is a bounded walk
 * rather than a filter-and-sort of everything.
 */
final class PracticeData {

    static final int PAGE_SIZE = 100;
    static final Duration DELETED_VISIBILITY = Duration.ofDays(10);

    /**
     * A client plus the bookkeeping the API exposes but {@link SimClient} does not carry; the lower-cased name and
     * email are kept so that a substring search does not lower-case every client on every request.
     */
    record StoredClient(SimClient client, Instant dateCreated, String lowerName, String lowerEmail) {
        StoredClient(SimClient client, Instant dateCreated) {
            this(client, dateCreated, lower(client.name()), lower(client.email()));
        }

        private static String lower(String s) {
            return s == null ? null : s.toLowerCase(Locale.ROOT);
        }
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

    /**
     * Where appointment changes go (the webhook emitter). Called with this monitor held, so changes arrive in the
     * order they happened; {@code changed} must only enqueue, never block or call back into the data.
     */
    interface ChangeSink {
        ChangeSink NONE = new ChangeSink() {
            @Override
            public boolean wanted() {
                return false;
            }

            @Override
            public void changed(String eventType, AppointmentView view) {
            }
        };

        /** Whether anyone listens now; false skips building the view. */
        boolean wanted();

        void changed(String eventType, AppointmentView view);
    }

    // The prefix only makes ids look like the 24-hex ids IntakeQ uses elsewhere; the counter keeps them deterministic.
    private static final String ID_PREFIX = "65f0a1c2";

    /** Position of an appointment in the API's order: StartDate descending, then id ascending. */
    private record OrderKey(Instant start, String id) {
        static final Comparator<OrderKey> NEWEST_FIRST =
                Comparator.comparing(OrderKey::start).reversed().thenComparing(OrderKey::id);
        // Sorts after every real id (24 lower-case hex digits) with the same start.
        private static final String AFTER_ANY_ID = "\uffff";

        static OrderKey of(SimAppointment a) {
            return new OrderKey(a.start(), a.id());
        }

        /** Just after every appointment starting at {@code start}: where the ones starting earlier begin. */
        static OrderKey after(Instant start) {
            return new OrderKey(start, AFTER_ANY_ID);
        }
    }

    private final Clock clock;
    private final ChangeSink changes;
    private final Map<Integer, StoredClient> clients = new TreeMap<>();
    private final Map<String, SimPractitioner> practitioners = new LinkedHashMap<>();
    private final Map<String, SimAppointment> appointments = new LinkedHashMap<>();
    // Every appointment (deleted included) in the API's order, so a page is a walk, not a sort of everything.
    private final NavigableMap<OrderKey, SimAppointment> ordered = new TreeMap<>(OrderKey.NEWEST_FIRST);
    private final Map<String, Integer> locationIds = new HashMap<>();
    private final Map<String, Integer> serviceDurations = new LinkedHashMap<>();
    // Survives clear(): reusing ids after a clear would make a consumer's stored rows look like updates.
    private long nextAppointmentNumber = 1;

    PracticeData(Clock clock) {
        this(clock, ChangeSink.NONE);
    }

    PracticeData(Clock clock, ChangeSink changes) {
        this.clock = clock;
        this.changes = changes;
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

    /** Adds or replaces each client, all under one lock acquisition; invalid ids fail before anything is added. */
    synchronized List<SimClient> addClients(Collection<SimClient> toAdd) {
        for (SimClient c : toAdd) {
            if (c == null || c.clientId() <= 0) {
                throw new IllegalArgumentException("clientId must be positive: " + (c == null ? null : c.clientId()));
            }
        }
        List<SimClient> added = new ArrayList<>(toAdd.size());
        for (SimClient c : toAdd) {
            added.add(addClient(c.clientId(), c.name(), c.email(), c.phone()));
        }
        return added;
    }

    synchronized SimAppointment addAppointment(int clientId, String practitionerId, Instant start, int durationMinutes,
                                               String serviceName, String locationName, String telehealthStartUrl) {
        NewAppointment spec = new NewAppointment(clientId, practitionerId, start, durationMinutes, serviceName,
                locationName, telehealthStartUrl);
        validate(spec);
        return insert(spec);
    }

    /** Adds each appointment in order under one lock acquisition; one invalid entry fails before any is added. */
    synchronized List<SimAppointment> addAppointments(Collection<NewAppointment> specs) {
        for (NewAppointment spec : specs) {
            validate(spec);
        }
        List<SimAppointment> added = new ArrayList<>(specs.size());
        for (NewAppointment spec : specs) {
            added.add(insert(spec));
        }
        return added;
    }

    private void validate(NewAppointment spec) {
        if (spec == null) {
            throw new IllegalArgumentException("appointment is null");
        }
        if (!clients.containsKey(spec.clientId())) {
            throw new IllegalArgumentException("unknown client " + spec.clientId() + "; call addClient first");
        }
        if (!practitioners.containsKey(spec.practitionerId())) {
            throw new IllegalArgumentException("unknown practitioner " + spec.practitionerId()
                    + "; call addPractitioner first");
        }
        if (spec.start() == null) {
            throw new IllegalArgumentException("start is required");
        }
        if (spec.durationMinutes() <= 0) {
            throw new IllegalArgumentException("durationMinutes must be positive: " + spec.durationMinutes());
        }
    }

    private SimAppointment insert(NewAppointment spec) {
        String id = ID_PREFIX + String.format(Locale.ROOT, "%016x", nextAppointmentNumber++);
        locationId(spec.locationName());
        serviceDurations.putIfAbsent(String.valueOf(spec.serviceName()), spec.durationMinutes());
        Instant now = now();
        SimAppointment appointment = new SimAppointment(id, spec.clientId(), spec.practitionerId(),
                SimAppointment.CONFIRMED, spec.start(), spec.start().plus(Duration.ofMinutes(spec.durationMinutes())),
                spec.durationMinutes(), spec.serviceName(), spec.locationName(), spec.telehealthStartUrl(), now, now,
                null, null, false, null);
        appointments.put(id, appointment);
        ordered.put(OrderKey.of(appointment), appointment);
        if (changes.wanted()) {
            changes.changed(WebhookEmitter.CREATED, view(appointment));
        }
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
        SimAppointment before = existing(id);
        SimAppointment after = replace(id, before.movedTo(newStart, stampAfter(before)));
        fire(before, WebhookEmitter.RESCHEDULED, after);
        return after;
    }

    synchronized SimAppointment cancel(String id, String reason) {
        SimAppointment before = existing(id);
        SimAppointment after = replace(id, before.canceled(reason, stampAfter(before)));
        fire(before, WebhookEmitter.CANCELED, after);
        return after;
    }

    synchronized SimAppointment setStatus(String id, String status) {
        SimAppointment before = existing(id);
        SimAppointment after = replace(id, before.withStatus(status, stampAfter(before)));
        fire(before, WebhookEmitter.eventForStatus(status), after);
        return after;
    }

    synchronized SimAppointment delete(String id) {
        SimAppointment before = existing(id);
        SimAppointment after = replace(id, before.markedDeleted(stampAfter(before)));
        // The wire format has no "deleted" flag, so the event carries the appointment as GET by id last showed it.
        fire(before, WebhookEmitter.DELETED, before);
        return after;
    }

    /** Reports a change unless it has no event or the appointment was already deleted (gone from the API). */
    private void fire(SimAppointment before, String eventType, SimAppointment toRender) {
        if (eventType != null && !before.deleted() && changes.wanted()) {
            changes.changed(eventType, view(toRender));
        }
    }

    synchronized void clear() {
        clients.clear();
        practitioners.clear();
        appointments.clear();
        ordered.clear();
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

    /**
     * One page of {@code GET /appointments}: walks the ordered index from the {@code startBefore} bound, skips the
     * earlier pages' matches and stops after one page or at the {@code startFrom} bound, so a page costs at most one
     * pass over the index and no sort. Client and practitioner filters are resolved to id sets once per query.
     */
    synchronized List<AppointmentView> query(AppointmentQuery q) {
        Instant deletedCutoff = clock.instant().minus(DELETED_VISIBILITY);
        Set<Integer> clientIds = q.client() == null ? null : matchingClientIds(q.client());
        Set<String> practitionerIds = q.practitionerEmail() == null ? null : matchingPractitioners(q.practitionerEmail());
        if ((clientIds != null && clientIds.isEmpty()) || (practitionerIds != null && practitionerIds.isEmpty())) {
            return List.of();
        }
        Collection<SimAppointment> range = q.startBefore() == null
                ? ordered.values()
                : ordered.tailMap(OrderKey.after(q.startBefore()), false).values();
        long skip = (long) (q.page() - 1) * PAGE_SIZE;
        List<AppointmentView> page = new ArrayList<>(PAGE_SIZE);
        for (SimAppointment a : range) {
            if (q.startFrom() != null && a.start().isBefore(q.startFrom())) {
                break; // descending order: everything after this starts even earlier
            }
            if (q.deletedOnly() ? !a.deleted() || a.deletedAt().isBefore(deletedCutoff) : a.deleted()) {
                continue;
            }
            if (clientIds != null && !clientIds.contains(a.clientId())) {
                continue;
            }
            if (q.status() != null && !q.status().equals(a.status())) {
                continue;
            }
            if (practitionerIds != null && !practitionerIds.contains(a.practitionerId())) {
                continue;
            }
            if (q.modifiedSince() != null && a.lastModified().isBefore(q.modifiedSince())) {
                continue;
            }
            if (skip > 0) {
                skip--;
                continue;
            }
            page.add(view(a));
            if (page.size() == PAGE_SIZE) {
                break;
            }
        }
        return page;
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
            return exactClientId(filter) == clientId;
        }
        StoredClient stored = clients.get(clientId);
        return stored != null && textMatches(stored, filter.toLowerCase(Locale.ROOT));
    }

    /** The ids of the clients {@code filter} selects (digits: that id, else a name/email substring). */
    private Set<Integer> matchingClientIds(String filter) {
        if (isDigits(filter)) {
            int id = exactClientId(filter);
            return id > 0 ? Set.of(id) : Set.of();
        }
        String needle = filter.toLowerCase(Locale.ROOT);
        Set<Integer> ids = new HashSet<>();
        for (StoredClient c : clients.values()) {
            if (textMatches(c, needle)) {
                ids.add(c.client().clientId());
            }
        }
        return ids;
    }

    private Set<String> matchingPractitioners(String email) {
        Set<String> ids = new HashSet<>();
        for (SimPractitioner p : practitioners.values()) {
            if (p.email() != null && p.email().equalsIgnoreCase(email)) {
                ids.add(p.id());
            }
        }
        return ids;
    }

    /** The client id written in {@code digits}, or -1 when it does not fit an int (matches no client). */
    private static int exactClientId(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException tooBig) {
            return -1;
        }
    }

    private static boolean textMatches(StoredClient c, String lowerNeedle) {
        // Deliberately a substring match, like IntakeQ: "ann@x.org" also finds "joann@x.org".
        return contains(c.lowerName(), lowerNeedle) || contains(c.lowerEmail(), lowerNeedle);
    }

    private static boolean contains(String lowerHaystack, String lowerNeedle) {
        return lowerHaystack != null && lowerHaystack.contains(lowerNeedle);
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
        SimAppointment previous = appointments.put(id, updated);
        if (previous != null) {
            ordered.remove(OrderKey.of(previous));
        }
        ordered.put(OrderKey.of(updated), updated);
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
