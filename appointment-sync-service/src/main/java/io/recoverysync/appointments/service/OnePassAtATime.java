package io.recoverysync.appointments.service;

import io.smallrye.mutiny.Uni;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs a background pass at most once at a time per replica: a nudge while a pass runs asks for one more pass
 * right after it, so nothing nudged is missed and passes never overlap. A failed pass is logged; the next nudge
 * or timer tick tries again.
 */
public final class OnePassAtATime {
    private static final Logger LOG = Logger.getLogger(OnePassAtATime.class);

    private final String name;
    private final Supplier<Uni<?>> pass;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean again;

    public OnePassAtATime(String name, Supplier<Uni<?>> pass) {
        this.name = name;
        this.pass = pass;
    }

    public void nudge() {
        if (!running.compareAndSet(false, true)) {
            again = true;
            return;
        }
        again = false;
        Uni<?> run;
        try {
            run = pass.get();
        } catch (RuntimeException e) {
            run = Uni.createFrom().failure(e);
        }
        run.subscribe().with(ignored -> finish(), failure -> {
            LOG.warnf("%s pass failed (%s); tried again on the next nudge or tick", name, failure.toString());
            finish();
        });
    }

    private void finish() {
        running.set(false);
        if (again) {
            nudge();
        }
    }
}
