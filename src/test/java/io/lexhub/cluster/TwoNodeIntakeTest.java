package io.lexhub.cluster;

import static io.lexhub.support.RequestDocs.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.smtp.SmtpServer;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.lexhub.support.Cli;
import io.lexhub.support.RunsAlone;
import io.lexhub.support.Tally;
import io.lexhub.support.HubMailbox;
import io.lexhub.support.TestHub;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Two hubs (each its own JVM, see {@link Node}) on one PostgreSQL poll the same drop folder and
 * the same IMAP mailbox (GreenMail), send their mail to GreenMail's SMTP server and run the
 * Quartz-clustered expiry sweep over due waivers, all at once; one of them, chosen at random, is
 * killed (SIGKILL) at a random point and the survivor finishes. Every file must become exactly
 * one request and be moved to done/ once, with nothing in failed/ and no lock left; every mail
 * exactly one request and be marked seen; every waiver expire once; every outbox mail be sent
 * (GreenMail receives one message per row; a node killed between sending and marking a row sent
 * leaves that one message to be sent again); and `lexhub audit verify` must pass.
 *
 * <p>CI size: 250 files, 100 mails, 200 waivers. More with {@code -Dlexhub.twonode.files=N}
 * ({@code .mails}, {@code .waivers}); the kill point comes from {@code -Dlexhub.twonode.seed}
 * when given, else it is random and printed.
 */
@RunsAlone
class TwoNodeIntakeTest {

    static final int FILES = Integer.getInteger("lexhub.twonode.files", 250);
    static final int MAILS = Integer.getInteger("lexhub.twonode.mails", 100);
    static final int WAIVERS = Integer.getInteger("lexhub.twonode.waivers", 200);
    static final String HUB_FROM = "licensing-exceptions@lexhub.invalid";
    /** done/ and failed/ names start with the time stamp "yyyyMMdd-HHmmss-SSS-". */
    static final int STAMP = "20261124-090815-160-".length();

