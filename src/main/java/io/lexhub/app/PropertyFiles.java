package io.lexhub.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The property files of a config folder: application.properties, then
 * application-&lt;profile&gt;.properties when a profile is chosen (camel.main.profile as -D,
 * CAMEL_MAIN_PROFILE or in application.properties). camel-main only adds a profile file to its
 * own default classpath location, not to explicit locations like ours, so the hub, the
 * command-line tools and {@code validate} all take the list from here. The list is in Camel's
 * precedence order, the first file that has a key wins: the profile's file comes first.
 */
public final class PropertyFiles {

    private PropertyFiles() {}

    public static List<Path> of(Path configDir) {
        Path main = configDir.resolve("application.properties");
        List<Path> files = new ArrayList<>();
        profile(main).ifPresent(p -> {
            Path file = configDir.resolve("application-" + p + ".properties");
            if (!Files.isRegularFile(file)) throw new IllegalStateException("profile '" + p + "' chosen but " + file + " does not exist");
            files.add(file);
        });
        files.add(main);
        return files;
    }

    /** As Camel property locations ("file:..."), for camel-main and for a throw-away context. */
    public static List<String> locations(Path configDir) {
        return of(configDir).stream().map(f -> "file:" + f).toList();
    }

    public static Optional<String> profile(Path applicationProperties) {
        return Optional.ofNullable(System.getProperty("camel.main.profile"))
                .or(() -> Optional.ofNullable(System.getenv("CAMEL_MAIN_PROFILE")))
                .or(() -> Optional.ofNullable(load(applicationProperties).getProperty("camel.main.profile")))
                .map(String::trim).filter(s -> !s.isEmpty());
    }

    static Properties load(Path file) {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(in);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return p;
    }
}
