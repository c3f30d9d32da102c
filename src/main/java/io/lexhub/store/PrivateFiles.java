package io.lexhub.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folders and files only the hub's user may open (0700 / 0600): the home, the database folder and
 * files, the audit key and the database password. On a file system without POSIX permissions its
 * own access control applies.
 */
public final class PrivateFiles {

    private static final Logger LOG = LoggerFactory.getLogger(PrivateFiles.class);

    static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {}

    /** Creates the folder 0700 (its missing parents as usual), or takes group and other access away from an existing one. */
    public static void directory(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                if (dir.getParent() != null) Files.createDirectories(dir.getParent());
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR));
                } catch (UnsupportedOperationException notPosix) {
                    Files.createDirectory(dir);
                }
            } else if (posix(dir) && !Files.getPosixFilePermissions(dir).equals(DIR)) {
                // an older hub left it open to others; a drop folder they write to belongs outside it (lexhub.intake.file.dir)
                LOG.warn("{} was {}; now rwx------, the hub's user only", dir, PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
            }
            restrict(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create or restrict the private folder " + dir, e);
        }
    }

    /** Writes a new file that is 0600 from its first byte (a temporary file, then renamed into place). */
    public static void write(Path file, String content) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");   // 0600 on POSIX
        restrict(tmp);
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file);
    }

    /** Every file of the folder 0600, every sub-folder 0700 (not recursive). */
    public static void restrictContents(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) restrict(f);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restrict the files in " + dir, e);
        }
    }

    private static boolean posix(Path path) throws IOException {
        return Files.getFileStore(path).supportsFileAttributeView(PosixFileAttributeView.class);
    }

    /** A file 0600 or a folder 0700. */
    public static void restrict(Path path) throws IOException {
        Set<PosixFilePermission> wanted = Files.isDirectory(path) ? DIR : FILE;
        try {
            if (!Files.getPosixFilePermissions(path).equals(wanted)) Files.setPosixFilePermissions(path, wanted);
        } catch (UnsupportedOperationException notPosix) {
            // not a POSIX file system: its own access control applies
        } catch (java.nio.file.NoSuchFileException gone) {
            // a temporary file H2 removed meanwhile
        }
    }
}
