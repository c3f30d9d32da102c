package io.lexhub.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.insight.ReviewPatterns;
import io.lexhub.model.Json;
import io.lexhub.policy.Policy;
import io.lexhub.support.SeededPatterns;
import io.lexhub.support.Sql;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the policy review's patterns read (store/PatternStore) for the hand-counted history of
 * support/SeededPatterns, the same lists PolicyPatternsTest expects through the API; here on H2,
 * in PatternStorePostgresTest on PostgreSQL. Also the once-per-day claim of the policy owner's mail.
 */
class PatternStoreTest {

    static final Instant FROM = Instant.parse("2026-07-03T00:00:00Z");
    static final Instant TO = Instant.parse("2026-10-01T00:00:00Z");

    protected Database open() throws Exception {
        return Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
    }

    @Test
    void theSeededHistoryGivesTheHandCountedListsAndTheMailIsClaimedOnce() throws Exception {
        try (Database db = open()) {
            db.migrate();
            Tx tx = new Tx(db.dataSource());
            SeededPatterns.seed(new Sql(db));
            PatternStore store = new PatternStore(tx);
            Policy.PolicyReview s = Policy.DEFAULT_POLICY_REVIEW;
            ReviewPatterns p = ReviewPatterns.of(FROM.toString(), TO.toString(), s, store.grants(FROM, TO),
                    store.renewalsPast(FROM, TO, s.renewalChainLimit()), store.againstTheScore(FROM, TO, s.overrideHighScore(), s.overrideLowScore()));

            assertThat(Json.write(p.repeatedGrants())).isEqualTo("[{\"type\":\"EXTRA_SEATS\",\"product\":\"Meridian Data Platform\",\"granted\":4,"
                    + "\"similar\":3,\"medianSeats\":102.5,\"medianDurationDays\":365,"
                    + "\"references\":[\"EXC-2026-910001\",\"EXC-2026-910002\",\"EXC-2026-910003\"]}]");
            assertThat(p.longChains()).extracting(ReviewPatterns.LongChain::chain, ReviewPatterns.LongChain::renewals, ReviewPatterns.LongChain::latest)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("EXC-2024-960000", 4, "EXC-2026-960004"),
                            org.assertj.core.groups.Tuple.tuple("EXC-2024-950000", 3, "EXC-2026-950003"));
            assertThat(p.overriddenRules()).extracting(ReviewPatterns.RuleOverride::ruleId, ReviewPatterns.RuleOverride::approvedAtHighScore,
                    ReviewPatterns.RuleOverride::deniedAtLowScore).containsExactly(
                            org.assertj.core.groups.Tuple.tuple("COM-01", 2, 1), org.assertj.core.groups.Tuple.tuple("DUR-01", 0, 2),
                            org.assertj.core.groups.Tuple.tuple("COM-02", 1, 0));

            LocalDate day = LocalDate.parse("2026-10-01");
            OffsetDateTime now = OffsetDateTime.parse("2026-10-01T09:30:00Z");
            assertThat(tx.<Boolean>inTransaction(c -> store.claimMail(c, day, day.minusDays(90), day.minusDays(1), now))).isTrue();
            assertThat(tx.<Boolean>inTransaction(c -> store.claimMail(c, day, day.minusDays(90), day.minusDays(1), now))).isFalse();
            assertThat(tx.<Boolean>inTransaction(c -> store.claimMail(c, day.plusMonths(1), day, day.plusMonths(1).minusDays(1), now))).isTrue();
        }
    }
}
