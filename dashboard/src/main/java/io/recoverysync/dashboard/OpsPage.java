package io.recoverysync.dashboard;

import java.util.List;

/**
 * The operations page: runs of every organization, the IntakeQ budget and the practice mirror, the EHR queue, provider
 * mappings and the unmapped, discovery; each section null when its service could not be read (the rest still shows).
 * {@code outcome} says what the action just taken did; times are in UTC.
 */
public record OpsPage(List<Run> runs, List<String> intakeq, List<Count> ehrQueue, Providers providers,
        Discovery discovery, List<Organization> organizations, String outcome, List<String> problems) {

    /** One run of an organization. */
    public record Run(String runId, String when, String organization, String title, String result, int failed) {
    }

    /** A count with its label ("Waiting", 3). */
    public record Count(String label, long count) {
    }

    public record Providers(List<Mapping> mapped, List<Count> unmapped) {
    }

    public record Mapping(String name, String email, String intakeqPractitionerId) {
    }

    public record Discovery(long total, String freshAsOf, List<Client> clients) {
    }

    /** An IntakeQ client on no roster: {@code intakeqClientId} is what the add form posts. */
    public record Client(int intakeqClientId, String name, String email, long appointments, String next) {
    }

    public record Organization(String id, String name) {
    }
}
