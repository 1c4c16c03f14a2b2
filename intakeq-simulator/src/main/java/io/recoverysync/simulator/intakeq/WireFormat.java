package io.recoverysync.simulator.intakeq;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recoverysync.simulator.intakeq.PracticeData.AppointmentView;
import io.recoverysync.simulator.intakeq.PracticeData.StoredClient;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Renders simulator state in IntakeQ's wire format: PascalCase names, epoch-ms numbers, .NET-style ISO strings.
 *
 * <p>Values IntakeQ has but the simulator does not model (service ids, date of birth, telehealth codes) are derived
 * deterministically from ids so repeated runs produce byte-identical responses.
 */
final class WireFormat {

    /** Shape switches that the fault-injection API flips at runtime. */
    record Options(boolean extraUnknownFields, boolean clientIdAsString, boolean locationIdAsNumber) {
    }

    // .NET "o" round-trip format: always 7 fractional digits and a literal Z.
    static final DateTimeFormatter ISO_7 =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    // The real local formats are undocumented; these follow the reference fixture.
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter LOCAL_FORMATTED =
            DateTimeFormatter.ofPattern("EEEE, MMMM d, uuuu h:mm a", Locale.US);

    // Prices are not modelled: every service costs the same.
    private static final double PRICE = 150.0;

    private final ObjectMapper mapper;
    private final ZoneId practiceZone;

    WireFormat(ObjectMapper mapper, ZoneId practiceZone) {
        this.mapper = mapper;
        this.practiceZone = practiceZone;
    }

    byte[] appointments(List<AppointmentView> views, Options options) {
        ArrayNode array = mapper.createArrayNode();
        for (AppointmentView v : views) {
            array.add(appointment(v, options));
        }
        return bytes(array);
    }

    byte[] appointmentBytes(AppointmentView view, Options options) {
        return bytes(appointment(view, options));
    }

    ObjectNode appointment(AppointmentView v, Options options) {
        SimAppointment a = v.appointment();
        SimClient c = v.client().client();
        SimPractitioner p = v.practitioner();
        ObjectNode n = mapper.createObjectNode();
        n.put("Id", a.id());
        n.put("ClientName", c.name());
        n.put("ClientEmail", c.email());
        n.put("ClientPhone", c.phone());
        n.put("ClientDateOfBirth", dateOfBirth(c.clientId()).toString());
        if (options.clientIdAsString()) {
            n.put("ClientId", String.valueOf(c.clientId()));
        } else {
            n.put("ClientId", c.clientId());
        }
        n.put("Status", a.status());
        n.put("StartDate", a.start().toEpochMilli());
        n.put("EndDate", a.end().toEpochMilli());
        n.put("Duration", a.durationMinutes());
        n.put("StartDateIso", ISO_7.format(a.start()));
        n.put("EndDateIso", ISO_7.format(a.end()));
        n.put("StartDateLocal", LOCAL.format(a.start().atZone(practiceZone)));
        n.put("EndDateLocal", LOCAL.format(a.end().atZone(practiceZone)));
        n.put("StartDateLocalFormatted", LOCAL_FORMATTED.format(a.start().atZone(practiceZone)));
        n.put("ServiceName", a.serviceName());
        n.put("ServiceId", serviceId(a.serviceName()));
        n.put("LocationName", a.locationName());
        // Real responses disagree with the doc example (number) and usually send a string; default to the common case.
        if (options.locationIdAsNumber()) {
            n.put("LocationId", v.locationId());
        } else {
            n.put("LocationId", String.valueOf(v.locationId()));
        }
        n.put("Price", PRICE);
        n.put("PractitionerName", p.name());
        n.put("PractitionerEmail", p.email());
        n.put("PractitionerId", p.id());
        n.put("DateCreated", a.dateCreated().toEpochMilli());
        n.put("LastModified", a.lastModified().toEpochMilli());
        n.putNull("IntakeId");
        n.put("BookedByClient", false);
        n.put("CreatedBy", p.name());
        n.putNull("AppointmentPackageId");
        n.putNull("AppointmentPackageName");
        if (a.telehealthStartUrl() == null) {
            n.putNull("TelehealthInfo");
        } else {
            ObjectNode t = n.putObject("TelehealthInfo");
            t.put("Id", nameGuid("telehealth:" + a.id()));
            t.put("StartUrl", a.telehealthStartUrl());
            t.put("Invitation", "Join your telehealth session: " + a.telehealthStartUrl());
            t.put("Provider", "IntakeQ");
            t.put("InvitationCode", String.format(Locale.ROOT, "%06d", Math.floorMod(a.id().hashCode(), 1_000_000)));
        }
        n.put("FullCancellationReason", a.cancellationReason());
        n.putNull("CancellationReasonNote");
        // Format undocumented; the ISO form is the least surprising string a client could parse.
        n.put("CancellationDate", a.cancellationDate() == null ? null : ISO_7.format(a.cancellationDate()));
        n.put("AttendanceConfirmationResponse", "None");
        n.put("ReminderType", "Email");
        n.putArray("CustomFields");
        n.putArray("AdditionalClients");
        if (options.extraUnknownFields()) {
            addUnknownFields(n);
        }
        return n;
    }

