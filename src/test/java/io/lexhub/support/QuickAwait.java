package io.lexhub.support;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test class, as {@link SystemPropertiesRestored} is: Awaitility looks first
 * at once and then every 25 ms. Its defaults wait 100 ms before the first look and between looks,
 * so each of the suite's few hundred waits cost at least a tenth of a second even when what it
 * waits for was already true, and on average 50 ms more than needed after it became true.
 */
public final class QuickAwait implements BeforeAllCallback {

    static final Duration FIRST_LOOK = Duration.ZERO;
    static final Duration BETWEEN_LOOKS = Duration.ofMillis(25);

    @Override
    public void beforeAll(ExtensionContext context) {
        Awaitility.setDefaultPollDelay(FIRST_LOOK);
        Awaitility.setDefaultPollInterval(BETWEEN_LOOKS);
    }
}
