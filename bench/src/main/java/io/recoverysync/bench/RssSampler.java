package io.recoverysync.bench;

import io.recoverysync.localstack.ServiceProcess;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Samples the resident set size ({@code VmRSS}) of processes every few milliseconds on a daemon thread and keeps
 * each one's peak, so a benchmark can report memory under load without the processes' cooperation.
 */
final class RssSampler implements AutoCloseable {
    /** The harness's own JVM: the Kafka broker, the IntakeQ simulator and the benchmark driver. */
    static final String LAUNCHER = "launcher (Kafka broker + IntakeQ simulator + harness)";

    private final Map<String, Long> pids = new LinkedHashMap<>();
    private final Map<String, Long> peaks = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    RssSampler(List<ServiceProcess> services, boolean includeLauncher, long intervalMillis) {
        services.forEach(s -> pids.put(s.name(), s.pid()));
        if (includeLauncher) {
            pids.put(LAUNCHER, ProcessHandle.current().pid());
        }
        sample();
        thread = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(intervalMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        pids.forEach((name, pid) -> {
            long kib = ServiceProcess.procStatusKib(pid, "VmRSS");
            if (kib > 0) {
                peaks.merge(name, kib, Math::max);
            }
        });
    }

    /** Peak RSS seen of {@code name}, in MiB (null if never readable). */
    Double peakMib(String name) {
        Long kib = peaks.get(name);
        return kib == null ? null : kib / 1024.0;
    }

    /** Current RSS of every sampled process, in MiB. */
    static Double rssMib(long pid) {
        long kib = ServiceProcess.procStatusKib(pid, "VmRSS");
        return kib < 0 ? null : kib / 1024.0;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
    }
}
