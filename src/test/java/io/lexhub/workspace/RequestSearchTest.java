package io.lexhub.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.model.ExceptionType;
import io.lexhub.model.RequestState;
import io.lexhub.workspace.RequestSearch.Csv;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Requests page's parameters and its CSV cells, without a hub (the page itself: RequestsBrowserTest). */
class RequestSearchTest {

    static RequestSearch.Checked check(String... pairs) {
        Map<String, List<String>> params = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) params.computeIfAbsent(pairs[i], k -> new java.util.ArrayList<>()).add(pairs[i + 1]);
        return RequestSearch.check(params);
    }

    @Test
    void noParametersIsEverythingNewestFirst() {
        RequestSearch.Checked c = check();
        assertThat(c.errors()).isEmpty();
        assertThat(c.query()).isEqualTo(RequestSearch.Query.ALL);
        assertThat(c.form().href("/requests")).isEqualTo("/requests");
    }

    @Test
    void everyParameterIsTyped() {
        RequestSearch.Checked c = check("q", " Acme ", "state", "pending_approval", "type", "discount", "customer", "CUST-1", "product", "Meridian Data Platform",
                "tier", "T2", "channel", "MAIL", "from", "2027-03-01", "to", "2027-03-31", "sort", "customer", "order", "desc", "page", "2", "utm", "ignored");
        assertThat(c.errors()).isEmpty();
        RequestSearch.Query q = c.query();
        assertThat(q.text()).isEqualTo("Acme");
        assertThat(q.state()).isEqualTo(RequestState.PENDING_APPROVAL);
        assertThat(q.type()).isEqualTo(ExceptionType.DISCOUNT);
        assertThat(q.channel()).isEqualTo("mail");
        assertThat(q.from()).isEqualTo(LocalDate.of(2027, 3, 1));
        assertThat(q.sort()).isEqualTo(RequestSearch.SortKey.CUSTOMER);
        assertThat(q.descending()).isTrue();
        assertThat(q.page()).isEqualTo(2);
        // the links keep the search, in a fixed order, encoded; unknown parameters are dropped
        assertThat(c.form().page(3)).isEqualTo("/requests?q=Acme&state=pending_approval&type=discount&customer=CUST-1&product=Meridian+Data+Platform"
                + "&tier=T2&channel=MAIL&from=2027-03-01&to=2027-03-31&sort=customer&order=desc&page=3");
        assertThat(c.form().csv()).startsWith("/requests.csv?q=Acme&").doesNotContain("page=");
        // a column's header: the same column the other way round; another column in its usual order; from page 1
        assertThat(c.form().sortBy(q, RequestSearch.SortKey.CUSTOMER)).contains("sort=customer").doesNotContain("order=").doesNotContain("page=");
        assertThat(c.form().sortBy(q, RequestSearch.SortKey.RECEIVED)).doesNotContain("sort=").doesNotContain("order=");
        assertThat(RequestSearch.filters(c.form(), q)).hasSize(9).first().satisfies(f -> assertThat(f.without()).doesNotContain("q="));
    }

    @Test
    void whatIsWrongIsSaidByField() {
        RequestSearch.Checked c = check("state", "LOST", "type", "GIFT", "sort", "price", "order", "up", "channel", "fax", "from", "2027-02-30",
                "to", "31/03/2027", "page", "0", "tier", "T1;DROP", "q", "x".repeat(201), "customer", "a\nb");
        assertThat(c.query()).isNull();
        assertThat(c.errors()).containsOnlyKeys("state", "type", "sort", "order", "channel", "from", "to", "page", "tier", "q", "customer");
        assertThat(c.errors().get("state")).isEqualTo("Choose a state from the list");
        assertThat(c.errors().get("customer")).isEqualTo("The customer must be one line of text");
        assertThat(check("from", "2027-03-02", "to", "2027-03-01").errors()).containsOnlyKeys("to");
        assertThat(check("state", "APPROVED", "state", "DENIED").errors().get("state")).contains("once");
        assertThat(check("page", "1000000").errors()).containsOnlyKeys("page");
        // each word is an index lookup: ten at most, counted as the search counts them (a word another begins is not asked for again)
        assertThat(check("q", "a1 b2 c3 d4 e5 f6 g7 h8 i9 j10 k11").errors()).containsEntry("q", "The text must have 10 words or fewer");
        assertThat(check("customer", "a b c d e f g h i j k").errors()).containsEntry("customer", "The customer must have 10 words or fewer");
        assertThat(check("q", "a1 b2 c3 d4 e5 f6 g7 h8 i9 j10").errors()).isEmpty();
        assertThat(check("q", "em emea emea-rollout renewal renewals r e n e w a l").errors()).isEmpty();
    }

    @Test
    void aCellAFormulaWouldStartIsDefusedAndQuotedAsRfc4180Says() {
        assertThat(Csv.cell("plain")).isEqualTo("plain");
        assertThat(Csv.cell(null)).isEmpty();
        assertThat(Csv.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(Csv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Csv.cell("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(Csv.cell("=1+1")).isEqualTo("'=1+1");
        assertThat(Csv.cell("+1")).isEqualTo("'+1");
        assertThat(Csv.cell("-1")).isEqualTo("'-1");
        assertThat(Csv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(Csv.cell("\tx")).isEqualTo("'\tx");
        assertThat(Csv.cell("\rx")).isEqualTo("\"'\rx\"");
        assertThat(Csv.cell("=HYPERLINK(\"http://x\",\"y\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
        assertThat(Csv.cell("a=b")).isEqualTo("a=b");
        assertThat(Csv.line(List.of("a", "", "c,d"))).isEqualTo("a,,\"c,d\"\r\n");
    }
}
