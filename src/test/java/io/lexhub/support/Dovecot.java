package io.lexhub.support;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.HeaderTerm;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Dovecot IMAP(S) server on loopback, started by the workplace's
 * ../shared/tools/dovecot-loopback.sh (which installs it when missing): the mail tests that depend
 * on what a real server does and GreenMail does not (raw UTF-8 in the ENVELOPE, a FETCH that
 * fails, a certificate no JVM trusts). One mailbox, user intake / secret; tests empty it first.
 */
public final class Dovecot {

    public static final String HOST = "127.0.0.1";
    public static final int IMAP_PORT = 10143;
    public static final int IMAPS_PORT = 10993;
    public static final String USER = "intake";
    public static final String PASSWORD = "secret";
    /** The server's self-signed certificate, which no JVM trusts. */
    public static final Path CERTIFICATE = Path.of("/tmp/dovecot-lexhub/cert.pem");
    private static final Path SCRIPT = Path.of("../shared/tools/dovecot-loopback.sh");
    private static final Path MAILDIR = Path.of("/tmp/dovecot-lexhub/mail/intake/Maildir");

    private Dovecot() {}

    /** Starts the server unless it already listens, and empties the mailbox. */
    public static void start() throws Exception {
        if (!listening(IMAPS_PORT)) {
            if (!Files.isRegularFile(SCRIPT)) {
                throw new IllegalStateException(SCRIPT.toAbsolutePath() + " is missing: the tests against a real IMAP server need the workplace's shared tools beside the project");
            }
            run(600, "bash", SCRIPT.toString(), "start");
            org.awaitility.Awaitility.await("Dovecot listening on " + IMAPS_PORT + " (see /tmp/dovecot-lexhub/dovecot.log)")
                    .atMost(java.time.Duration.ofSeconds(30)).until(() -> listening(IMAPS_PORT));
        }
        empty();
    }

    /** Delivers an RFC 822 message into INBOX as the mail server's local delivery agent would. */
    public static void deliver(byte[] raw) throws Exception {
        Path file = Files.createTempFile("dovecot-deliver-", ".eml");
        try {
            Files.write(file, raw);
            run(60, "bash", SCRIPT.toString(), "deliver", file.toString());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Appends a message to INBOX already flagged \\Seen: the hub, which reads unseen mail only, leaves it until {@link #markUnseen}. */
    public static void appendSeen(byte[] raw) throws Exception {
        try (Store store = store()) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
            m.setFlag(Flags.Flag.SEEN, true);
            inbox.appendMessages(new Message[] {m});
            // reading the header makes the server cache it in its index, as delivery does
            for (Message found : inbox.search(new HeaderTerm("Message-ID", m.getMessageID()))) found.getHeader("Message-ID");
            inbox.close(false);
        }
    }

    public static void markUnseen(String messageId) throws Exception {
        try (Store store = store()) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            for (Message m : inbox.search(new HeaderTerm("Message-ID", messageId))) m.setFlag(Flags.Flag.SEEN, false);
            inbox.close(false);
        }
    }

    /** The file the server keeps a message in (Maildir), found by its Message-ID. */
    public static Optional<Path> fileOf(String messageId) throws IOException {
        for (String dir : new String[] {"new", "cur"}) {
            Path d = MAILDIR.resolve(dir);
            if (!Files.isDirectory(d)) continue;
            try (Stream<Path> files = Files.list(d)) {
                for (Path f : files.toList()) {
                    if (Files.isReadable(f) && Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1).contains("Message-ID: " + messageId)) {
                        return Optional.of(f);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Makes every message file readable again (the server renames a Maildir file when its flags change). */
    public static void makeAllReadable() throws IOException {
        try (Stream<Path> files = Files.walk(MAILDIR)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            }
        }
    }

    /** Whether a folder holds the message, not counting copies flagged deleted. */
    public static boolean inFolder(String folderName, String messageId) throws Exception {
        try (Store store = store()) {
            Folder folder = store.getFolder(folderName);
            if (!folder.exists()) return false;
            folder.open(Folder.READ_ONLY);
            try {
                for (Message m : folder.search(new HeaderTerm("Message-ID", messageId))) {
                    if (!m.isSet(Flags.Flag.DELETED)) return true;
                }
                return false;
            } finally {
                folder.close(false);
            }
        }
    }

    /** lexhub.mail.imap.* for this server over IMAPS, polled every {@code pollMs}. */
    public static Map<String, String> settings(int pollMs) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("lexhub.mail.imap.enabled", "true");
        s.put("lexhub.mail.imap.protocol", "imaps");
        // the certificate names localhost: the host name the hub checks it against
        s.put("lexhub.mail.imap.host", "localhost");
        s.put("lexhub.mail.imap.port", String.valueOf(IMAPS_PORT));
        s.put("lexhub.mail.imap.username", USER);
        s.put("lexhub.mail.imap.password", PASSWORD);
        s.put("lexhub.mail.imap.poll-ms", String.valueOf(pollMs));
        return s;
    }

    private static void empty() throws Exception {
        try (Store store = store()) {
            for (Folder f : store.getDefaultFolder().list("*")) {
                if ((f.getType() & Folder.HOLDS_MESSAGES) == 0) continue;
                f.open(Folder.READ_WRITE);
                for (Message m : f.getMessages()) m.setFlag(Flags.Flag.DELETED, true);
                f.close(true);
                if (!f.getName().equalsIgnoreCase("INBOX")) f.delete(false);
            }
        }
    }

    private static Store store() throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect(HOST, IMAP_PORT, USER, PASSWORD);
        return store;
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(int seconds, String... command) throws Exception {
        // output to a file, not a pipe: the Dovecot daemon the script starts inherits the script's stdout, and
        // a pipe it holds open would never reach its end
        Path log = Files.createTempFile("dovecot-script-", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
            if (!done) p.destroyForcibly();
            if (!done || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(log));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