    @Test
    void twoNodesOnOneDropFolderAndMailboxDecideEveryInputOnceWhenOneIsKilled() throws Exception {
        GreenMail mail = new NoDelayGreenMail(new ServerSetup[] {
            new ServerSetup(TestHub.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
            new ServerSetup(TestHub.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        mail.start();
        try (Cluster cluster = Cluster.start()) {
            GreenMailUser hubBox = HubMailbox.create(mail);
            Path drop = cluster.dir.resolve("drop");
            Map<String, String> settings = new LinkedHashMap<>();
            // the drop folder every node polls: what an operator mounts on each host (docs/operations.md)
            settings.put("lexhub.intake.file.dir", drop.toString());
            settings.put("lexhub.intake.file.poll-ms", "200");
            // a dead node's claims expire within seconds, not the production half minute
            settings.put("lexhub.intake.claim-seconds", "3");
            // mail is only marked seen, not moved (docs/mail-intake.md: both folders left out): after
            // one session expunges, GreenMail 2.1.8 applies another session's STORE or COPY by message
            // number to the message now at that number (RFC 3501 keeps each session's numbers until
            // it is told), so two nodes moving mail there flag and move each other's wrong messages
            settings.put("lexhub.config.dir", configWithout(cluster.dir, "lexhub.mail.imap.processed-folder", "lexhub.mail.imap.quarantine-folder").toString());
            settings.putAll(HubMailbox.settings(mail, 300));
            settings.put("lexhub.outbox.poll-ms", "200");
            settings.put("lexhub.outbox.claim-seconds", "5");
            settings.put("lexhub.outbox.retry-base-ms", "300");
            settings.put("lexhub.lifecycle.expiry-sweep.cron", "0/2 * * * * ?");
            Node a = cluster.node("node-a", settings);
            Node b = cluster.node("node-b", settings);
            cluster.awaitUp(a, b);

            // inputs arrive while both nodes run: waivers falling due, files, mails
            cluster.seedWaivers("TNW-", WAIVERS, "2026-10-31");
            Path inbox = drop.resolve("inbox");
            Path staging = Files.createDirectories(cluster.dir.resolve("staging"));
            List<String> fileNames = new ArrayList<>();
            for (int i = 0; i < FILES; i++) {
                String name = "tn-file-" + i + ".json";
                Path tmp = staging.resolve(name);
                Files.writeString(tmp, doc("CUST-TNF-" + i));
                // a whole file appears at once, as a well-behaved sender (or the rename of a .tmp) delivers it
                Files.move(tmp, inbox.resolve(name));
                fileNames.add(name);
            }
            Session session = Session.getInstance(new Properties());
            for (int i = 0; i < MAILS; i++) hubBox.deliver(mail(session, i));

            long seed = Long.getLong("lexhub.twonode.seed", System.nanoTime());
            Random random = new Random(seed);
            int inputs = FILES + MAILS;
            int killAt = inputs / 10 + random.nextInt(inputs * 7 / 10);
            Node victim = random.nextBoolean() ? a : b;
            Node survivor = victim == a ? b : a;
            Duration limit = Duration.ofSeconds(90 + inputs / 10);
            await().atMost(limit).pollInterval(Duration.ofMillis(20)).until(() -> decided(cluster) >= killAt);
            victim.kill();
            long decidedAtKill = decided(cluster);
            long sentAtKill = cluster.sql.count("SELECT COUNT(*) FROM outbox WHERE channel = 'mail' AND status = 'SENT'");
            System.out.printf("[hardening]     seed=%d killed %s at %d of %d inputs decided (%d waivers expired, %d mails sent); claims then %s%n",
                    seed, victim.name, decidedAtKill, inputs, cluster.expiredCount("TNW-"), sentAtKill,
                    cluster.sql.strings("SELECT scope || '=' || COUNT(*) FROM intake_claims GROUP BY scope ORDER BY scope"));

            // the survivor takes over what the dead node held and finishes everything
            await().atMost(limit).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                assertThat(decided(cluster)).isEqualTo(inputs);
                assertThat(list(inbox)).isEmpty();
                assertThat(folder(mail, hubBox, "INBOX")).allMatch(m -> m.getFlags().contains(Flags.Flag.SEEN));
                assertThat(cluster.expiredCount("TNW-")).isEqualTo(WAIVERS);
                // a row is marked SENT after GreenMail has accepted the message
                assertThat(cluster.sql.count("SELECT COUNT(*) FROM outbox WHERE channel = 'mail' AND status <> 'SENT'")).isZero();
                // the dead node's claims have expired and are gone, the survivor holds none
                assertThat(cluster.sql.count("SELECT COUNT(*) FROM intake_claims")).isZero();
            });

            // files: one request each, each moved to done/ once, nothing in failed/, no lock left anywhere
            Tally files = new Tally("two nodes: shared drop folder").tried(FILES);
            long fileRequests = cluster.sql.count("SELECT COUNT(*) FROM requests WHERE source = 'file'");
            long fileCustomers = cluster.sql.count("SELECT COUNT(DISTINCT customer_id) FROM requests WHERE source = 'file'");
            List<String> done = list(drop.resolve("done")).stream().map(n -> n.substring(STAMP)).sorted().toList();
            Map<String, Long> doneTimes = counts(done);
            files.lost((int) (FILES - fileCustomers) + (int) fileNames.stream().filter(n -> !doneTimes.containsKey(n)).count())
                    .duplicated((int) (fileRequests - fileCustomers) + (int) doneTimes.values().stream().mapToLong(n -> n - 1).sum());
            for (String f : list(drop.resolve("failed"))) files.rejected("failed/" + f, "moved to failed/");
            for (int i = 0; i < fileCustomers; i++) files.accepted("");
            List<String> locks = locks(drop);
            System.out.printf("[hardening]     files: requests=%d in done/=%d (distinct %d) in failed/=%d left in inbox/=%d lock files=%d; "
                    + "taken by node-a %d, node-b %d%n", fileRequests, done.size(), doneTimes.size(), list(drop.resolve("failed")).size(),
                    list(inbox).size(), locks.size(), taken(a, " file:"), taken(b, " file:"));
            files.report();
            assertThat(done).containsExactlyInAnyOrderElementsOf(fileNames);
            assertThat(list(drop.resolve("failed"))).isEmpty();
            assertThat(locks).isEmpty();

            // mails: one request each, one ledger row each, every message marked seen and still there
            Tally mails = new Tally("two nodes: shared mailbox").tried(MAILS);
            long mailRequests = cluster.sql.count("SELECT COUNT(*) FROM requests WHERE source = 'mail'");
            long mailIds = cluster.sql.count("SELECT COUNT(DISTINCT external_id) FROM requests WHERE source = 'mail'");
            long ledger = cluster.sql.count("SELECT COUNT(*) FROM mail_messages");
            List<StoredMessage> inboxMail = folder(mail, hubBox, "INBOX");
            long seen = inboxMail.stream().filter(m -> m.getFlags().contains(Flags.Flag.SEEN)).count();
            mails.lost((int) (MAILS - mailIds) + (MAILS - inboxMail.size())).duplicated((int) (mailRequests - mailIds));
            for (int i = 0; i < mailIds; i++) mails.accepted("");
            System.out.printf("[hardening]     mails: requests=%d ledger rows=%d in INBOX=%d seen=%d; taken by node-a %d, node-b %d; "
                    + "read again after the kill and only marked %d%n", mailRequests, ledger, inboxMail.size(), seen,
                    taken(a, " mail:"), taken(b, " mail:"), survivor.logLines("was handled before; only marked").size());
            mails.report();
            assertThat(ledger).isEqualTo(MAILS);
            assertThat(seen).isEqualTo(MAILS);

            // waivers: each expired once, with its one event, revert and sunset notice
            cluster.assertExpiredOnce("TNW-", WAIVERS);

            // outbox mail: every row sent; GreenMail got one message per row, bar a message the
            // killed node had sent but not yet marked sent, which the survivor sent again
            Map<String, Long> rows = counts(cluster.sql.strings("SELECT recipient || ' | ' || subject FROM outbox WHERE channel = 'mail'"));
            Map<String, Long> received = counts(hubMail(mail));
            long lostMail = rows.entrySet().stream().mapToLong(e -> Math.max(0, e.getValue() - received.getOrDefault(e.getKey(), 0L))).sum();
            long resent = received.entrySet().stream().mapToLong(e -> Math.max(0, e.getValue() - rows.getOrDefault(e.getKey(), 0L))).sum();
            System.out.printf("[hardening]     outbox: mail rows=%d all SENT; GreenMail received %d: lost %d, sent again after the kill %d%n",
                    rows.values().stream().mapToLong(Long::longValue).sum(), received.values().stream().mapToLong(Long::longValue).sum(), lostMail, resent);
            assertThat(lostMail).isZero();
            assertThat(resent).as("only the message the killed node had in flight is sent twice").isLessThanOrEqualTo(1);

            // one audit chain, written by both nodes and cut by the kill, verifies
            Cli.Run verify = auditVerify(cluster);
            System.out.println("[hardening]     audit verify: " + verify.out().strip());
            assertThat(verify.exit()).as(verify.out()).isZero();
            assertThat(verify.out()).contains("chain intact");
            System.out.printf("[hardening]     survivor %s finished the rest%n", survivor.name);
        } finally {
            mail.stop();
        }
    }

    // --- inputs

    /** A request inside the policy's auto-approval bounds: decided at intake, one mail to the customer. */
    private static String doc(String customer) {
        return request(customer, "TEMPORARY_ACCESS", "\"seats\": 10", "2027-03-01", 14, 1000, "INTERNAL", null);
    }

    /** A mail with the request as a JSON attachment, from the customer's own domain, with a fixed Message-ID. */
    static MimeMessage mail(Session session, int i) throws Exception {
        String customer = "CUST-TNM-" + i;
        MimeMessage m = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", "<tn-mail-" + i + "@two-node.test>");
            }
        };
        m.setFrom(new InternetAddress("req@" + customer.toLowerCase() + ".example"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("licensing@lexhub.test"));
        m.setSubject("Exception request " + i, "UTF-8");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("The request is attached.", "UTF-8");
        MimeBodyPart doc = new MimeBodyPart();
        doc.setContent(doc(customer), "application/json; charset=UTF-8");
        doc.setFileName("tn-mail-" + i + ".json");
        m.setContent(new MimeMultipart(text, doc));
        m.saveChanges();
        return m;
    }

    /** A copy of config/ whose application.properties leaves out the given keys. */
    static Path configWithout(Path dir, String... keys) throws Exception {
        Path copy = dir.resolve("config");
        try (Stream<Path> files = Files.walk(Path.of("config"))) {
            for (Path f : files.toList()) {
                Path to = copy.resolve(Path.of("config").relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(to);
                else Files.copy(f, to);
            }
        }
        Path props = copy.resolve("application.properties");
        Files.write(props, Files.readAllLines(props).stream().filter(l -> Arrays.stream(keys).noneMatch(l::startsWith)).toList());
        return copy;
    }

    // --- what the hubs did

    /** Requests stored from the test's files and mails. */
    private static long decided(Cluster cluster) {
        return cluster.sql.count("SELECT COUNT(*) FROM requests WHERE customer_id LIKE 'CUST-TN%'");
    }

    /** New requests this node stored from a channel, by its one log line per request. */
    private static long taken(Node n, String channel) throws Exception {
        return n.logLines(channel).stream().filter(l -> l.contains(" -> ")).count();
    }

    static List<String> list(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".reason.txt")).toList();
        }
    }

    /** Camel's read-lock marker files anywhere under the drop folder. */
    static List<String> locks(Path drop) throws Exception {
        try (Stream<Path> s = Files.walk(drop)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".camelLock")).toList();
        }
    }

    static List<StoredMessage> folder(GreenMail mail, GreenMailUser user, String name) {
        try {
            return mail.getManagers().getImapHostManager().getFolder(user, name, true).getMessages();
        } catch (Exception e) {
            return List.of();
        }
    }

    private static String messageId(StoredMessage m) {
        try {
            return m.getMimeMessage().getMessageID();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** "recipient | subject" of every message the hubs sent. */
    static List<String> hubMail(GreenMail mail) {
        return Arrays.stream(mail.getReceivedMessages()).filter(m -> {
            try {
                return m.getFrom() != null && HUB_FROM.equals(((InternetAddress) m.getFrom()[0]).getAddress());
            } catch (Exception e) {
                return false;
            }
        }).map(m -> {
            try {
                return ((InternetAddress) m.getAllRecipients()[0]).getAddress() + " | " + m.getSubject();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    static Map<String, Long> counts(List<String> values) {
        Map<String, Long> n = new HashMap<>();
        for (String v : values) n.merge(v, 1L, Long::sum);
        return n;
    }

    /**
     * GreenMail whose SMTP server sockets have Nagle's algorithm off: with it on, each reply on
     * loopback waited about 40 ms for the hub's delayed ACK, a quarter of a second a mail (50 mails
     * 13 s, with TCP_NODELAY 2 s). Its IMAP server class is final: mail intake keeps that pace.
     */
    static final class NoDelayGreenMail extends GreenMail {
        NoDelayGreenMail(ServerSetup[] setups) {
            super(setups);
        }

        @Override
        protected Map<String, AbstractServer> createServices(ServerSetup[] config, Managers managers) {
            Map<String, AbstractServer> services = super.createServices(config, managers);
            services.replaceAll((protocol, server) -> !(server instanceof SmtpServer) ? server : new SmtpServer(server.getServerSetup(), managers) {
                @Override
                protected void handleClientSocket(Socket client) throws SocketException {
                    client.setTcpNoDelay(true);
                    super.handleClientSocket(client);
                }
            });
            return services;
        }
    }

    /** `lexhub audit verify` against the cluster's database, as an operator would run it. */
    static Cli.Run auditVerify(Cluster cluster) {
        Map<String, String> props = Map.of("lexhub.db.url", cluster.url, "lexhub.db.user", "postgres", "lexhub.audit.hmac-key", Cluster.AUDIT_KEY);
        props.forEach(System::setProperty);
        try {
            return Cli.run("audit", "verify");
        } finally {
            props.keySet().forEach(System::clearProperty);
        }
    }
}
