package io.lexhub.app;

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
        String dbPassword,
        int dbPoolSize,
        Optional<String> auditHmacKey,
        ZoneId zone,
        int maxRequestBytes,
        String mailFrom,
        Duration outboxClaim) {

    public static Settings from(Function<String, Optional<String>> lookup) {
        Path home = Path.of(lookup.apply("lexhub.home").orElse("lexhub-home")).toAbsolutePath().normalize();
        Path config = Path.of(lookup.apply("lexhub.config.dir").orElse("config")).toAbsolutePath().normalize();
        String defaultUrl = "jdbc:h2:file:" + home.resolve("db").resolve("lexhub") + ";DB_CLOSE_ON_EXIT=FALSE";
        return new Settings(
                home,
                config,
                Path.of(lookup.apply("lexhub.routes.dir").orElse("routes")).toAbsolutePath().normalize(),
                lookup.apply("lexhub.db.url").orElse(defaultUrl),
                lookup.apply("lexhub.db.user").orElse("lexhub"),
                lookup.apply("lexhub.db.password").orElse(""),
                Integer.parseInt(lookup.apply("lexhub.db.pool-size").orElse("8")),
                lookup.apply("lexhub.audit.hmac-key"),
                ZoneId.of(lookup.apply("lexhub.zone").orElse("UTC")),
                Integer.parseInt(lookup.apply("lexhub.intake.max-bytes").orElse("524288")),
                lookup.apply("lexhub.mail.from").orElse("licensing-exceptions@lexhub.invalid"),
                Duration.ofSeconds(Long.parseLong(lookup.apply("lexhub.outbox.claim-seconds").orElse("60"))));
    }

    public Path policyFile() {
        return configDir.resolve("policy.yaml");
    }

    public Path schemaFile() {
        return configDir.resolve("schema").resolve("request.schema.json");
    }

    public Path templatesDir() {
        return configDir.resolve("templates");
    }
}
