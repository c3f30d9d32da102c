package io.lexhub.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * A subscriber's secrets, read where its references point ({@code env:NAME}, {@code file:/path})
 * each time they are used, so a rotation needs only the new file or variable and the list in
 * config/webhooks.yaml. A secret is {@code whsec_} and base64 (Standard Webhooks); the key is the
 * decoded bytes. The values stay in memory only: never written, logged or answered.
 */
public final class WebhookSecrets {

    private static final String PREFIX = "whsec_";
    private final Function<String, String> env;

    public WebhookSecrets(Function<String, String> env) {
        this.env = env;
    }

    /** The keys of this subscriber's secrets, in the listed order; a reference that cannot be read fails with its name. */
    public List<byte[]> keys(Subscriber s) {
        List<byte[]> keys = new ArrayList<>();
        for (String ref : s.secretRefs()) keys.add(key(ref, read(ref)));
        return keys;
    }

    private String read(String ref) {
        if (ref.startsWith("env:")) {
            String v = env.apply(ref.substring(4));
            if (v == null || v.isBlank()) throw new IllegalStateException("the secret " + ref + " is not set");
            return v.strip();
        }
        try {
            return Files.readString(Path.of(ref.substring(5)), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalStateException("the secret " + ref + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The key of a {@code whsec_} secret. */
    public static byte[] key(String ref, String secret) {
        String b64 = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
        byte[] key;
        try {
            key = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the secret " + ref + " is not whsec_ and base64");
        }
        // Standard Webhooks asks for 24 to 64 bytes
        if (key.length < 24 || key.length > 64) throw new IllegalStateException("the secret " + ref + " must be 24 to 64 bytes, base64");
        return key;
    }
}
