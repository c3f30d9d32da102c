package io.lexhub.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The profile's property file overrides application.properties, for the hub and for the command-line tools alike. */
class PropertyFilesTest {

    private Path config;

    @BeforeEach
    void configWithAPostgresProfile() throws Exception {
        config = Files.createTempDirectory("lexhub-config-");
        Files.writeString(config.resolve("application.properties"), "lexhub.db.user = main-user\nlexhub.zone = Europe/Paris\n");
        Files.writeString(config.resolve("application-postgres.properties"), "lexhub.db.url = jdbc:postgresql://db:5432/lexhub\nlexhub.db.user = pg-user\n");
    }

    @AfterEach
    void noProfile() {
        System.clearProperty("camel.main.profile");
    }

    @Test
    void withoutAProfileOnlyApplicationPropertiesIsRead() {
        assertThat(PropertyFiles.locations(config)).containsExactly("file:" + config.resolve("application.properties"));
        assertThat(new SettingsSource(config).apply("lexhub.db.user")).hasValue("main-user");
    }

    @Test
    void theProfileFileComesFirstAndWins() {
        System.setProperty("camel.main.profile", "postgres");
        assertThat(PropertyFiles.locations(config)).containsExactly(
                "file:" + config.resolve("application-postgres.properties"), "file:" + config.resolve("application.properties"));
        SettingsSource source = new SettingsSource(config);
        assertThat(source.apply("lexhub.db.user")).hasValue("pg-user");
        assertThat(source.apply("lexhub.db.url")).hasValue("jdbc:postgresql://db:5432/lexhub");
        assertThat(source.apply("lexhub.zone")).as("keys the profile does not set").hasValue("Europe/Paris");
    }

    @Test
    void aProfileWithoutItsFileIsAnError() {
        System.setProperty("camel.main.profile", "oracle");
        assertThatThrownBy(() -> PropertyFiles.of(config)).hasMessageContaining("application-oracle.properties does not exist");
    }
}
