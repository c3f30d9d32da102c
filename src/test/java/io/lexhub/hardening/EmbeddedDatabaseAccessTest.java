package io.lexhub.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lexhub.audit.AuditTrail;
import io.lexhub.store.AuditRowStore;
import io.lexhub.store.Database;
import io.lexhub.store.EmbeddedH2;
import io.lexhub.store.Tx;
import io.lexhub.support.ChildHub;
import io.lexhub.support.Cli;
import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded H2 database is the hub user's alone: the auto-server that lets the CLI in while the
 * hub runs listens on loopback only, the empty password of older hubs is refused (an older database
 * is moved to the generated password with its data), and the home, the password file and the
 * database files are 0700 / 0600. The hub runs in a child JVM started as in production.
 */
class EmbeddedDatabaseAccessTest {

    /** ChildHub's audit key. */
    static final String KEY = "crash-test-key-for-the-audit-chain-0123";

    @TempDir
    Path tmp;

    @AfterEach
    void clearCliSettings() {
        Stream.of("lexhub.home", "lexhub.audit.hmac-key", "lexhub.db.password").forEach(System::clearProperty);
    }

    @Test
    void anOlderHubsDatabaseIsTakenOverAndServedToTheCliOnLoopbackOnly() throws Exception {
        Path home = tmp.resolve("home");
        olderHubsDatabase(home, 3);

        ChildHub hub = ChildHub.start(home, "hub");
        try {
            await().atMost(Duration.ofSeconds(120)).until(hub::up);

            int port = autoServerPort(home);
            List<InetAddress> listening = listeningAddresses(port);
            assertThat(listening).as("sockets listening on H2's port %d", port).isNotEmpty().allMatch(InetAddress::isLoopbackAddress);
            // no socket holds the port on any other address of this machine: binding it there succeeds
            for (InetAddress other : nonLoopbackAddresses()) {
                try (ServerSocket s = new ServerSocket()) {
                    s.bind(new InetSocketAddress(other, port));
                }
            }

            String url = "jdbc:h2:file:" + home.resolve("db/lexhub") + ";AUTO_SERVER=TRUE";
            assertThatThrownBy(() -> DriverManager.getConnection(url, "lexhub", "").close())
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(28000));

            System.setProperty("lexhub.home", home.toString());
            System.setProperty("lexhub.audit.hmac-key", KEY);
            Cli.Run verify = Cli.run("audit", "verify");
            assertThat(verify.exit()).as(verify.out()).isZero();
            assertThat(verify.out()).startsWith("OK: ").contains("chain intact");
            try (Connection c = DriverManager.getConnection(url, "lexhub", EmbeddedH2.generatedPassword(home));
                    var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM audit_events WHERE request_ref LIKE 'EXC-OLD-%'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the older hub's events").isEqualTo(3);
            }

            assertPrivate(home);
        } finally {
            hub.stop();
        }
    }

    @Test
    void theHubCreatesAPrivateHomeWithAGeneratedPassword() throws Exception {
        // the hub makes its home on first start (the command-line tools never create one)
        Path home = tmp.resolve("fresh");
        // only the folder (ChildHub keeps the hub's log in it; made with the default mode): the hub makes the rest
        Files.createDirectories(home);
        ChildHub hub = ChildHub.start(home, "fresh");
        try {
            await().atMost(Duration.ofSeconds(120)).until(hub::up);
        } finally {
            hub.stop();
        }
        System.setProperty("lexhub.home", home.toString());
        System.setProperty("lexhub.audit.hmac-key", "crash-test-key-for-the-audit-chain-0123"); // ChildHub's
        Cli.Run key = Cli.run("approver-key", "alice.moreau");
        assertThat(key.exit()).as(key.out()).isZero();

        assertPrivate(home);
        String password = Files.readString(home.resolve(EmbeddedH2.PASSWORD_FILE)).trim();
        assertThat(password).hasSizeGreaterThanOrEqualTo(40);
        String url = "jdbc:h2:file:" + home.resolve("db/lexhub");
        assertThatThrownBy(() -> DriverManager.getConnection(url, "lexhub", "").close()).isInstanceOf(SQLException.class);
        DriverManager.getConnection(url, "lexhub", password).close();
    }

    @Test
    void anOperatorsPasswordWinsOverTheGeneratedOne() throws Exception {
        Path home = tmp.resolve("operator");
        olderHubsDatabase(home, 1);
        System.setProperty("lexhub.home", home.toString());
        System.setProperty("lexhub.audit.hmac-key", KEY);
        System.setProperty("lexhub.db.password", "operator's own 'secret'");

        Cli.Run verify = Cli.run("audit", "verify");
        assertThat(verify.exit()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("OK: 1 audit events verified");
        assertThat(home.resolve(EmbeddedH2.PASSWORD_FILE)).doesNotExist();
        DriverManager.getConnection("jdbc:h2:file:" + home.resolve("db/lexhub"), "lexhub", "operator's own 'secret'").close();
    }

    /** A database as hubs before this change left it: empty password, world-readable folder and files. */
    private static void olderHubsDatabase(Path home, int events) throws IOException {
        Path db = home.resolve("db");
        Files.createDirectories(db);
        try (Database old = Database.open("jdbc:h2:file:" + db.resolve("lexhub"), "lexhub", "", 1).migrate()) {
            AuditTrail trail = new AuditTrail(KEY.getBytes(StandardCharsets.UTF_8), new AuditRowStore());
            for (int i = 1; i <= events; i++) {
                String ref = "EXC-OLD-" + i;
                new Tx(old.dataSource()).inTransaction(c -> {
                    trail.append(c, OffsetDateTime.now(), ref, "request.received", "system:file", "{}");
                    return null;
                });
            }
        }
        for (Path p : List.of(home, db)) Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Stream<Path> files = Files.list(db)) {
            for (Path f : files.toList()) Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    private static void assertPrivate(Path home) throws IOException {
        assertThat(mode(home)).as("home").isEqualTo("rwx------");
        assertThat(mode(home.resolve(EmbeddedH2.PASSWORD_FILE))).as("password file").isEqualTo("rw-------");
        Path db = home.resolve("db");
        assertThat(mode(db)).as("database folder").isEqualTo("rwx------");
        // the data file and, while a hub runs, the lock file with the auto-server's key; a trace file
        // H2 writes later is shut in by the folder, and made 0600 at the next start
        assertThat(mode(db.resolve("lexhub.mv.db"))).as("data file").isEqualTo("rw-------");
        if (Files.exists(db.resolve("lexhub.lock.db"))) assertThat(mode(db.resolve("lexhub.lock.db"))).as("lock file").isEqualTo("rw-------");
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    /** The port H2's auto-server announces in the lock file ({@code server=host:port}). */
    private static int autoServerPort(Path home) throws IOException {
        Properties lock = new Properties();
        try (Reader r = Files.newBufferedReader(home.resolve("db/lexhub.lock.db"), StandardCharsets.ISO_8859_1)) {
            lock.load(r);
        }
        String server = lock.getProperty("server");
        assertThat(server).as("server entry of the lock file").isNotNull();
        return Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
    }

    /** The local addresses of the sockets listening on the port, from the kernel's table (Linux). */
    private static List<InetAddress> listeningAddresses(int port) throws IOException {
        List<InetAddress> found = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.exists(file)) continue;
            // read once: the table changes between two reads on a busy machine
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                String[] local = f[1].split(":");
                if (f[3].equals("0A") && Integer.parseInt(local[1], 16) == port) found.add(kernelAddress(local[0]));
            }
        }
        assertThat(Path.of("/proc/net/tcp")).as("this test reads Linux's socket table").exists();
        return found;
    }

    /** /proc/net/tcp* print an address as 32-bit words in host (little-endian) order. */
    private static InetAddress kernelAddress(String hex) throws IOException {
        byte[] raw = new BigInteger("1" + hex, 16).toByteArray();
        byte[] bytes = new byte[hex.length() / 2];
        System.arraycopy(raw, raw.length - bytes.length, bytes, 0, bytes.length);
        for (int w = 0; w < bytes.length; w += 4) {
            for (int i = 0; i < 2; i++) {
                byte t = bytes[w + i];
                bytes[w + i] = bytes[w + 3 - i];
                bytes[w + 3 - i] = t;
            }
        }
        return InetAddress.getByAddress(bytes);
    }

    private static List<InetAddress> nonLoopbackAddresses() throws IOException {
        List<InetAddress> all = new ArrayList<>();
        for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!n.isUp()) continue;
            for (InetAddress a : Collections.list(n.getInetAddresses())) {
                if (!a.isLoopbackAddress() && !a.isLinkLocalAddress()) all.add(a);
            }
        }
        return all;
    }
}
