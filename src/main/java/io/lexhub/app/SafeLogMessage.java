package io.lexhub.app;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** %safeMsg in logback.xml: the formatted message, escaped by {@link LogText} (for every logger). */
public final class SafeLogMessage extends ClassicConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return LogText.escape(event.getFormattedMessage());
    }
}
