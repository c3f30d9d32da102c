package io.lexhub.pipeline.organisation;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.approval.ApproverDirectory;
import io.lexhub.audit.AuditTrail;
import io.lexhub.notify.Languages;
import io.lexhub.notify.Messages;
import io.lexhub.notify.Notices;
import io.lexhub.notify.Templates;
import io.lexhub.pipeline.organisation.OrganisationConfirmations.Result;
import io.lexhub.policy.PolicyLoader;
import io.lexhub.store.AuditRowStore;
import io.lexhub.store.Database;
import io.lexhub.store.OrganisationClaimStore;
import io.lexhub.store.OutboxStore;
import io.lexhub.store.Tx;
import io.lexhub.support.Sql;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two desk members confirm two different claims of one domain at the same moment, round after
 * round: one confirms the domain (both claims, one confirmed domain row), the other is told the
 * claim was decided already; neither gets an error (before, each locked its own claim and then
 * waited for the other's: a deadlock on PostgreSQL, an error page for one of them). Here on H2, in
 * ConfirmationRacePostgresTest on PostgreSQL.
 */
class ConfirmationRaceTest {

    static final int ROUNDS = 12;

    protected Database open() throws Exception {
        return Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 4);
    }

    @Test
    void twoClaimsOfOneDomainConfirmedAtOnceConfirmTheDomainOnceWithoutAnError() throws Exception {
        ExecutorService desk = Executors.newFixedThreadPool(2);
        try (Database db = open()) {
            db.migrate();
            Clock clock = Clock.systemUTC();
            AuditTrail audit = new AuditTrail("0123456789abcdef-race".getBytes(StandardCharsets.UTF_8), new AuditRowStore());
            OrganisationConfirmations confirmations = new OrganisationConfirmations(new Tx(db.dataSource(), audit), new OrganisationClaimStore(), audit,
                    new OutboxStore(new Tx(db.dataSource()), clock, Duration.ofSeconds(60), Duration.ofSeconds(10)),
                    new Notices(new Templates(Path.of("config/templates")), Languages.of(Messages.load(Path.of("config/messages")), null)),
                    ApproverDirectory.load(Path.of("config/approvers.yaml"), PolicyLoader.load(Path.of("config/policy.yaml"))), id -> true, clock);
            Sql sql = new Sql(db);
            for (int round = 0; round < ROUNDS; round++) {
                String domain = "race-" + round + ".example";
                long a = ((Result.Asked) confirmations.ask("ann@" + domain, "Race Ltd", null, null, "portal:ann")).id();
                long b = ((Result.Asked) confirmations.ask("ben@" + domain, "Race Ltd", null, null, "portal:ben")).id();
                CyclicBarrier together = new CyclicBarrier(2);
                List<CompletableFuture<Result>> both = new ArrayList<>();
                for (long claim : List.of(a, b)) {
                    both.add(CompletableFuture.supplyAsync(() -> {
                        await(together);
                        return confirmations.confirm(claim, "CUST-RACE", claim == a ? "bruno.silva" : "alice.moreau", "session:desk");
                    }, desk));
                }
                List<Result> results = new ArrayList<>();
                for (CompletableFuture<Result> f : both) results.add(f.get(60, TimeUnit.SECONDS));
                assertThat(results).as("round " + round).filteredOn(r -> r instanceof Result.Confirmed).hasSize(1);
                assertThat(results).as("round " + round).filteredOn(r -> r instanceof Result.NotOpen).hasSize(1);
                assertThat(sql.strings("SELECT state || ' ' || customer_id FROM organisation_claims WHERE domain = ?", domain))
                        .containsExactly("CONFIRMED CUST-RACE", "CONFIRMED CUST-RACE");
                assertThat(sql.count("SELECT COUNT(*) FROM confirmed_domains WHERE domain = ?", domain)).isEqualTo(1);
                assertThat(sql.count("SELECT COUNT(*) FROM audit_events WHERE event_type = 'portal.organisation-confirmed' AND payload LIKE ?",
                        "%\"domain\":\"" + domain + "\"%")).isEqualTo(1);
            }
        } finally {
            desk.shutdownNow();
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
