package io.lexhub.hardening;

import static io.lexhub.support.RequestDocs.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.lexhub.support.ChildHub;
import io.lexhub.support.HubMailbox;
import io.lexhub.support.RunsAlone;
import io.lexhub.support.SentMail;
import io.lexhub.support.Sql;
import io.lexhub.support.Tally;
import io.lexhub.support.TestHub;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Crash during mail intake, and between the database commit and the SMTP send. A child JVM runs
 * the real hub ({@link ChildHub}); GreenMail in this JVM is its IMAP mailbox and its SMTP server.
 *
 * <ul>
 * <li>Mail intake: N request mails wait in the mailbox, every 30th from a spoofed sender; the hub
 * reads them over IMAP and mails acknowledgements and approval requests back by SMTP; it is killed
 * (SIGKILL) once a random number of mails has been moved out of the inbox, then started again.
 * Every mail must be exactly one request (a spoofed one exactly one quarantine entry), the inbox
 * empty, every outbox mail row SENT and received under its own Message-ID.
 * <li>Commit, then no send: the hub stores M dropped requests while nothing listens on its SMTP
 * port (the outbox rows stay PENDING, each send failing and retried), and is killed. SMTP comes
 * up, the hub is started again and killed at a random point while it sends, and started a third
 * time: every row must be delivered.
 * </ul>
 *
 * <p>SMTP cannot be exactly once: a hub killed after the server took a message and before the row
 * is marked SENT sends it again. The copy carries the row's Message-ID (see {@link SentMail}), so
 * mail is counted by Message-ID: lost and duplicated are 0 by that count; the raw repeats are
 * printed and at most one per kill (the outbox sends one message at a time).
 *
 * <p>CI runs N = 90 and M = 40 (about a minute and a half here). More: {@code mvn -B verify -Dtest=CrashDuringMailTest
 * -Dlexhub.crash.mails=500 -Dlexhub.crash.pending=150 -Dsurefire.failIfNoSpecifiedTests=false} (about five minutes;
 * the hub reads about three mails a second here, each costs several IMAP round trips).
 * The kill points come from {@code -Dlexhub.crash.seed} when given, else from a printed random seed.
 */
@RunsAlone
class CrashDuringMailTest {

    static final int MAILS = Integer.getInteger("lexhub.crash.mails", 90);
    static final int PENDING = Integer.getInteger("lexhub.crash.pending", 40);
    static final String PROCESSED = "lexhub-processed";
    static final String QUARANTINE = "lexhub-quarantine";
    /** Every 30th mail names a customer whose domain is not the sender's: quarantined, answered neutrally. */
    static final int SPOOF_EVERY = 30;
    static final Session SESSION = Session.getInstance(new Properties());

    private final List<GreenMail> servers = new ArrayList<>();

    @AfterEach
    void stopMail() {
        servers.forEach(GreenMail::stop);
    }

