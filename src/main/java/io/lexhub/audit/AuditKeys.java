package io.lexhub.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Where the audit HMAC key comes from: lexhub.audit.hmac-key when configured (production), else a
 * random key generated once into the hub's home (embedded default), so a fresh install is
 * tamper-evident without setup but an operator can keep the key outside the database host.
 */
public final class AuditKeys {

    private AuditKeys() {}

    /**
     * The key of a chain the hub already signs, for the command-line tools: a tool that generated
     * a key of its own would sign events no hub can verify, or report a sound chain as broken.
     */
    public static byte[] existing(Optional<String> configured, Path home) {
        if (configured.isPresent() || Files.isRegularFile(home.resolve("audit.key"))) return resolve(configured, home);
        throw new IllegalStateException("no audit key: lexhub.audit.hmac-key is not set and " + home.resolve("audit.key")
                + " does not exist; give the tool the hub's key (LEXHUB_AUDIT_HMAC_KEY) or the hub's home (-Dlexhub.home=DIR)");
    }

    public static byte[] resolve(Optional<String> configured, Path home) {
        if (configured.isPresent()) return configured.get().getBytes(StandardCharsets.UTF_8);
        Path file = home.resolve("audit.key");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(home);
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Path tmp = Files.createTempFile(home, "audit", ".key");
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system: the folder's permissions apply
                }
                Files.writeString(tmp, Base64.getEncoder().encodeToString(key));
                Files.move(tmp, file);
            }
            return Base64.getDecoder().decode(Files.readString(file).trim());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create the audit key " + file + ": " + e.getMessage(), e);
        }
    }
}
