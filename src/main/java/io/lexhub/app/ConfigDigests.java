package io.lexhub.app;

import io.lexhub.intake.ContentHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * SHA-256 digests of the files a node runs on, each named by its set and its path inside the set's
 * folder ("routes/intake.camel.yaml", "config/templates/approved.txt"), so nodes with their folders
 * in different places compare equal. A set's digest covers its files' names and digests in name order.
 */
final class ConfigDigests {

    /** The policy's name in the policy set (it is left out of the config set, which it would double). */
    static final String POLICY = "config/policy.yaml";

    private ConfigDigests() {}

    /** routes/*.camel.yaml, as the hub loads them (not sub-folders). */
    static Map<String, String> routes(Path routesDir) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(routesDir)) {
            files.filter(f -> f.getFileName().toString().endsWith(".camel.yaml") && Files.isRegularFile(f))
                    .forEach(f -> out.put(routeName(f), file(f)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + routesDir, e);
        }
        return out;
    }

    /** Every file under config/, sub-folders included, but policy.yaml. */
    static Map<String, String> config(Path configDir) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(configDir)) {
            files.filter(Files::isRegularFile).forEach(f -> {
                String name = "config/" + configDir.relativize(f).toString().replace('\\', '/');
                if (!name.equals(POLICY)) out.put(name, file(f));
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + configDir, e);
        }
        return out;
    }

    static String routeName(Path routeFile) {
        return "routes/" + routeFile.getFileName();
    }

    /** One set's digest: of "name digest" lines in name order. */
    static String set(Map<String, String> files) {
        StringBuilder lines = new StringBuilder();
        new TreeMap<>(files).forEach((name, digest) -> lines.append(name).append(' ').append(digest).append('\n'));
        return ContentHash.sha256(lines.toString().getBytes(StandardCharsets.UTF_8));
    }

    static String file(Path file) {
        try {
            return ContentHash.sha256(Files.readAllBytes(file));
        } catch (IOException e) {
            return "unreadable";
        }
    }
}