    @Test
    void aHubKilledWhileReadingTheMailboxLosesAndRepeatsNothing() throws Exception {
        GreenMail mail = server(new ServerSetup(TestHub.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(TestHub.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
        GreenMailUser box = HubMailbox.create(mail);
        int spoofed = 0;
        for (int i = 0; i < MAILS; i++) {
            boolean spoof = i % SPOOF_EVERY == SPOOF_EVERY - 1;
            box.deliver(requestMail(i, spoof));
            if (spoof) spoofed++;
        }
        long seed = Long.getLong("lexhub.crash.seed", System.nanoTime());
        int killAfter = MAILS / 10 + new Random(seed).nextInt(Math.max(1, MAILS * 8 / 10));
        Duration limit = Duration.ofSeconds(90 + MAILS);
        Path home = Files.createTempDirectory("lexhub-crashmail-");
        String[] settings = Stream.concat(Stream.of(HubMailbox.settingsArgs(mail, 200)), Stream.of(
            "lexhub.outbox.poll-ms=200", "lexhub.outbox.retry-base-ms=300",
            // rows claimed by the killed hub wait this long before the restarted one takes them (60 s by default)
            "lexhub.outbox.claim-seconds=3")).toArray(String[]::new);

        long t0 = System.nanoTime();
        ChildHub first = ChildHub.start(home, "child-1", settings);
        try {
            await().atMost(limit).pollInterval(Duration.ofMillis(20)).until(() -> {
                first.assertAlive();
                return moved(mail, box) >= killAfter;
            });
        } finally {
            first.kill();
        }
        int movedAtKill = moved(mail, box);
        long sentAtKill = SentMail.receivedById(mail).values().stream().mapToLong(Long::longValue).sum();

        long t1 = System.nanoTime();
        Sql db = ChildHub.database(home);
        ChildHub second = ChildHub.start(home, "child-2", settings);
        try {
            // the database only once the hub has it open (ChildHub.database)
            await().atMost(limit).pollInterval(Duration.ofMillis(250)).until(() -> second.up()
                    && unhandled(mail, box) == 0
                    && db.count("SELECT COUNT(*) FROM mail_messages") == MAILS
                    && db.count("SELECT COUNT(*) FROM outbox WHERE status <> 'SENT'") == 0);
        } finally {
            second.stop();
        }
        long t2 = System.nanoTime();

        Tally t = new Tally("crash: SIGKILL during mail intake").tried(MAILS);
        long requests = db.count("SELECT COUNT(*) FROM requests WHERE source = 'mail'");
        long distinct = db.count("SELECT COUNT(DISTINCT external_id) FROM requests WHERE source = 'mail' AND external_id LIKE '<crash-%'");
        List<String> reasons = db.strings("SELECT q.reason FROM quarantine q JOIN mail_messages m ON m.quarantine_id = q.id "
                + "WHERE m.message_id LIKE '<spoof-%' ORDER BY m.message_id");
        long quarantined = db.count("SELECT COUNT(*) FROM quarantine");
        long ledger = db.count("SELECT COUNT(DISTINCT message_id) FROM mail_messages");
        long processed = distinctIds(messages(mail, box, PROCESSED));
        long inQuarantine = distinctIds(messages(mail, box, QUARANTINE));
        Delivery d = delivery(mail, db);
        reasons.forEach(r -> t.rejected("spoofed sender", r));
        for (int i = 0; i < distinct; i++) t.accepted("");
        t.lost((int) (MAILS - distinct - reasons.size()) + d.lost())
                .duplicated((int) (requests - distinct) + (int) (quarantined - reasons.size()) + d.unknown());
        System.out.printf("[hardening]     seed=%d killed after %d mails moved, %d hub mails received; after restart: requests=%d distinct=%d "
                + "quarantined=%d ledger=%d processed folder=%d quarantine folder=%d unhandled in inbox=%d; %s; runs %s%n",
                seed, movedAtKill, sentAtKill, requests, distinct, quarantined, ledger, processed, inQuarantine, unhandled(mail, box), d,
                seconds(t0, t1, t2));
        t.report();
        assertThat(requests).isEqualTo(MAILS - spoofed);
        assertThat(reasons).hasSize(spoofed).allSatisfy(r -> assertThat(r).contains("sender not verified"));
        assertThat(quarantined).as("nothing quarantined but the spoofed mails").isEqualTo(spoofed);
        assertThat(ledger).as("every mail in the mailbox ledger once").isEqualTo(MAILS);
        assertThat(processed).isEqualTo(MAILS - spoofed);
        assertThat(inQuarantine).isEqualTo(spoofed);
        assertThat(unhandled(mail, box)).isZero();
        d.assertComplete(1);
    }

    @Test
    void mailsCommittedButNotSentBeforeTheCrashAreSentOnceAfterIt() throws Exception {
        int smtpPort = TestHub.freePort(); // nothing listens here until the first hub is dead
        Path home = Files.createTempDirectory("lexhub-crashsend-");
        Path inbox = Files.createDirectories(home.resolve("inbox"));
        Path done = home.resolve("done");
        for (int i = 0; i < PENDING; i++) {
            Path tmp = inbox.resolve("pending-" + i + ".json.tmp");
            Files.writeString(tmp, request("CUST-CS-" + i, "EXTRA_SEATS", "\"seats\": 30", LocalDate.now().plusDays(30).toString(), 60, 20000,
                    "INTERNAL", null));
            Files.move(tmp, inbox.resolve("pending-" + i + ".json"));
        }
        long seed = Long.getLong("lexhub.crash.seed", System.nanoTime());
        Duration limit = Duration.ofSeconds(90 + PENDING);
        String[] settings = {
            "lexhub.smtp.enabled=true", "lexhub.smtp.host=127.0.0.1", "lexhub.smtp.port=" + smtpPort,
            "lexhub.outbox.poll-ms=200", "lexhub.outbox.retry-base-ms=300", "lexhub.outbox.claim-seconds=3"};
        Sql db = ChildHub.database(home);
        String mailRows = "SELECT COUNT(*) FROM outbox WHERE channel = 'mail'";

        // 1. every request committed, every send tried and failed: then SIGKILL
        long t0 = System.nanoTime();
        ChildHub first = ChildHub.start(home, "child-1", settings);
        try {
            await().atMost(limit).pollInterval(Duration.ofMillis(250)).until(() -> {
                first.assertAlive();
                return count(done) == PENDING && count(inbox) == 0
                        && db.count(mailRows + " AND attempts = 0") == 0;
            });
        } finally {
            first.kill();
        }
        long rows = db.count(mailRows);
        long pendingAtKill = db.count(mailRows + " AND status = 'PENDING' AND last_error IS NOT NULL");
        assertThat(pendingAtKill).as("every mail row pending with its error").isEqualTo(rows);

        // 2. SMTP up; the hub is killed again while it sends
        long t1 = System.nanoTime();
        GreenMail mail = server(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        int killAfter = (int) (rows / 10 + new Random(seed).nextInt((int) Math.max(1, rows * 8 / 10)));
        ChildHub second = ChildHub.start(home, "child-2", settings);
        try {
            await().atMost(limit).pollInterval(Duration.ofMillis(20)).until(() -> {
                second.assertAlive();
                return mail.getReceivedMessages().length >= killAfter;
            });
        } finally {
            second.kill();
        }
        int receivedAtKill = mail.getReceivedMessages().length;
        long t2 = System.nanoTime();

        // 3. started once more, it sends the rest
        ChildHub third = ChildHub.start(home, "child-3", settings);
        try {
            await().atMost(limit).pollInterval(Duration.ofMillis(250)).until(() -> third.up()
                    && db.count("SELECT COUNT(*) FROM outbox WHERE status <> 'SENT'") == 0);
        } finally {
            third.stop();
        }
        long t3 = System.nanoTime();

        Tally t = new Tally("crash: commit, then no SMTP send").tried((int) rows);
        Delivery d = delivery(mail, db);
        long requests = db.count("SELECT COUNT(*) FROM requests WHERE source = 'file'");
        t.lost(d.lost()).duplicated(d.unknown());
        for (int i = 0; i < d.distinct(); i++) t.accepted("");
        System.out.printf("[hardening]     seed=%d %d requests, %d mail rows pending at the first kill; second kill after %d received; "
                + "after restart: %s; runs %s%n", seed, requests, pendingAtKill, receivedAtKill, d, seconds(t0, t1, t2, t3));
        t.report();
        assertThat(requests).isEqualTo(PENDING);
        d.assertComplete(2);
    }

    /**
     * Mail rows against what GreenMail received, by Message-ID: lost (a row never received),
     * unknown (a Message-ID no row has), raw repeats (copies of one id beyond the first).
     */
    record Delivery(long rows, long sent, int distinct, int lost, int unknown, long repeats) {

        void assertComplete(int kills) {
            assertThat(sent).as("every outbox mail row SENT").isEqualTo(rows);
            assertThat(lost).as("rows never received").isZero();
            assertThat(unknown).as("received under no row's Message-ID").isZero();
            assertThat(distinct).as("one Message-ID per row").isEqualTo(rows);
            assertThat(repeats).as("resent copies: at most the one in flight per kill").isLessThanOrEqualTo(kills);
        }

        @Override
        public String toString() {
            return "outbox mail rows=%d SENT=%d, received Message-IDs=%d (lost %d, unknown %d), raw re-deliveries=%d"
                    .formatted(rows, sent, distinct, lost, unknown, repeats);
        }
    }

    private static Delivery delivery(GreenMail mail, Sql db) {
        Set<String> expected = SentMail.expectedIds(db);
        Map<String, Long> received = SentMail.receivedById(mail);
        int lost = (int) expected.stream().filter(id -> !received.containsKey(id)).count();
        int unknown = (int) received.keySet().stream().filter(id -> !expected.contains(id)).count();
        long repeats = received.values().stream().mapToLong(n -> n - 1).sum();
        return new Delivery(expected.size(), db.count("SELECT COUNT(*) FROM outbox WHERE channel = 'mail' AND status = 'SENT'"),
                received.size(), lost, unknown, repeats);
    }

    /** How long each run took, "12 s + 30 s": wall time of the scenario, printed, never asserted. */
    private static String seconds(long... marks) {
        List<String> runs = new ArrayList<>();
        for (int i = 1; i < marks.length; i++) runs.add((marks[i] - marks[i - 1]) / 1_000_000_000 + " s");
        return String.join(" + ", runs);
    }

    private GreenMail server(ServerSetup... setups) {
        GreenMail mail = new GreenMail(setups);
        servers.add(mail);
        mail.start();
        return mail;
    }

    /** A form mail with a Message-ID of its own, from the customer's domain or (spoof) from another. */
    private static MimeMessage requestMail(int i, boolean spoof) throws Exception {
        String customer = "CUST-CM-" + i;
        String domain = customer.toLowerCase() + ".example";
        String raw = """
                From: %6$s
                To: licensing@lexhub.test
                Subject: Exception request %3$d
                Message-ID: <%7$s-%3$d@%2$s>
                MIME-Version: 1.0
                Content-Type: text/plain; charset=UTF-8

                Customer ID: %1$s
                Customer name: Crash Customer %3$d
                Customer domain: %2$s
                Product: Meridian Data Platform
                Exception type: extra seats
                Seats: 20
                Start: %4$s
                End: %5$s
                Revenue impact: 4,000
                Currency: EUR
                Data sensitivity: internal
                Justification: A migration needs twenty more seats for three weeks.
                """.formatted(customer, domain, i, LocalDate.now().plusDays(5), LocalDate.now().plusDays(25),
                        spoof ? "mallory@evil.example" : "buyer@" + domain, spoof ? "spoof" : "crash").replace("\n", "\r\n");
        return new MimeMessage(SESSION, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
    }

    /** The messages of a folder of the hub's mailbox; none while the folder does not exist. */
    private static List<StoredMessage> messages(GreenMail mail, GreenMailUser box, String folder) {
        MailFolder f = mail.getManagers().getImapHostManager().getFolder(box, folder);
        return f == null ? List.of() : f.getMessages();
    }

    /** Messages moved out of the inbox so far (processed or quarantined). */
    private static int moved(GreenMail mail, GreenMailUser box) {
        return messages(mail, box, PROCESSED).size() + messages(mail, box, QUARANTINE).size();
    }

    /** Messages in the inbox not yet moved out: the hub moves a mail (copy, then \Deleted) after its commit. */
    private static long unhandled(GreenMail mail, GreenMailUser box) {
        return messages(mail, box, "INBOX").stream().filter(m -> !m.getFlags().contains(Flags.Flag.DELETED)).count();
    }

    private static long distinctIds(List<StoredMessage> messages) {
        return messages.stream().map(CrashDuringMailTest::messageId).distinct().count();
    }

    private static String messageId(StoredMessage m) {
        try {
            return m.getMimeMessage().getMessageID();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")).count();
        }
    }
}
