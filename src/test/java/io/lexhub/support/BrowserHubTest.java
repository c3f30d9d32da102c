package io.lexhub.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A browser test class on one hub of its own (the class is PER_CLASS): without Chromium and its
 * driver the class fails, saying how to install them (it is never skipped), and the hub's mail
 * server stops after the class.
 */
public interface BrowserHubTest {

    /** The class's hub ({@code TestHub.prepare}). */
    TestHub hub();

    @BeforeAll
    default void browserInstalled() {
        Chromium.requireInstalled();
    }

    @AfterAll
    default void stopHub() {
        hub().close();
    }
}
