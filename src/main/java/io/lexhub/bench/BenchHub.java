package io.lexhub.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.lexhub.app.HubConfiguration;
import io.lexhub.store.Database;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.slf4j.LoggerFactory;

/**
 * A real hub started in this JVM: camel-main with HubConfiguration, the YAML routes of routes/
 * and config/application.properties, exactly as {@code Hub.run}, with the benchmark's settings
 * as system properties (they override the properties file, as -D does). Any lexhub.* / camel.*
 * system property set before is put aside while the hub runs and restored afterwards.
 */
final class BenchHub implements AutoCloseable {

    /** Audit key of every bench hub, so the JDBC writers can extend the same chain. */
    static final String AUDIT_KEY = "bench-key-for-the-audit-chain-0123456789";

    private final Main main;
    private final Map<String, String> saved;
    private final Map<String, Level> savedLevels = new HashMap<>();
    final Path home;
    final CamelContext context;
    final ProducerTemplate template;

    private BenchHub(Main main, Map<String, String> saved, Path home) {
        this.main = main;
        this.saved = saved;
        this.home = home;
        this.context = main.getCamelContext();
        this.template = context.createProducerTemplate();
    }

    /** Starts a hub whose home is {@code home}; {@code db.url() == null} keeps the hub's default H2. */
    static BenchHub start(Path home, BenchDb.Target db, Map<String, String> extra) throws Exception {
        Map<String, String> saved = new HashMap<>();
        Properties sys = System.getProperties();
        for (String k : sys.stringPropertyNames()) {
            if (k.startsWith("lexhub.") || k.startsWith("camel.")) saved.put(k, sys.getProperty(k));
        }
        saved.keySet().forEach(System::clearProperty);
        System.setProperty("lexhub.home", home.toString());
        System.setProperty("lexhub.http.port", String.valueOf(freePort()));
        System.setProperty("lexhub.audit.hmac-key", AUDIT_KEY);
        if (db != null && db.url() != null && !db.url().startsWith("jdbc:h2:")) {
            System.setProperty("lexhub.db.url", db.url());
            System.setProperty("lexhub.db.user", db.user());
            if (!db.password().isEmpty()) System.setProperty("lexhub.db.password", db.password());
        }
        extra.forEach(System::setProperty);
        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:config/application.properties");
        main.configure().addConfiguration(HubConfiguration.class);
        try {
            main.start();
        } catch (Exception e) {
            restore(saved);
            throw e;
        }
        BenchHub hub = new BenchHub(main, saved, home);
        // one INFO line per request would measure the console, not the hub
        hub.quiet("lexhub.intake", "lexhub.decide", "org.apache.camel");
        return hub;
    }

    DataSource dataSource() {
        return context.getRegistry().lookupByNameAndType("database", Database.class).dataSource();
    }

    private void quiet(String... loggers) {
        for (String name : loggers) {
            Logger l = (Logger) LoggerFactory.getLogger(name);
            savedLevels.put(name, l.getLevel());
            l.setLevel(Level.WARN);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void restore(Map<String, String> saved) {
        for (String k : System.getProperties().stringPropertyNames()) {
            if (k.startsWith("lexhub.") || k.startsWith("camel.")) System.clearProperty(k);
        }
        saved.forEach(System::setProperty);
    }

    @Override
    public void close() throws Exception {
        try {
            template.close();
            main.stop();
        } finally {
            savedLevels.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
            restore(saved);
        }
    }
}
