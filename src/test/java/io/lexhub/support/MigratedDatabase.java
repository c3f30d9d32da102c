package io.lexhub.support;

import io.lexhub.app.Settings;
import io.lexhub.store.Database;
import io.lexhub.store.EmbeddedH2;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A hub's embedded database as the hub's own start leaves it on first run (its password file and
 * every migration applied), made once per test JVM and copied into each new home. The hub under
 * test still runs its migration at start, which then only checks that the schema is current: the
 * ~56 migrations took most of a hub's start in the test JVMs (a sixth of the fast loop's CPU).
 */
public final class MigratedDatabase {

    private static Path template;

    private MigratedDatabase() {}

    /** Puts a freshly migrated database, and the password it was made with, into this home. */
    public static void copyInto(Path home) {
        Path from = template();
        try {
            Files.createDirectories(home.resolve("db"));
            Files.copy(from.resolve(EmbeddedH2.PASSWORD_FILE), home.resolve(EmbeddedH2.PASSWORD_FILE));
            Files.copy(EmbeddedH2.dataFile(Settings.defaultH2Url(from)), EmbeddedH2.dataFile(Settings.defaultH2Url(home)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized Path template() {
        if (template != null) return template;
        try {
            Path home = Files.createTempDirectory("lexhub-migrated-");
            String url = Settings.defaultH2Url(home);
            String password = EmbeddedH2.prepare(url, "lexhub", Optional.empty(), home);
            try (Database db = Database.open(url, "lexhub", password, 2).migrate()) {
                template = home;
            }
            return template;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
