package io.recoverysync.deploycheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A module's main Java sources as one text, to find a REST path or a setting name in the code. */
final class SourceText {

    private SourceText() {
    }

    static String of(String module) {
        try (Stream<Path> files = Files.walk(Repo.module(module).resolve("src/main/java"))) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .map(Repo::read)
                    .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
