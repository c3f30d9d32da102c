package io.lexhub.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lexhub.app.HubConfiguration;
import io.lexhub.store.Database;
import io.lexhub.support.SentMail;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** While SMTP is down the acknowledgement waits in the outbox and is retried; it is sent once when SMTP is back. */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutboxRetryTest {

    static final TestHub HUB = TestHub.prepareWithoutMail("outbox");

    @BeanInject
    Database database;

    @AfterAll
    void stopMail() {
        HUB.close();
    }

    @Test
    void aMailThatCannotBeSentIsRetriedWithBackOffAndSentOnceSmtpIsBack() throws Exception {
        Files.copy(Path.of("examples/requests/migration-extra-seats.json"), HUB.inbox().resolve("seats.json"));
        Sql sql = new Sql(database);
        String ack = "SELECT %s FROM outbox WHERE dedup_key LIKE 'intake:%%'";
        await().atMost(Duration.ofSeconds(30)).until(() -> sql.count(ack.formatted("COUNT(*)") + " AND attempts >= 2") == 1);
        assertThat(sql.strings(ack.formatted("status"))).containsExactly("PENDING");
        assertThat(sql.strings(ack.formatted("last_error")).get(0)).isNotBlank();
        // back-off: the next attempt is scheduled after the last one, not immediately
        assertThat(sql.count(ack.formatted("COUNT(*)") + " AND next_attempt_at > created_at")).isEqualTo(1);

        HUB.mail.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> sql.count("SELECT COUNT(*) FROM outbox WHERE status <> 'SENT'") == 0);
        // each message once: the acknowledgement and the mails to the approvers of level 1
        assertThat(HUB.mail.getReceivedMessages()).hasSize((int) sql.count("SELECT COUNT(*) FROM outbox"));
        // each with the Message-ID of its row, the same on a resend: camel-mail keeps the header the route sets
        assertThat(SentMail.receivedById(HUB.mail)).containsOnlyKeys(SentMail.expectedIds(sql)).allSatisfy((id, copies) -> assertThat(copies).isOne());
        assertThat(sql.strings(ack.formatted("last_error")).get(0)).isNull();
    }
}
