package io.lexhub.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * Settings lookup for the command-line tools, with the precedence camel-main gives the hub:
 * system property, then environment variable (lexhub.db.url -> LEXHUB_DB_URL), then
 * config/application.properties.
 */
public final class SettingsSource implements Function<String, Optional<String>> {

    private final Properties file = new Properties();

    public SettingsSource(Path applicationProperties) {
        if (Files.isRegularFile(applicationProperties)) {
            try (Reader in = Files.newBufferedReader(applicationProperties, StandardCharsets.UTF_8)) {
                file.load(in);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read " + applicationProperties + ": " + e.getMessage(), e);
            }
        }
    }

    public static Settings load() {
        String configDir = Optional.ofNullable(System.getProperty("lexhub.config.dir"))
                .or(() -> Optional.ofNullable(System.getenv("LEXHUB_CONFIG_DIR")))
                .orElse("config");
        return Settings.from(new SettingsSource(Path.of(configDir, "application.properties")));
    }

    @Override
    public Optional<String> apply(String key) {
        String value = System.getProperty(key);
        if (value == null) value = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        if (value == null) value = file.getProperty(key);
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }
}
