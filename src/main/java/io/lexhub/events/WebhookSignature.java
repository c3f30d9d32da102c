package io.lexhub.events;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signatures of the Standard Webhooks specification: HMAC-SHA256 over
 * {@code <webhook-id>.<webhook-timestamp>.<body>}, sent as {@code webhook-signature: v1,<base64>},
 * one per secret separated by spaces (two during a rotation); the timestamp is Unix seconds and a
 * receiver refuses one more than {@link #TOLERANCE} away from its clock.
 */
public final class WebhookSignature {

    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private WebhookSignature() {}

    /** The {@code webhook-signature} header: one {@code v1,} signature for each key. */
    public static String sign(List<byte[]> keys, String id, long timestamp, String body) {
        return keys.stream().map(k -> "v1," + Base64.getEncoder().encodeToString(hmac(k, id + "." + timestamp + "." + body)))
                .collect(Collectors.joining(" "));
    }

    /** Why a signed call is refused, or null when one of its signatures is right under one of the keys and its time is near now. */
    public static String refusal(List<byte[]> keys, String id, String timestamp, String signatures, String body, Instant now) {
        if (id == null || id.isBlank() || timestamp == null || signatures == null || body == null) return "unsigned";
        long ts;
        try {
            ts = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return "the timestamp is not Unix seconds";
        }
        if (Math.abs(now.getEpochSecond() - ts) > TOLERANCE.toSeconds()) return "the timestamp is too far from now";
        for (byte[] key : keys) {
            byte[] expected = hmac(key, id + "." + ts + "." + body);
            for (String s : signatures.strip().split(" +")) {
                if (!s.startsWith("v1,")) continue;
                byte[] given;
                try {
                    given = Base64.getDecoder().decode(s.substring(3));
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (MessageDigest.isEqual(expected, given)) return null;
            }
        }
        return "no signature matches";
    }

    private static byte[] hmac(byte[] key, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
