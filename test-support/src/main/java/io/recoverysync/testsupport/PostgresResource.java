package io.recoverysync.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.Map;

/**
 * Gives a Quarkus test a freshly created database on the real PostgreSQL server. The database is named after the
 * module directory (e.g. {@code sync_scheduler_test}) unless the init arg {@code database} says otherwise.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {
    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", defaultName());
    }

    public static String defaultName() {
        String dir = Path.of(System.getProperty("user.dir")).getFileName().toString();
        return dir.toLowerCase().replaceAll("[^a-z0-9]", "_") + "_test";
    }

    @Override
    public Map<String, String> start() {
        if (database == null) {
            database = defaultName();
        }
        Postgres pg = Postgres.shared();
        pg.recreateDatabase(database);
        return pg.quarkusConfig(database);
    }

    @Override
    public void stop() {
        // kept for inspection after the run; recreated on the next start
    }
}
