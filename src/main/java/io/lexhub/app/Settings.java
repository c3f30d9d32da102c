package io.lexhub.app;

import io.lexhub.store.Database;
import io.lexhub.store.EmbeddedH2;
import io.lexhub.store.PrivateFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import java.util.function.Function;

/**
 * The hub's own settings (lexhub.*), resolved the same way for the running hub (through Camel's
 * properties component) and for the command-line tools (through {@link SettingsSource}), so
 * {@code audit verify} sees the same database as the hub.
 */
public record Settings(
        Path home,
        Path configDir,
        Path routesDir,
        String dbUrl,
        String dbUser,
        Optional<String> dbPassword,
        int dbPoolSize,
        Duration dbConnectionTimeout,
        Optional<String> auditHmacKey,
        ZoneId zone,
        int maxRequestBytes,
        String mailFrom,
        Duration outboxClaim,
        Duration outboxRetryBase,
        String publicUrl,
        Duration decisionLinkValidity,
        int sweepWorkers) {

    public static Settings from(Function<String, Optional<String>> lookup) {
        Path home = Path.of(lookup.apply("lexhub.home").orElse("lexhub-home")).toAbsolutePath().normalize();
        Path config = Path.of(lookup.apply("lexhub.config.dir").orElse("config")).toAbsolutePath().normalize();
        return new Settings(
                home,
                config,
                Path.of(lookup.apply("lexhub.routes.dir").orElse("routes")).toAbsolutePath().normalize(),
                lookup.apply("lexhub.db.url").orElse(defaultH2Url(home)),
                lookup.apply("lexhub.db.user").orElse("lexhub"),
                lookup.apply("lexhub.db.password"),
                Integer.parseInt(lookup.apply("lexhub.db.pool-size").orElse("8")),
                Duration.ofMillis(Long.parseLong(lookup.apply("lexhub.db.connection-timeout-ms").orElse("5000"))),
                lookup.apply("lexhub.audit.hmac-key"),
                ZoneId.of(lookup.apply("lexhub.zone").orElse("UTC")),
                Integer.parseInt(lookup.apply("lexhub.intake.max-bytes").orElse("524288")),
                lookup.apply("lexhub.mail.from").orElse("licensing-exceptions@lexhub.invalid"),
                Duration.ofSeconds(Long.parseLong(lookup.apply("lexhub.outbox.claim-seconds").orElse("60"))),
                Duration.ofMillis(Long.parseLong(lookup.apply("lexhub.outbox.retry-base-ms").orElse("10000"))),
                lookup.apply("lexhub.public-url").orElse("http://127.0.0.1:" + lookup.apply("lexhub.http.port").orElse("8080")),
                Duration.ofHours(Long.parseLong(lookup.apply("lexhub.approval.link-hours").orElse("72"))),
                Integer.parseInt(lookup.apply("lexhub.lifecycle.sweep-workers").orElse("4")));
    }

    /**
     * The embedded database under the home: AUTO_SERVER lets the command-line tools (audit verify,
     * approver-key) open it while the hub runs; WRITE_DELAY=0 writes each commit at once, so a
     * killed hub loses no request whose input was already archived (CrashDuringIntakeTest).
     */
    public static String defaultH2Url(Path home) {
        return "jdbc:h2:file:" + home.toAbsolutePath().normalize().resolve("db").resolve("lexhub") + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
    }

    /**
     * The hub's database, for the hub and every command-line tool alike. A local H2 file is made
     * private first (EmbeddedH2): loopback-only auto-server, the generated password unless
     * lexhub.db.password is set, private folder and files. Other databases get the settings as given.
     */
    public Database openDatabase(int poolSize) {
        if (!EmbeddedH2.isLocalFile(dbUrl)) return Database.open(dbUrl, dbUser, dbPassword.orElse(null), poolSize, dbConnectionTimeout);
        String password = EmbeddedH2.prepare(dbUrl, dbUser, dbPassword, home);
        Database db = Database.open(dbUrl, dbUser, password, poolSize, dbConnectionTimeout);
        PrivateFiles.restrictContents(EmbeddedH2.folder(dbUrl));   // the files H2 created on opening (lock, trace)
        return db;
    }

    /**
     * The database the hub made and migrated, for a command-line tool: never creates a home, a
     * database or its password, and refuses a database whose schema is not this build's (a tool
     * must not migrate what the running hub has not, nor read a schema it does not know).
     */
    public Database openHubDatabase(int poolSize) {
        if (!EmbeddedH2.isLocalFile(dbUrl)) return Database.open(dbUrl, dbUser, dbPassword.orElse(null), poolSize, dbConnectionTimeout).requireMigrated();
        Path file = EmbeddedH2.dataFile(dbUrl);
        if (!Files.isRegularFile(file)) throw new NoHubDatabaseException(this, "there is no database " + file);
        if (dbPassword.isEmpty() && !Files.isRegularFile(home.resolve(EmbeddedH2.PASSWORD_FILE))) {
            throw new NoHubDatabaseException(this, "the database " + file + " exists but " + home.resolve(EmbeddedH2.PASSWORD_FILE)
                    + " does not (start the hub on this home once, or set lexhub.db.password)");
        }
        // IFEXISTS: should the file vanish between the check and the connection, H2 must not create an empty one
        String url = dbUrl + ";IFEXISTS=TRUE";
        String password = EmbeddedH2.prepare(url, dbUser, dbPassword, home);
        return Database.open(url, dbUser, password, poolSize, dbConnectionTimeout).requireMigrated();
    }

    public Path policyFile() {
        return configDir.resolve("policy.yaml");
    }

    public Path schemaFile() {
        return configDir.resolve("schema").resolve("request.schema.json");
    }

    public Path approversFile() {
        return configDir.resolve("approvers.yaml");
    }

    public Path templatesDir() {
        return configDir.resolve("templates");
    }

    /** The words customers read, one file per language (notify/Messages, docs/languages.md). */
    public Path messagesDir() {
        return configDir.resolve("messages");
    }
}
