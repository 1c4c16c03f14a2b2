package io.recoverysync.contracts;

/**
 * The fields of an appointment a case manager sees, as the change history and {@link AppointmentsChanged} name them
 * ({@link #wire()}). {@code ADDED} is an appointment booked after the patient's first sync.
 */
public enum AppointmentField {
    ADDED("added"),
    START("start"),
    DURATION("duration"),
    STATUS("status"),
    PROVIDER("provider"),
    LINK("link"),
    LOCATION("location"),
    SERVICE("service");

    private final String wire;

    AppointmentField(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The field of a wire name; null for a name this version does not know. */
    public static AppointmentField fromWire(String value) {
        for (AppointmentField f : values()) {
            if (f.wire.equals(value)) {
                return f;
            }
        }
        return null;
    }
}
