package io.lexhub.support;

import java.util.Properties;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test class (src/test/resources/META-INF/services, autodetection in
 * junit-platform.properties): after a class, the JVM's system properties are put back as they
 * were when the test run started. Hubs under test take their settings from system properties, so
 * a class that set lexhub.mail.imap.enabled or a port and left it would otherwise configure the
 * next class's hub.
 */
public final class SystemPropertiesRestored implements AfterAllCallback {

    /** Taken when JUnit first loads the extension, before any test class sets anything. */
    private static final Properties BASELINE = copy(System.getProperties());

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getRequiredTestClass().getEnclosingClass() != null) return; // a @Nested class: its outer class restores
        Properties now = copy(System.getProperties());
        for (String name : now.stringPropertyNames()) {
            if (!BASELINE.containsKey(name)) System.clearProperty(name);
        }
        for (String name : BASELINE.stringPropertyNames()) {
            if (!BASELINE.getProperty(name).equals(now.getProperty(name))) System.setProperty(name, BASELINE.getProperty(name));
        }
    }

    private static Properties copy(Properties p) {
        Properties c = new Properties();
        for (String name : p.stringPropertyNames()) c.setProperty(name, p.getProperty(name));
        return c;
    }
}
