package io.lexhub.app;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/**
 * One JSON object per line for log aggregation (lexhub.log.format=json, docs/operations.md "Logs"):
 * timestamp, level, logger, thread, message, exception (the stack, when there is one) and, when
 * the line was written for an exchange, routeId, exchangeId, reference, channel and principal.
 * JSON escapes line breaks, so input quoted in a message cannot start a forged line here either.
 */
public final class JsonLogLayout extends LayoutBase<ILoggingEvent> {

    private static final JsonFactory JSON = new JsonFactory();

    /** top-level field to MDC key; a field is left out when the key is not set */
    private static final Map<String, String> FROM_MDC = Map.of(
            "routeId", ExchangeMdc.MDC_ROUTE,
            "exchangeId", ExchangeMdc.MDC_EXCHANGE,
            "reference", ExchangeMdc.MDC_REFERENCE,
            "channel", ExchangeMdc.MDC_CHANNEL,
            "principal", ExchangeMdc.MDC_PRINCIPAL);
    private static final String[] ORDER = {"routeId", "exchangeId", "reference", "channel", "principal"};

    @Override
    public String doLayout(ILoggingEvent event) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
            g.writeStringField("level", event.getLevel().toString());
            g.writeStringField("logger", event.getLoggerName());
            g.writeStringField("thread", event.getThreadName());
            g.writeStringField("message", event.getFormattedMessage());
            Map<String, String> mdc = event.getMDCPropertyMap();
            for (String field : ORDER) {
                String value = mdc == null ? null : mdc.get(FROM_MDC.get(field));
                if (value != null) g.writeStringField(field, value);
            }
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) g.writeStringField("exception", ThrowableProxyUtil.asString(thrown));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.append(CoreConstants.LINE_SEPARATOR).toString();
    }

    @Override
    public String getContentType() {
        return "application/json";
    }
}
