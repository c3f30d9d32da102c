package io.lexhub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lexhub.model.Customer;
import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.ExceptionType;
import io.lexhub.model.RequestState;
import io.lexhub.support.Sql;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The word index of the request search (V55, {@link RequestWords}): what a word is, what a typed
 * term asks for, and that the index follows a request's texts as they change, so that a search
 * finds the new words and not the old. (The same on PostgreSQL: RequestWordsPostgresTest.)
 */
class RequestWordsTest {

    protected Database open() throws Exception {
        return Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
    }

    @Test
    void aWordIsARunOfLettersAndDigits() {
        assertThat(RequestWords.of(RequestSearchStore.words("exc-2026-000017\nmüller  gmbh\nthe EMEA 100%_launch; the end")))
                .containsExactly("exc", "2026", "000017", "müller", "gmbh", "the", "emea", "100", "launch", "end");
        // cut at 40 characters, never inside a surrogate pair
        assertThat(RequestWords.of("a".repeat(45))).containsExactly("a".repeat(40));
        assertThat(RequestWords.of("a".repeat(39) + "\uD835\uDC00b")).containsExactly("a".repeat(39));
        assertThat(RequestWords.of("")).isEmpty();
        assertThat(RequestWords.of("%-_ !")).isEmpty();
    }

    @Test
    void theWordsBeginningWithAWordAreOneRange() {
        assertThat(RequestWords.after("emea")).isEqualTo("emeb");
        assertThat(RequestWords.after("a9")).isEqualTo("a:");
        assertThat(RequestWords.after("m\u00fcller")).isEqualTo("m\u00fclles");
        // a letter outside the BMP: its successor, not a surrogate's
        assertThat(RequestWords.after("x\uD835\uDC00")).isEqualTo("x\uD835\uDC01");
        assertThat(RequestWords.after("x\uD7FF")).isEqualTo("x\uE000");
    }

    @Test
    void aTermAsksForItsWordsLessThoseAnotherOfThemBegins() {
        assertThat(RequestWords.terms("  EMEA em roll-out emea ")).containsExactly("emea", "roll", "out");
        assertThat(RequestWords.terms("%")).isEmpty();
        assertThat(RequestWords.terms("")).isEmpty();
    }

    @Test
    void theSearchFindsARequestByTheWordsItHasNow() throws Exception {
        try (Database db = open()) {
            db.migrate();
            Tx tx = new Tx(db.dataSource());
            OffsetDateTime at = OffsetDateTime.of(2026, 11, 2, 9, 30, 0, 0, ZoneOffset.UTC);
            tx.inTransaction(c -> {
                RequestSearchStore.insert(c, "EXC-2026-000001", at, RequestState.PENDING_APPROVAL, "api",
                        request("CUST-7", "Acme GmbH", "Migration of the EMEA data centre"), "T2");
                RequestSearchStore.insert(c, "EXC-2026-000002", at.plusHours(1), RequestState.PENDING_APPROVAL, "api",
                        request("CUST-8", "Beta AG", "Renewal of the APAC rollout"), "T2");
                return null;
            });
            RequestSearchStore search = new RequestSearchStore(tx, 10, 10);
            assertThat(refs(search, "emea migr", null)).containsExactly("EXC-2026-000001");
            // words in any order, each the beginning of a word of the same request
            assertThat(refs(search, "centre EMEA", null)).containsExactly("EXC-2026-000001");
            assertThat(refs(search, "emea renewal", null)).isEmpty();
            // the middle of a word is not a word's beginning
            assertThat(refs(search, "igration", null)).isEmpty();
            // common to both, newest first
            assertThat(refs(search, "of the", null)).containsExactly("EXC-2026-000002", "EXC-2026-000001");
            // the customer field has the name and id only; the text has them too
            assertThat(refs(search, null, "acme cust-7")).containsExactly("EXC-2026-000001");
            assertThat(refs(search, null, "emea")).isEmpty();
            assertThat(refs(search, "beta", null)).containsExactly("EXC-2026-000002");

            // amended: new customer and justification; the words it lost no longer find it
            tx.inTransaction(c -> {
                RequestSearchStore.assessed(c, "EXC-2026-000001", request("CUST-9", "Gamma SE", "Pilot of the vault edge"), "T3",
                        RequestState.PENDING_APPROVAL);
                return null;
            });
            assertThat(refs(search, "emea", null)).isEmpty();
            assertThat(refs(search, null, "acme")).isEmpty();
            assertThat(refs(search, "pilot vault", null)).containsExactly("EXC-2026-000001");
            assertThat(refs(search, null, "gamma cust-9")).containsExactly("EXC-2026-000001");
            assertThat(refs(search, "of the", null)).containsExactly("EXC-2026-000002", "EXC-2026-000001");
            // the index holds exactly the words of the texts now, once each
            Sql sql = new Sql(db);
            assertThat(sql.strings("SELECT field || ':' || word FROM request_words WHERE reference = 'EXC-2026-000001' ORDER BY field, word"))
                    .containsExactly("c:9", "c:cust", "c:gamma", "c:se", "t:000001", "t:2026", "t:9", "t:cust", "t:edge", "t:exc", "t:gamma",
                            "t:of", "t:pilot", "t:se", "t:the", "t:vault");
        }
    }

