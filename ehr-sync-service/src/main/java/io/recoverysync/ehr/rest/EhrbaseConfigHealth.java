package io.recoverysync.ehr.rest;

import io.recoverysync.ehr.service.EhrbaseConfigCheck;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * {@code /q/health/group/ehrbase}: whether EHRbase is configured as this service expects (template, credentials,
 * system id), from the last configuration check. Deliberately not a readiness or liveness check: an EHRbase
 * problem must not take ehr-sync out of service (notes are still taken and queued) or restart it.
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
                .withData("systemId", report.systemIdReported() == null ? "not compared yet (no EHR known)"
                        : report.systemIdReported());
        for (int i = 0; i < report.problems().size(); i++) {
            builder.withData("problem" + (i + 1), report.problems().get(i));
        }
        return builder.build();
    }
}
