package io.recoverysync.ehr.rest;

import io.recoverysync.ehr.service.EhrbaseConfigCheck;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * {@code /q/health/group/ehrbase}: whether EHRbase is configured as this service expects, each part on its own
 * ({@code reachable}, {@code credentials}, {@code template}, {@code systemId}), from the last configuration check;
 * UP only when every part is right. While EHRbase has not answered since start it is DOWN with
 * {@code reachable: "EHRbase not reachable yet"}. Deliberately not a readiness or liveness check: an EHRbase problem
 * must not take ehr-sync out of service (notes are still taken and queued) or restart it.
 */
@HealthGroup("ehrbase")
@ApplicationScoped
public class EhrbaseConfigHealth implements HealthCheck {
    private final EhrbaseConfigCheck check;

    public EhrbaseConfigHealth(EhrbaseConfigCheck check) {
        this.check = check;
    }

    @Override
    public HealthCheckResponse call() {
        EhrbaseConfigCheck.Report report = check.last();
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("EHRbase configuration").status(report.ok())
                .withData("checkedAt", String.valueOf(report.checkedAt()))
                .withData("reachable", words(report.reachable()))
                .withData("credentials", words(report.credentials()))
                .withData("template", words(report.template()))
                .withData("systemId", words(report.systemId()));
        for (int i = 0; i < report.problems().size(); i++) {
            builder.withData("problem" + (i + 1), report.problems().get(i));
        }
        return builder.build();
    }

    private static String words(EhrbaseConfigCheck.Part part) {
        return switch (part.state()) {
            case OK -> part.detail();
            case PROBLEM -> "problem: " + part.detail();
            case UNKNOWN -> part.detail();
        };
    }
}
