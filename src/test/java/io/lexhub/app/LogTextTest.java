package io.lexhub.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.PatternLayout;
import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void lineBreaksControlsSeparatorsAndBidiOverridesAreEscapedVisibly() {
        assertThat(LogText.escape("EXC\r\nINFO lexhub.decide APPROVE")).isEqualTo("EXC\\r\\nINFO lexhub.decide APPROVE");
        assertThat(LogText.escape("a\tb\u0000c\u001Bd\u007Fe\u0085f\u009Bg")).isEqualTo("a\\tb\\u0000c\\u001Bd\\u007Fe\\u0085f\\u009Bg");
        assertThat(LogText.escape("x\u2028y\u2029z")).isEqualTo("x\\u2028y\\u2029z");
        assertThat(LogText.escape("\u202Egnp.exe \u2066i\u2069 \u200E\u200F\u061C")).isEqualTo("\\u202Egnp.exe \\u2066i\\u2069 \\u200E\\u200F\\u061C");
        String plain = "EXC-2026-000123 approved: Grüße, 東京, ü";
        assertThat(LogText.escape(plain)).isSameAs(plain);
        assertThat(LogText.escape(null)).isNull();
    }

    @Test
    void messageAndExceptionMessagesAreOneRecordEach() {
        LoggerContext context = new LoggerContext();
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.getInstanceConverterMap().put("safeMsg", SafeLogMessage::new);
        layout.getInstanceConverterMap().put("safeEx", SafeLogThrowable::new);
        layout.setPattern("%-5level %safeMsg%n%safeEx");
        layout.start();
        Logger logger = context.getLogger("lexhub.test");
        Exception e = new IllegalStateException("bad\nERROR forged", new IllegalArgumentException("cause\r\nWARN forged"));
        String out = layout.doLayout(new LoggingEvent(Logger.class.getName(), logger, Level.WARN, "file {} failed", e, new Object[] {"a\nINFO forged"}));

        assertThat(out).startsWith("WARN  file a\\nINFO forged failed" + System.lineSeparator());
        assertThat(out).contains("java.lang.IllegalStateException: bad\\nERROR forged")
                .contains("Caused by: java.lang.IllegalArgumentException: cause\\r\\nWARN forged");
        assertThat(out.lines()).noneMatch(l -> l.startsWith("ERROR") || l.startsWith("WARN forged") || l.startsWith("INFO"));
        assertThat(out.lines()).anyMatch(l -> l.strip().startsWith("at io.lexhub.app.LogTextTest"));
    }
}
