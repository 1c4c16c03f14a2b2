package io.recoverysync.bench;

import java.util.Arrays;
import java.util.List;

/**
 * {@code bench/run.sh <name> [--option value ...]}: runs one benchmark (or {@code all}) on its own local stack,
 * prints its table and writes {@code bench/results/<name>.json}. Never run by {@code mvn verify}.
 */
public final class BenchMain {
    private static final List<String> NAMES = List.of("fanout", "quota", "overhead", "memory", "scale", "faults",
            "dashboard");

    private BenchMain() {
    }

    public static void main(String[] argv) {
        if (argv.length == 0 || !(NAMES.contains(argv[0]) || "all".equals(argv[0]))) {
            System.err.println("usage: bench/run.sh <" + String.join("|", NAMES) + "|all> [--option value ...]");
            System.exit(2);
        }
        Args args = new Args(Arrays.copyOfRange(argv, 1, argv.length));
        // "all": the performance benchmarks; the fault suite (about 40 minutes) and the dashboard's (Keycloak, a first
        // practice read at the base plan: about 12 minutes) only by their names
        List<String> which = "all".equals(argv[0])
                ? NAMES.stream().filter(n -> !"faults".equals(n) && !"dashboard".equals(n)).toList()
                : List.of(argv[0]);
        for (String name : which) {
            long t0 = System.nanoTime();
            switch (name) {
                case "fanout" -> FanOutBench.run(args);
                case "quota" -> QuotaBench.run(args);
                case "overhead" -> OverheadBench.run(args);
                case "memory" -> MemoryBench.run(args);
                case "scale" -> ScaleBench.run(args);
                case "faults" -> FaultBench.run(args);
                case "dashboard" -> DashboardBench.run(args);
                default -> throw new IllegalArgumentException(name);
            }
            System.out.printf("[%s] finished in %.0f s%n", name, (System.nanoTime() - t0) / 1e9);
        }
        // the services were stopped by the stack; the broker's and HTTP clients' threads must not keep us alive
        System.exit(0);
    }
}
