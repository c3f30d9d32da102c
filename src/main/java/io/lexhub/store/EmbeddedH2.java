package io.lexhub.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Keeps the embedded H2 database to the hub's own user. AUTO_SERVER makes the first process that
 * opens the file serve it to the others (the CLI beside a running hub) over TCP: that server binds
 * to loopback only, the database has a generated password kept 0600 in the hub's home, and the
 * database folder is 0700 with its files 0600, so another local user can neither read the files,
 * nor the lock file's connection key, nor log in.
 */
public final class EmbeddedH2 {

    /** Beside audit.key in lexhub.home. */
    public static final String PASSWORD_FILE = "db.password";
    private static final int WRONG_USER_OR_PASSWORD = 28000;   // org.h2.api.ErrorCode

    static {
        // H2 reads h2.bindAddress once, when its SysProperties class loads: this class is loaded by
        // Database before any H2 class is. Without it the AUTO_SERVER port listens on every interface.
        if (System.getProperty("h2.bindAddress") == null) System.setProperty("h2.bindAddress", "127.0.0.1");
    }

    private EmbeddedH2() {}

    /** Forces the static initialiser: call before anything may load H2. */
    public static void bindToLoopback() {
        // the static block did it
    }

    /** An H2 database in a local file (not in memory, not a remote H2 server). */
    public static boolean isLocalFile(String url) {
        if (url == null || !url.startsWith("jdbc:h2:")) return false;
        String rest = url.substring("jdbc:h2:".length()).toLowerCase(Locale.ROOT);
        return !(rest.startsWith("mem:") || rest.startsWith("tcp:") || rest.startsWith("ssl:") || rest.startsWith("zip:"));
    }

    /** The folder that holds the database's files, from its URL. */
    public static Path folder(String url) {
        String path = url.substring("jdbc:h2:".length()).split(";", 2)[0];
        if (path.startsWith("file:")) path = path.substring("file:".length());
        if (path.startsWith("~")) path = System.getProperty("user.home") + path.substring(1);
        return Path.of(path).toAbsolutePath().normalize().getParent();
    }

    /** The file H2 keeps the database in (name.mv.db), from its URL. */
    public static Path dataFile(String url) {
        String path = url.substring("jdbc:h2:".length()).split(";", 2)[0];
        return folder(url).resolve(Path.of(path).getFileName() + ".mv.db");
    }

    /**
     * Prepares a local H2 database before the pool opens it: the home and the database folder
     * private, the password (generated once unless configured) in force, an older database created
     * with the empty password moved to it. Returns the password to connect with.
     */
    public static String prepare(String url, String user, Optional<String> configuredPassword, Path home) {
        if (url.toUpperCase(Locale.ROOT).contains("AUTO_SERVER=TRUE")) requireLoopbackServer();
        Path folder = folder(url);
        PrivateFiles.directory(home);
        PrivateFiles.directory(folder);
        String password = configuredPassword.orElseGet(() -> generatedPassword(home));
        adoptPassword(url, user, password);
        PrivateFiles.restrictContents(folder);
        return password;
    }

    /**
     * Refuses to open the database when H2 would serve it beyond this machine: H2 was loaded before
     * this class set the bind address, or h2.bindAddress was set to another address.
     */
    static void requireLoopbackServer() {
        String bound = org.h2.engine.SysProperties.BIND_ADDRESS;
        boolean loopback;
        try {
            loopback = bound != null && !bound.isEmpty() && java.net.InetAddress.getByName(bound).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            loopback = false;
        }
        if (!loopback) {
            throw new IllegalStateException("H2's auto-server would listen on " + (bound == null || bound.isEmpty() ? "every interface" : bound)
                    + ": start the JVM with -Dh2.bindAddress=127.0.0.1, or use PostgreSQL for a database other hosts reach");
        }
    }

    /** The password generated into the home on first use, 0600. */
    public static String generatedPassword(Path home) {
        Path file = home.resolve(PASSWORD_FILE);
        try {
            if (!Files.exists(file)) {
                PrivateFiles.directory(home);
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                PrivateFiles.write(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
            }
            PrivateFiles.restrict(file);
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the database password " + file, e);
        }
    }

    /**
     * Logs in with the password; when that is refused, with the empty password an older hub used,
     * and then sets the password (the data stays as it was). A new database is created with it.
     */
    static void adoptPassword(String url, String user, String password) {
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            return;
        } catch (SQLException e) {
            if (e.getErrorCode() != WRONG_USER_OR_PASSWORD || password.isEmpty()) throw new StoreException(e);
        }
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
            String name;
            try (ResultSet rs = s.executeQuery("SELECT CURRENT_USER")) {
                rs.next();
                name = rs.getString(1);
            }
            s.execute("ALTER USER " + quoteIdentifier(name) + " SET PASSWORD " + quoteLiteral(password));
        } catch (SQLException e) {
            throw new StoreException(new SQLException("the database " + url + " refuses both its password and the empty password "
                    + "(was " + PASSWORD_FILE + " replaced? set lexhub.db.password to the password it was created with)", e));
        }
    }

    private static String quoteIdentifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String quoteLiteral(String value) {
        return '\'' + value.replace("'", "''") + '\'';
    }
}