    @Test
    void aWordInNoRequestFindsNothingWithoutReadingTheRows() throws Exception {
        try (Database db = open()) {
            db.migrate();
            Tx tx = new Tx(db.dataSource());
            tx.inTransaction(c -> {
                RequestSearchStore.insert(c, "EXC-2026-000001", OffsetDateTime.now(ZoneOffset.UTC), RequestState.APPROVED, "api",
                        request("CUST-7", "Acme GmbH", "Pilot"), "T2");
                return null;
            });
            RequestSearchStore search = new RequestSearchStore(tx, 10, 10);
            RequestSearchStore.Page page = search.page(criteria("pilot zzz", null), RequestSearchStore.Sort.RECEIVED, true, 0, 50, 100);
            assertThat(page.rows()).isEmpty();
            assertThat(page.count()).isZero();
            assertThat(search.export(criteria("zzz", null), RequestSearchStore.Sort.RECEIVED, true, 10, r -> {})).isZero();
            // more words than a search may ask for (the form refuses them first): refused here too, nothing read
            assertThatThrownBy(() -> search.page(criteria("a1 b2 c3 d4 e5 f6 g7 h8 i9 j10 k11", null), RequestSearchStore.Sort.RECEIVED, true, 0, 50, 100))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("a search field may ask for at most 10 words");
        }
    }

