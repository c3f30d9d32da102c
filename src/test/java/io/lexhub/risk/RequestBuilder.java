package io.lexhub.risk;

import io.lexhub.model.Customer;
import io.lexhub.model.DataSensitivity;
import io.lexhub.model.DeploymentScale;
import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.ExceptionType;
import io.lexhub.model.Person;
import io.lexhub.model.Terms;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Test helper: a harmless, complete request by default; each method changes one thing. */
public final class RequestBuilder {

    public static final String GOOD_JUSTIFICATION =
            "Customer onboarding a second subsidiary before the renewal; order form for the true-up is in progress.";

    private ExceptionType type = ExceptionType.EXTRA_SEATS;
    private Integer seats = 10;
    private BigDecimal discount;
    private LocalDate start = LocalDate.of(2026, 1, 1);
    private Integer days = 14;
    private LocalDate end;
    private boolean noTerms;
    private List<String> regions = List.of();
    private List<String> features = List.of();
    private String deployment;
    private String justification = GOOD_JUSTIFICATION;
    private BigDecimal revenue = new BigDecimal("2000");
    private DataSensitivity data = DataSensitivity.INTERNAL;
    private DeploymentScale scale = DeploymentScale.SMALL;
    private List<String> evidence = List.of("https://crm.example.com/opp/1");
    private List<String> beneficiaries = List.of("acme.example");
    private String backdateReason;

    public static RequestBuilder request() {
        return new RequestBuilder();
    }

    public RequestBuilder type(ExceptionType t) { type = t; return this; }
    public RequestBuilder seats(Integer n) { seats = n; return this; }
    public RequestBuilder discount(Object pct) { discount = pct == null ? null : new BigDecimal(pct.toString()); return this; }
    public RequestBuilder days(Integer n) { days = n; return this; }
    /** Period given as start and end (both inclusive) instead of a duration. */
    public RequestBuilder period(LocalDate from, LocalDate to) { start = from; days = null; end = to; return this; }
    public RequestBuilder regions(String... r) { regions = List.of(r); return this; }
    public RequestBuilder features(String... f) { features = List.of(f); return this; }
    public RequestBuilder deployment(String d) { deployment = d; return this; }
    public RequestBuilder justification(String j) { justification = j; return this; }
    public RequestBuilder revenue(Object amount) { revenue = amount == null ? null : new BigDecimal(amount.toString()); return this; }
    public RequestBuilder data(DataSensitivity d) { data = d; return this; }
    public RequestBuilder scale(DeploymentScale s) { scale = s; return this; }
    public RequestBuilder evidence(int n) {
        List<String> e = new ArrayList<>();
        for (int i = 0; i < n; i++) e.add("https://crm.example.com/doc/" + i);
        evidence = e;
        return this;
    }
    public RequestBuilder beneficiaries(int n) {
        List<String> b = new ArrayList<>();
        for (int i = 0; i < n; i++) b.add("subsidiary-" + i + ".example");
        beneficiaries = b;
        return this;
    }
    public RequestBuilder noTerms() { noTerms = true; return this; }
    public RequestBuilder backdateReason(String reason) { backdateReason = reason; return this; }
    public RequestBuilder start(LocalDate from) { start = from; return this; }

    public ExceptionRequest build() {
        Terms terms = noTerms ? null : new Terms(seats, discount, start, end, days, regions, features, deployment);
        return new ExceptionRequest("REQ-1", new Customer("C-1", "Acme", "it@acme.example", "acme.example"),
                new Person("Ann Requester", "ann@acme.example"), new Person("Otto Owner", "otto@vendor.example"),
                beneficiaries, "Lexicon Server", "Standard", type, terms, justification, revenue, "EUR", data, scale, evidence, null, backdateReason, null);
    }
}
