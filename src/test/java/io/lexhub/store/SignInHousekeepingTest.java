package io.lexhub.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.lifecycle.SessionState;
import io.lexhub.access.SignInHousekeeping;
import io.lexhub.lifecycle.SignInLinkState;
import io.lexhub.support.MutableClock;
import io.lexhub.support.Sql;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The daily clean-up on the migrated schema: rows long past their limit go, whatever their state; the rest stay. */
class SignInHousekeepingTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T12:00:00Z"));
    final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2).migrate();
    final Tx tx = new Tx(db.dataSource());
    final SessionStore sessions = new SessionStore();
    final SignInLinkStore links = new SignInLinkStore();

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void rowsLongPastTheirLimitAreDeletedTheOthersStay() {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        tx.inTransaction(c -> {
            // ended 40 days ago; never signed out but its absolute limit passed 35 days ago; a sign-in abandoned 60 days ago
            sessions.insert(c, "s-ended-old", "a".repeat(64), SessionState.ENDED, "alice.moreau", "oidc", "approver", now.minusDays(41), now.minusDays(40));
            sessions.insert(c, "s-abandoned", "b".repeat(64), SessionState.ACTIVE, "bruno.keller", "sign-in-link", "approver", now.minusDays(36), now.minusDays(35));
            sessions.insert(c, "s-signing-in", "c".repeat(64), SessionState.SIGNING_IN, null, "oidc", null, now.minusDays(60), now.minusDays(60));
            // past its limit, but only 5 days ago: kept a while for whoever investigates; and a live one
            sessions.insert(c, "s-recent", "d".repeat(64), SessionState.ACTIVE, "carla.jensen", "oidc", "desk", now.minusDays(6), now.minusDays(5));
            sessions.insert(c, "s-live", "e".repeat(64), SessionState.ACTIVE, "dmitri.ivanov", "oidc", "audit", now.minusHours(1), now.plusHours(11));
            links.insert(c, "l-old", "alice.moreau", "mail", SignInLinkState.USED, "f".repeat(64), null, "127.0.0.1", now.minusDays(45), now.minusDays(45));
            links.insert(c, "l-new", "alice.moreau", "mail", SignInLinkState.ISSUED, "0".repeat(64), null, "127.0.0.1", now, now.plusMinutes(15));
            return null;
        });

        SignInHousekeeping housekeeping = new SignInHousekeeping(tx, sessions, links, clock, Duration.ofDays(30));
        SignInHousekeeping.Purged purged = housekeeping.purge();
        assertThat(purged).isEqualTo(new SignInHousekeeping.Purged(3, 1));
        Sql sql = new Sql(db);
        assertThat(sql.strings("SELECT session_id FROM sessions ORDER BY session_id")).containsExactly("s-live", "s-recent");
        assertThat(sql.strings("SELECT link_id FROM sign_in_links")).containsExactly("l-new");
        // a second run (the timer firing twice) deletes nothing more
        assertThat(housekeeping.purge()).isEqualTo(new SignInHousekeeping.Purged(0, 0));
    }
}
