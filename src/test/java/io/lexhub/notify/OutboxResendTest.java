package io.lexhub.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lexhub.app.HubConfiguration;
import io.lexhub.store.Database;
import io.lexhub.store.OutboxStore;
import io.lexhub.support.SentMail;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * SMTP is at least once: a mail the server took but the hub did not record as sent (it died in
 * between) is sent again. The copy has the Message-ID of the first, so the receiver can drop it.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutboxResendTest {

    static final TestHub HUB = TestHub.prepare("resend");

    @BeanInject
    Database database;

    @BeanInject
    CamelContext camel;

    @AfterAll
    void stopMail() {
        HUB.close();
    }

    @Test
    void aMailSentButNotRecordedIsSentAgainUnderTheSameMessageId() throws Exception {
        // the first mail's markSent fails, as if the hub had been killed after the SMTP server took it
        AtomicLong unrecorded = new AtomicLong(-1);
        AdviceWith.adviceWith(camel, "outbox-mail", a -> a.weaveById("outbox-mail-sent").before().process(e -> {
            long id = e.getProperty("outboxMessage", OutboxStore.Message.class).id();
            if (unrecorded.compareAndSet(-1, id)) throw new IllegalStateException("the hub stopped before recording the send");
        }));
        Files.copy(Path.of("examples/requests/migration-extra-seats.json"), HUB.inbox().resolve("seats.json"));
        Sql sql = new Sql(database);
        await().atMost(Duration.ofSeconds(30)).until(() -> unrecorded.get() > 0
                && sql.count("SELECT COUNT(*) FROM outbox WHERE status <> 'SENT'") == 0);

        Map<String, Long> received = SentMail.receivedById(HUB.mail);
        assertThat(received).containsOnlyKeys(SentMail.expectedIds(sql));
        String resent = received.entrySet().stream().filter(e -> e.getValue() == 2).map(Map.Entry::getKey).findFirst().orElseThrow();
        assertThat(resent).startsWith("<outbox-" + unrecorded.get() + ".");
        assertThat(received.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(received.size() + 1);
        assertThat(sql.count("SELECT attempts FROM outbox WHERE id = ?", unrecorded.get())).isEqualTo(2);
    }
}