    /**
     * {@code GET /appointments/settings}. Ids are the ones appointments carry (LocationId, ServiceId, PractitionerId),
     * so a client can join on them; the location id follows the same number/string switch as appointments.
     */
    byte[] settings(PracticeData.Settings settings, Options options) {
        ObjectNode root = mapper.createObjectNode();
        ArrayNode locations = root.putArray("Locations");
        for (PracticeData.Location l : settings.locations()) {
            ObjectNode n = locations.addObject();
            if (options.locationIdAsNumber()) {
                n.put("Id", l.id());
            } else {
                n.put("Id", String.valueOf(l.id()));
            }
            n.put("Name", l.name());
            // Not modelled; a made-up, deterministic street address.
            n.put("Address", (100 + l.id()) + " Example Street, Denver, CO 80202");
        }
        ArrayNode services = root.putArray("Services");
        for (PracticeData.Service sv : settings.services()) {
            ObjectNode n = services.addObject();
            n.put("Id", serviceId(sv.name()));
            n.put("Name", sv.name());
            n.put("Duration", sv.durationMinutes());
            n.put("Price", PRICE);
        }
        ArrayNode practitioners = root.putArray("Practitioners");
        for (SimPractitioner p : settings.practitioners()) {
            ObjectNode n = practitioners.addObject();
            String name = p.name() == null ? "" : p.name().trim();
            n.put("Id", p.id());
            n.put("CompleteName", name);
            n.put("FirstName", firstName(name));
            n.put("LastName", lastName(name));
            n.put("Email", p.email());
        }
        return bytes(root);
    }

    byte[] clients(List<StoredClient> clients, boolean includeProfile) {
        ArrayNode array = mapper.createArrayNode();
        for (StoredClient stored : clients) {
            SimClient c = stored.client();
            ObjectNode n = array.addObject();
            if (!includeProfile) {
                // Real quirk: the short form calls the id ClientNumber, the profile form ClientId.
                n.put("ClientNumber", c.clientId());
                n.put("Name", c.name());
                n.put("Email", c.email());
                n.put("Phone", c.phone());
                continue;
            }
            String name = c.name() == null ? "" : c.name().trim();
            n.put("ClientId", c.clientId());
            n.put("Name", name);
            n.put("FirstName", firstName(name));
            n.put("LastName", lastName(name));
            n.putNull("MiddleName");
            n.put("Email", c.email());
            n.put("Phone", c.phone());
            n.putNull("HomePhone");
            n.putNull("WorkPhone");
            n.put("MobilePhone", c.phone());
            n.put("DateOfBirth", dateOfBirth(c.clientId()).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
            n.putNull("Gender");
            n.putNull("MaritalStatus");
            n.putArray("Tags");
            n.put("Archived", false);
            n.putNull("Address");
            n.putNull("UnitNumber");
            n.putNull("StreetAddress");
            n.putNull("City");
            n.putNull("StateShort");
            n.putNull("Country");
            n.putNull("PostalCode");
            n.put("DateCreated", stored.dateCreated().toEpochMilli());
            n.put("LastActivityDate", stored.dateCreated().toEpochMilli());
            n.putArray("CustomFields");
            n.putNull("ExternalClientId");
            n.putNull("PractitionerId");
            n.put("Guid", nameGuid("client:" + c.clientId()));
        }
        return bytes(array);
    }

    byte[] bytes(Object node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (Exception e) {
            // Only reachable for programming errors; the tree holds plain values.
            throw new IllegalStateException("cannot serialise simulator response", e);
        }
    }

    private static void addUnknownFields(ObjectNode n) {
        n.put("SimUnknownString", "added by the simulator to test tolerant readers");
        n.put("SimUnknownNumber", 42);
        n.putObject("SimUnknownObject").put("Nested", true);
        n.putArray("SimUnknownArray").add(1).add("two");
        n.putNull("PlaceOfService");
    }

    private static String serviceId(String serviceName) {
        return nameGuid("service:" + serviceName);
    }

    private static String firstName(String trimmedName) {
        int space = trimmedName.indexOf(' ');
        return space < 0 ? trimmedName : trimmedName.substring(0, space);
    }

    private static String lastName(String trimmedName) {
        int space = trimmedName.indexOf(' ');
        return space < 0 ? "" : trimmedName.substring(space + 1).trim();
    }

    private static LocalDate dateOfBirth(int clientId) {
        return LocalDate.of(1960, 1, 1).plusDays(Math.floorMod(clientId * 7919L, 15_000L));
    }

    private static String nameGuid(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
