package io.lexhub.support;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import java.util.LinkedHashMap;
import java.util.Map;

/** The hub's mailbox on a GreenMail server (IMAP and SMTP), and the settings that point a hub at it. */
public final class HubMailbox {

    private HubMailbox() {}

    /** Creates the mailbox customers write to; the hub logs in as hub / secret. */
    public static GreenMailUser create(GreenMail mail) {
        return mail.setUser("licensing@lexhub.test", "hub", "secret");
    }

    /** lexhub.mail.imap.* (polled every {@code pollMs}) and lexhub.smtp.* for this server. */
    public static Map<String, String> settings(GreenMail mail, int pollMs) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("lexhub.smtp.enabled", "true");
        s.put("lexhub.smtp.host", "127.0.0.1");
        s.put("lexhub.smtp.port", String.valueOf(mail.getSmtp().getPort()));
        s.put("lexhub.mail.imap.enabled", "true");
        s.put("lexhub.mail.imap.protocol", "imap");
        s.put("lexhub.mail.imap.host", "127.0.0.1");
        s.put("lexhub.mail.imap.port", String.valueOf(mail.getImap().getPort()));
        s.put("lexhub.mail.imap.username", "hub");
        s.put("lexhub.mail.imap.password", "secret");
        s.put("lexhub.mail.imap.poll-ms", String.valueOf(pollMs));
        return s;
    }

    /** The same as {@code key=value} strings, for a hub in a child JVM. */
    public static String[] settingsArgs(GreenMail mail, int pollMs) {
        return settings(mail, pollMs).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }
}
