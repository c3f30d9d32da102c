package io.lexhub.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * lexhub.log.format: {@code text} (the default, logback.xml's console pattern) or {@code json}
 * (one object per line, {@link JsonLogLayout}). The hub applies it twice: from -D or the
 * environment before Camel starts, so its first lines are already in the format, and from the
 * settings of config/ once they are read.
 */
public final class LogFormat {

    static final String PROPERTY = "lexhub.log.format";
    private static final String JSON_APPENDER = "JSON";
    private static final String TEXT_APPENDER = "OUT";

    private LogFormat() {}

    /** The format -D lexhub.log.format or LEXHUB_LOG_FORMAT asks for, else text. */
    public static String fromEnvironment() {
        String value = System.getProperty(PROPERTY);
        if (value == null) value = System.getenv("LEXHUB_LOG_FORMAT");
        return value == null ? "text" : value;
    }

    /** Switches the root logger's console output to the format; an unknown name is a start-up error. */
    public static synchronized void use(String format) {
        String f = format.strip().toLowerCase(Locale.ROOT);
        if (!f.equals("text") && !f.equals("json")) {
            throw new IllegalArgumentException(PROPERTY + " is '" + format + "': it takes text or json");
        }
        // -D and the environment win over config/ (camel-main's order), so once json, a later call says json too
        if (f.equals("text") || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) return;
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root.getAppender(JSON_APPENDER) != null) return;
        JsonLogLayout layout = new JsonLogLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName(JSON_APPENDER);
        appender.setEncoder(encoder);
        appender.start();
        root.addAppender(appender);
        root.detachAppender(TEXT_APPENDER);
    }
}
