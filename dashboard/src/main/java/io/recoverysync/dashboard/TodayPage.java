package io.recoverysync.dashboard;

import java.util.List;

/**
 * The day view as a page shows it: the organization's appointments of today and the next six days, grouped by day
 * in the organization's time zone, each change of the last 24 hours said in words.
 *
 * @param organizationName the organization
 * @param timeZone         the IANA zone every time on the page is in
 * @param days             today first; a day without appointments has no rows
 * @param changed          appointments with a change in the last 24 hours
 * @param newSinceLastLook of those, changed since the user last opened the page
 * @param appointmentsAvailable false when appointment-sync could not be read (the page says so)
 */
public record TodayPage(String organizationName, String timeZone, List<Day> days, int changed, int newSinceLastLook,
        boolean appointmentsAvailable) {

    /** One day: a heading such as "Today, Monday 7 December" and its appointments by start. */
    public record Day(String heading, String date, List<Row> rows) {
    }

    /**
     * One appointment: times in words, the patient's name, provider, status in words, place, the telehealth link
     * (null when there is none or the appointment is canceled, missed or removed), and what changed.
     */
    public record Row(String appointmentId, String time, String patient, String provider, String status,
            String statusKind, String place, String link, List<String> changes, boolean newSinceLastLook) {

        public boolean changed() {
            return !changes.isEmpty();
        }
    }
}
