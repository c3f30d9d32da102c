package io.lexhub.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A copy of a project folder (config/, routes/) in a temporary directory, for a test that edits it while the hub runs. */
public final class FolderCopy {

    private FolderCopy() {}

    public static Path of(String folder) {
        try {
            Path to = Files.createTempDirectory("lexhub-copy-").resolve(folder);
            Path from = Path.of(folder);
            try (Stream<Path> all = Files.walk(from)) {
                for (Path p : all.toList()) {
                    Path target = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) Files.createDirectories(target);
                    else Files.copy(p, target);
                }
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
