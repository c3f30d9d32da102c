package io.lexhub.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config/webhooks.yaml as `lexhub validate` and the hub read it, and secrets as the signer reads them (docs/events.md). */
class WebhooksConfigTest {

    @TempDir
    Path dir;

    @Test
    void theShippedFileIsValidAndSendsNothing() {
        Path shipped = Path.of("config/webhooks.yaml");
        assertThat(Subscribers.problems(shipped)).isEmpty();
        Subscribers s = Subscribers.load(shipped);
        assertThat(s.all()).isNotEmpty().noneMatch(Subscriber::enabled);
        for (EventType t : EventType.values()) assertThat(s.of(t)).as(t.id()).isEmpty();
        assertThat(Subscribers.load(dir.resolve("absent.yaml")).all()).isEmpty();
    }

    @Test
    void aSecretWrittenInTheFileAndOtherMistakesAreProblems() throws Exception {
        Path file = dir.resolve("webhooks.yaml");
        Files.writeString(file, """
                subscribers:
                  - id: CRM
                    url: ftp://crm.example.com
                    events: [waiver.expired, waiver.exploded]
                    secrets: [whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0]
                  - id: dwh
                    url: https://dwh.example.com/hooks
                    events: [request.received]
                    secrets: [env:A, env:B, env:C]
                """);
        List<String> problems = Subscribers.problems(file);
        System.out.println("[webhooks] " + problems);
        assertThat(problems).anyMatch(p -> p.contains("'CRM'") && p.contains("id must be"))
                .anyMatch(p -> p.contains("url must be http"))
                .anyMatch(p -> p.contains("unknown event 'waiver.exploded'"))
                .anyMatch(p -> p.contains("never written here"))
                .anyMatch(p -> p.contains("'dwh'") && p.contains("one secret, or two while rotating"));
        assertThat(String.join(" ", problems)).doesNotContain("c2VjcmV0");
        assertThatThrownBy(() -> Subscribers.load(file)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void secretsAreReadWhereTheConfigNamesThemAndMustBeWhsecOfEnoughBytes() throws Exception {
        Files.writeString(dir.resolve("s"), "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n");
        Subscriber sub = new Subscriber("a", "https://a.example", java.util.Set.of(EventType.WAIVER_EXPIRED),
                List.of("file:" + dir.resolve("s"), "env:SECOND"), true);
        WebhookSecrets secrets = new WebhookSecrets(Map.of("SECOND", "whsec_" + "A".repeat(32))::get);
        assertThat(secrets.keys(sub)).hasSize(2).allMatch(k -> k.length == 24);
        WebhookSecrets missing = new WebhookSecrets(name -> null);
        assertThatThrownBy(() -> missing.keys(sub)).hasMessageContaining("env:SECOND is not set");
        assertThatThrownBy(() -> WebhookSecrets.key("env:X", "whsec_c2hvcnQ=")).hasMessageContaining("24 to 64 bytes");
    }
}
