package io.lexhub.hardening;

import static io.lexhub.support.RequestDocs.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lexhub.support.ChildHub;
import io.lexhub.support.RunsAlone;
import io.lexhub.support.Sql;
import io.lexhub.support.Tally;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Crash during intake: a child JVM runs the real hub ({@code io.lexhub.cli.Lexhub}, from the test
 * class path, with its own home, port and H2 file database) on N dropped files and is killed with
 * SIGKILL at a random point, then started again. Every file must end as exactly one request, none
 * may be left in inbox/, and no outbox message may exist twice (SMTP is off, so messages stay
 * pending: rows are counted per dedup key).
 *
 * <p>CI runs N = 300. The full run: {@code mvn -B verify -Dtest=CrashDuringIntakeTest
 * -Dlexhub.crash.files=10000 -Dsurefire.failIfNoSpecifiedTests=false} (a few minutes). The
 * kill point comes from {@code -Dlexhub.crash.seed} when given, else it is random and printed.
 */
@RunsAlone
class CrashDuringIntakeTest {

    static final int FILES = Integer.getInteger("lexhub.crash.files", 300);

    @Test
    void aHubKilledMidIntakeLosesAndDuplicatesNothingAfterRestart() throws Exception {
        Path home = Files.createTempDirectory("lexhub-crash-");
        Path inbox = Files.createDirectories(home.resolve("inbox"));
        Path done = home.resolve("done");
        for (int i = 0; i < FILES; i++) {
            String customer = "CUST-CR-" + i;
            Path tmp = inbox.resolve("crash-" + i + ".json.tmp");
            Files.writeString(tmp, request(customer, "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null));
            Files.move(tmp, inbox.resolve("crash-" + i + ".json"));
        }
        long seed = Long.getLong("lexhub.crash.seed", System.nanoTime());
        int killAfter = FILES / 10 + new Random(seed).nextInt(Math.max(1, FILES * 8 / 10));
        Duration limit = Duration.ofSeconds(90 + FILES / 10);

        ChildHub first = ChildHub.start(home, "child-1");
        try {
            await().atMost(limit).pollInterval(Duration.ofMillis(5)).until(() -> {
                first.assertAlive();
                return count(done) >= killAfter;
            });
        } finally {
            first.kill();
        }
        long doneAtKill = count(done);
        long inboxAtKill = count(inbox);

        ChildHub second = ChildHub.start(home, "child-2");
        try {
            await().atMost(limit).pollInterval(Duration.ofMillis(50)).until(() -> {
                second.assertAlive();
                return count(inbox) == 0 && count(done) == FILES;
            });
        } finally {
            second.stop();
        }

        Tally t = new Tally("crash: SIGKILL during file intake").tried(FILES);
        Sql db = ChildHub.database(home);
        long requests = db.count("SELECT COUNT(*) FROM requests WHERE source = 'file'");
        long distinct = db.count("SELECT COUNT(DISTINCT customer_id) FROM requests WHERE source = 'file'");
        long extra = db.count("SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM requests GROUP BY customer_id) x");
        long outboxDup = db.count("SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM outbox GROUP BY dedup_key) x");
        long outbox = db.count("SELECT COUNT(*) FROM outbox");
        long quarantined = db.count("SELECT COUNT(*) FROM quarantine");
        long failed = Files.isDirectory(home.resolve("failed")) ? count(home.resolve("failed")) : 0;
        t.lost((int) (FILES - distinct)).duplicated((int) (extra + outboxDup));
        System.out.printf("[hardening]     seed=%d killed after %d files in done/ (%d still in inbox); after restart: requests=%d distinct=%d "
                + "outbox rows=%d duplicated outbox keys=%d quarantined=%d failed/=%d inbox=%d%n",
                seed, doneAtKill, inboxAtKill, requests, distinct, outbox, outboxDup, quarantined, failed, count(inbox));
        for (int i = 0; i < requests; i++) t.accepted("");
        assertThat(requests).isEqualTo(FILES);
        assertThat(outbox).as("one acknowledgement per request at least").isGreaterThanOrEqualTo(FILES);
        assertThat(quarantined).isZero();
        assertThat(failed).isZero();
        t.report();
        assertThat(count(inbox)).isZero();
    }

    private static long count(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")).count();
        }
    }
}
