package io.recoverysync.deploycheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The settings a simulator's main class reads ({@code setting("NAME", default)}) and their defaults. */
final class SimulatorSettings {

    private static final Pattern SETTING = Pattern.compile("setting\\(\\s*\"([A-Z0-9_]+)\"\\s*,\\s*([^)]*)\\)");

    final String module;
    final Path mainClass;
    /** name -> default expression as written (a literal in quotes, or a constant). */
    final Map<String, String> settings = new TreeMap<>();

    private SimulatorSettings(String module, Path mainClass) {
        this.module = module;
        this.mainClass = mainClass;
    }

    static SimulatorSettings of(String module) {
        Path main = findMain(module);
        SimulatorSettings s = new SimulatorSettings(module, main);
        Matcher m = SETTING.matcher(Repo.read(main));
        while (m.find()) {
            s.settings.putIfAbsent(m.group(1), m.group(2).strip());
        }
        if (s.settings.isEmpty()) {
            throw new AssertionError(Repo.rel(main) + ": no setting(\"NAME\", default) calls found");
        }
        return s;
    }

    String portSetting() {
        return settings.keySet().stream().filter(n -> n.endsWith("_SIM_PORT")).findFirst()
                .orElseThrow(() -> new AssertionError(Repo.rel(mainClass) + " reads no *_SIM_PORT setting"));
    }

    int defaultPort() {
        return Integer.parseInt(settings.get(portSetting()).replace("\"", ""));
    }

    private static Path findMain(String module) {
        try (Stream<Path> files = Files.walk(Repo.module(module).resolve("src/main/java"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("Main.java"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(module + " has no *Main.java"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
