package io.recoverysync.localstack;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A browser test's script in {@code src/test/js}, run with Node.js against Debian's headless Chromium (playwright-core):
 * fails with what to install when node, Chromium or the script's packages are missing; returns the script's output.
 */
final class BrowserScript {
    private BrowserScript() {
    }

    /** Runs {@code script} with {@code env}; its output goes to {@code target/<script>.log} and is returned by line. */
    static List<String> run(Path root, String script, Map<String, String> env, Duration timeout, ServiceProcess shown)
            throws Exception {
        Path scriptDir = root.resolve("local-stack/src/test/js");
        String node = prerequisites(scriptDir);
        Path log = root.resolve("local-stack/target/" + script.replace(".mjs", ".log"));
        ProcessBuilder builder = new ProcessBuilder(node, script)
                .directory(scriptDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        boolean ended = process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        List<String> output = Files.readAllLines(log, StandardCharsets.UTF_8);
        String text = String.join("\n", output) + "\n--- " + shown.name() + " log ---\n" + shown.tail();
        if (!ended) {
            fail("the browser script did not finish within " + timeout + ":\n" + text);
        }
        if (process.exitValue() != 0) {
            fail("the browser script failed (exit " + process.exitValue() + "):\n" + text);
        }
        if (output.isEmpty()) {
            fail("the browser script printed nothing");
        }
        return output;
    }

    private static String prerequisites(Path scriptDir) {
        List<String> missing = new ArrayList<>();
        String node = System.getenv().getOrDefault("NODE", "node");
        try {
            Process version = new ProcessBuilder(node, "--version").redirectErrorStream(true).start();
            if (!version.waitFor(20, TimeUnit.SECONDS) || version.exitValue() != 0) {
                missing.add("Node.js 20+ ('" + node + " --version' failed)");
            }
        } catch (IOException e) {
            missing.add("Node.js 20+ (no '" + node + "' on the PATH)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));
        if (!Files.isExecutable(chromium)) {
            missing.add("Chromium at " + chromium + " (apt-get install -y chromium)");
        }
        for (String module : List.of("playwright-core", "axe-core")) {
            if (!Files.isDirectory(scriptDir.resolve("node_modules/" + module))) {
                missing.add(module + " (run 'npm ci' in " + scriptDir + ")");
            }
        }
        if (!missing.isEmpty()) {
            fail("The browser tests need: " + String.join("; ", missing));
        }
        return node;
    }
}
