package io.recoverysync.scheduler.service;

import io.recoverysync.scheduler.Organization;
import io.recoverysync.scheduler.RosterEntry;
import io.recoverysync.scheduler.client.AppointmentSyncPatients;
import io.recoverysync.scheduler.config.SchedulerConfig;
import io.recoverysync.scheduler.repository.CalendarFeedRepository;
import io.recoverysync.scheduler.repository.RosterRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Calendar feeds: a secret URL per feed (32 random bytes, base64url; only its SHA-256 is stored) that serves the
 * organization's appointments from {@code days-back} days ago to {@code days-ahead} days ahead as iCalendar.
 */
@ApplicationScoped
public class CalendarFeeds {
    /** How many roster patients one feed reads at most (an organization larger than this is cut, and logged). */
    static final int MAX_PATIENTS = 20_000;
    private static final int CHUNK = 500;

    private final CalendarFeedRepository feeds;
    private final RosterRepository roster;
    private final AppointmentSyncPatients appointments;
    private final SchedulerConfig config;
    private final SecureRandom random = new SecureRandom();

    public CalendarFeeds(CalendarFeedRepository feeds, RosterRepository roster, AppointmentSyncPatients appointments,
            SchedulerConfig config) {
        this.feeds = feeds;
        this.roster = roster;
        this.appointments = appointments;
        this.config = config;
    }

    /** A new feed and the secret of its URL (shown once). */
    public record Created(CalendarFeedRepository.Feed feed, String token) {
    }

    /** The calendar text of a feed; {@code available} false when appointment-sync could not be read. */
    public record Served(boolean found, boolean available, String calendar) {
    }

    public Uni<Created> create(UUID organizationId, String ownerSubject, String ownerRole, String label) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return feeds.create(UUID.randomUUID(), hash(token), organizationId, ownerSubject, ownerRole, label)
                .map(feed -> new Created(feed, token));
    }

    /** Whether {@code token} has the shape of a feed secret (anything else is not looked up). */
    public static boolean wellFormed(String token) {
        return token != null && token.matches("[A-Za-z0-9_-]{43}");
    }

    public Uni<Served> serve(String token) {
        if (!wellFormed(token)) {
            return Uni.createFrom().item(new Served(false, false, null));
        }
        return feeds.fetch(hash(token)).chain(feed -> feed == null ? Uni.createFrom().item(new Served(false, false, null))
                : roster.organizations(feed.organizationId()).chain(orgs -> orgs.isEmpty()
                        ? Uni.createFrom().item(new Served(false, false, null))
                        : calendar(orgs.get(0))));
    }

    private Uni<Served> calendar(Organization org) {
        return roster.patients(org.id(), "active", 0, MAX_PATIENTS).chain(patients -> {
            Map<UUID, CalendarWriter.Name> names = new HashMap<>();
            for (RosterEntry e : patients) {
                names.put(e.patientId(), new CalendarWriter.Name(e.firstName(), e.lastName()));
            }
            List<List<UUID>> chunks = new ArrayList<>();
            List<UUID> ids = List.copyOf(names.keySet());
            for (int i = 0; i < ids.size(); i += CHUNK) {
                chunks.add(ids.subList(i, Math.min(ids.size(), i + CHUNK)));
            }
            return Multi.createFrom().iterable(chunks)
                    .onItem().transformToUniAndConcatenate(chunk -> appointments.appointments(chunk,
                            config.calendar().daysBack(), config.calendar().daysAhead()))
                    .collect().asList()
                    .map(parts -> {
                        if (parts.stream().anyMatch(p -> p.isEmpty())) {
                            return new Served(true, false, null);
                        }
                        List<CalendarWriter.Appointment> all = new ArrayList<>();
                        parts.forEach(p -> all.addAll(p.get()));
                        all.sort((a, b) -> a.startAt().compareTo(b.startAt()));
                        return new Served(true, true, CalendarWriter.write(org, names, all));
                    });
        });
    }

    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }
}
