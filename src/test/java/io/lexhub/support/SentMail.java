package io.lexhub.support;

import com.icegreen.greenmail.util.GreenMail;
import io.lexhub.intake.ContentHash;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The hub's mail as GreenMail received it, by Message-ID. The outbox mails every row as
 * {@code <outbox-<row id>.<first 12 hex of SHA-256(dedup key)>@<domain of lexhub.mail.from>>}, the
 * same on every attempt, so a copy sent again after a crash shows up as a second copy of one id.
 */
public final class SentMail {

    public static final String HUB = "licensing-exceptions@lexhub.invalid";

    private SentMail() {}

    /** The Message-IDs the mail rows of the outbox must arrive with. */
    public static Set<String> expectedIds(Sql db) {
        return db.strings("SELECT CONCAT(id, ' ', dedup_key) FROM outbox WHERE channel = 'mail'").stream().map(row -> {
            String[] idAndKey = row.split(" ", 2);
            String hash = ContentHash.sha256(idAndKey[1].getBytes(StandardCharsets.UTF_8)).substring(0, 12);
            return "<outbox-" + idAndKey[0] + "." + hash + "@lexhub.invalid>";
        }).collect(Collectors.toSet());
    }

    /** Message-ID to the number of copies received from the hub (GreenMail also lists the mailboxes' own messages: not from the hub). */
    public static Map<String, Long> receivedById(GreenMail mail) {
        return Arrays.stream(mail.getReceivedMessages()).filter(SentMail::fromHub)
                .collect(Collectors.groupingBy(SentMail::messageId, TreeMap::new, Collectors.counting()));
    }

    private static boolean fromHub(MimeMessage m) {
        try {
            return m.getFrom() != null && m.getFrom()[0].toString().equals(HUB);
        } catch (Exception e) {
            return false;
        }
    }

    private static String messageId(MimeMessage m) {
        try {
            return String.valueOf(m.getMessageID());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
