package io.lexhub.app;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * Settings lookup for the command-line tools, with the precedence camel-main gives the hub:
 * system property, then environment variable (lexhub.db.url -> LEXHUB_DB_URL), then
 * config/application.properties (with the profile's file over it).
 */
public final class SettingsSource implements Function<String, Optional<String>> {

    private final Properties file = new Properties();

    /** Reads the config folder's property files ({@link PropertyFiles}); a profile file overrides. */
    public SettingsSource(Path configDir) {
        for (Path f : PropertyFiles.of(configDir)) PropertyFiles.load(f).forEach(file::putIfAbsent);
    }

    public static Settings load() {
        return Settings.from(current());
    }

    /** The lookup the tools use: -D, environment, then the config folder named by lexhub.config.dir (default config). */
    public static SettingsSource current() {
        String configDir = Optional.ofNullable(System.getProperty("lexhub.config.dir"))
                .or(() -> Optional.ofNullable(System.getenv("LEXHUB_CONFIG_DIR")))
                .orElse("config");
        return new SettingsSource(Path.of(configDir));
    }

    @Override
    public Optional<String> apply(String key) {
        String value = System.getProperty(key);
        if (value == null) value = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        if (value == null) value = file.getProperty(key);
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }
}