    /**
     * Words more than 10,000 requests have (RequestWords.DRIVER_MAX) are checked on each request
     * rather than read first, and the count starts from one of them: the counts stay exact, for a
     * word that begins one word of the index and for one that begins several.
     */
    @Test
    void commonWordsAreCountedExactly() throws Exception {
        try (Database db = open()) {
            db.migrate();
            Tx tx = new Tx(db.dataSource());
            OffsetDateTime at = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
            int total = 12_000;
            tx.inTransaction(c -> {
                try (var ps = c.prepareStatement(RequestSearchStore.INSERT)) {
                    for (int i = 1; i <= total; i++) {
                        String ref = String.format("EXC-2026-%06d", i);
                        // alpha in all; beta in 11,000; alps in 1,000 (beta's missing ones); both beta and gamma in 9,000
                        String text = "alpha " + (i <= 11_000 ? "beta " : "alps ") + (i > 2_000 && i <= 11_000 ? "gamma " : "") + (i % 2 == 0 ? "even" : "odd");
                        String state = i % 3 == 0 ? "APPROVED" : "DENIED";
                        RequestSearchStore.bindInsert(ps, ref, at.plusMinutes(i), state, "api", "DISCOUNT", "Meridian Edge", "T1", "CUST-1", "Acme", text);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                // the words as V55 fills them, in batches, and the planner's figures as V55 leaves them
                RequestWords.backfill(c, "", () -> {});
                return null;
            });
            try (var c = db.dataSource().getConnection(); var st = c.createStatement()) {
                st.execute(Database.isPostgres(c) ? "ANALYZE request_words" : "ANALYZE TABLE request_words");
            }
            RequestSearchStore search = new RequestSearchStore(tx, 30, 30);
            assertThat(count(search, "beta gamma", null)).isEqualTo(9_000);
            assertThat(count(search, "gamma beta alpha", null)).isEqualTo(9_000);
            assertThat(count(search, "gamma even", null)).isEqualTo(4_500);
            // with a state: 9,000 of which a third approved
            assertThat(count(search, "beta gamma", "APPROVED")).isEqualTo(3_000);
            // "al" begins alpha and alps, "b" begins beta only
            assertThat(count(search, "al b", null)).isEqualTo(11_000);
            // each begins several words: alpha/alps, beta/... ("e" even/exc, "o" odd)
            assertThat(count(search, "al e", null)).isEqualTo(total);
            // past the cap
            RequestSearchStore.Page page = search.page(new RequestSearchStore.Criteria(null, null, null, null, null, null, null, null, "alpha beta"),
                    RequestSearchStore.Sort.RECEIVED, true, 0, 50, 10_000);
            assertThat(page.countCapped()).isTrue();
            // the newest 1,000 have no beta: read from alpha's requests newest first, in the page's order, page after page
            assertThat(page.rows()).first().extracting(RequestSearchStore.Row::reference).isEqualTo("EXC-2026-011000");
            assertThat(page.rows()).last().extracting(RequestSearchStore.Row::reference).isEqualTo("EXC-2026-010951");
            RequestSearchStore.Criteria both = new RequestSearchStore.Criteria(null, null, null, null, null, null, null, null, "alpha beta");
            assertThat(search.page(both, RequestSearchStore.Sort.RECEIVED, true, 50, 50, 10_000).rows()).first()
                    .extracting(RequestSearchStore.Row::reference).isEqualTo("EXC-2026-010950");
            assertThat(search.page(both, RequestSearchStore.Sort.RECEIVED, false, 0, 50, 10_000).rows()).first()
                    .extracting(RequestSearchStore.Row::reference).isEqualTo("EXC-2026-000001");
            // another order reads the search rows in it
            assertThat(search.page(both, RequestSearchStore.Sort.REFERENCE, true, 0, 50, 10_000).rows()).first()
                    .extracting(RequestSearchStore.Row::reference).isEqualTo("EXC-2026-011000");
            // with a state, newest first
            assertThat(search.page(new RequestSearchStore.Criteria("APPROVED", null, null, null, null, null, null, null, "alpha beta"),
                    RequestSearchStore.Sort.RECEIVED, true, 0, 2, 10_000).rows()).extracting(RequestSearchStore.Row::reference)
                    .containsExactly("EXC-2026-010998", "EXC-2026-010995");
            // a state alone, both ways and a later page (the state leads the order, so H2 too reads its index in order)
            RequestSearchStore.Criteria approved = new RequestSearchStore.Criteria("APPROVED", null, null, null, null, null, null, null, null);
            assertThat(search.page(approved, RequestSearchStore.Sort.RECEIVED, true, 0, 2, 10_000).rows()).extracting(RequestSearchStore.Row::reference)
                    .containsExactly("EXC-2026-012000", "EXC-2026-011997");
            assertThat(search.page(approved, RequestSearchStore.Sort.RECEIVED, false, 0, 2, 10_000).rows()).extracting(RequestSearchStore.Row::reference)
                    .containsExactly("EXC-2026-000003", "EXC-2026-000006");
            assertThat(search.page(approved, RequestSearchStore.Sort.RECEIVED, true, 50, 1, 10_000).rows()).extracting(RequestSearchStore.Row::reference)
                    .containsExactly("EXC-2026-011850");
        }
    }

    private static int count(RequestSearchStore search, String text, String state) {
        return search.page(new RequestSearchStore.Criteria(state, null, null, null, null, null, null, null, text), RequestSearchStore.Sort.RECEIVED, true,
                0, 1, 100_000).count();
    }

    static ExceptionRequest request(String customerId, String customerName, String justification) {
        return new ExceptionRequest(null, new Customer(customerId, customerName, null, null), null, null, null, "Meridian Edge", null,
                ExceptionType.DISCOUNT, null, justification, null, null, null, null, null, null, null, null, null);
    }

    static RequestSearchStore.Criteria criteria(String text, String customer) {
        return new RequestSearchStore.Criteria(null, null, customer, null, null, null, null, null, text);
    }

    static List<String> refs(RequestSearchStore search, String text, String customer) {
        return RequestSearchMigrationTest.refs(search, criteria(text, customer));
    }
}
