package io.lexhub.validation;

import io.lexhub.support.TestPolicies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.lexhub.intake.ParsedRequest;
import io.lexhub.intake.RequestParser;
import io.lexhub.model.Customer;
import io.lexhub.model.DataSensitivity;
import io.lexhub.model.DeploymentScale;
import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.ExceptionType;
import io.lexhub.model.Issue;
import io.lexhub.model.Person;
import io.lexhub.model.Terms;
import io.lexhub.model.ValidationResult;
import io.lexhub.model.ValidationResult.Verdict;
import io.lexhub.policy.Policy;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestValidatorTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 24);
    static final LocalDate START = LocalDate.of(2027, 2, 1);
    static final Customer CUSTOMER =
            new Customer("CUST-1", "Northwind Health Partners", "it@northwind-health.example", "northwind-health.example");

    final RequestValidator validator = new RequestValidator();
    final Policy policy = TestPolicies.standardTypes();

    static Terms seats(Integer seats, LocalDate start, LocalDate end, Integer days) {
        return new Terms(seats, null, start, end, days, null, null, null);
    }

    static ExceptionRequest request(ExceptionType type, Terms terms) {
        return request(type, terms, CUSTOMER);
    }

    static ExceptionRequest request(ExceptionType type, Terms terms, Customer customer) {
        return new ExceptionRequest("REF-1", customer, new Person("Ann Lee", "ann.lee@northwind-health.example"), null,
                null, "Meridian Data Platform", "Enterprise", type, terms, "Needed for a migration.",
                new BigDecimal("50000"), "EUR", DataSensitivity.INTERNAL, DeploymentScale.MEDIUM, null, null, null, null);
    }

    ValidationResult validate(ExceptionRequest r) {
        return validator.validate(new ParsedRequest(r, List.of()), policy, TODAY, ConflictLookup.NONE);
    }

    ValidationResult validate(Terms terms) {
        return validate(request(ExceptionType.EXTRA_SEATS, terms));
    }

    // ---------------------------------------------------------------- examples end to end

    static ValidationResult validateExample(String name, ConflictLookup lookup) throws IOException {
        Path file = Path.of("examples/requests", name);
        ParsedRequest parsed = new RequestParser(Path.of("config/schema/request.schema.json"))
                .parse(Files.readAllBytes(file), name);
        return new RequestValidator().validate(parsed, TestPolicies.standardTypes(), TODAY, lookup);
    }

    @ParameterizedTest
    @ValueSource(strings = {"volume-discount.json", "renewal-temporary-access.yaml", "migration-extra-seats.json",
            "pilot-feature-unlock.yaml", "territory-rights.json"})
    void validExamplesAreAccepted(String name) throws IOException {
        ValidationResult result = validateExample(name, ConflictLookup.NONE);
        assertThat(result.issues()).as(name).isEmpty();
        assertThat(result.verdict()).isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void missingDataExampleNeedsInfo() throws IOException {
        ValidationResult result = validateExample("missing-data.json", ConflictLookup.NONE);

        assertThat(result.verdict()).isEqualTo(Verdict.NEEDS_INFO);
        assertThat(result.issues()).extracting(Issue::field)
                .containsExactly("customer.contactEmail", "justification", "terms.end");
        assertThat(result.issues()).allMatch(i -> i.kind() == Issue.Kind.MISSING);
    }

    @Test
    void conflictingTermsExampleIsRejected() throws IOException {
        ValidationResult result = validateExample("conflicting-terms.json", ConflictLookup.NONE);

        assertThat(result.verdict()).isEqualTo(Verdict.REJECTED);
        assertThat(result.issues()).extracting(Issue::field, Issue::code).containsExactlyInAnyOrder(
                tuple("terms.discountPercent", "not-allowed"), tuple("terms.durationDays", "conflict"));
    }

    // ---------------------------------------------------------------- period

    @Test
    void completePeriodIsAccepted() {
        assertThat(validate(seats(10, START, null, 90)).verdict()).isEqualTo(Verdict.ACCEPTED);
        assertThat(validate(seats(10, START, START.plusDays(89), null)).verdict()).isEqualTo(Verdict.ACCEPTED);
        assertThat(validate(seats(10, START, START.plusDays(89), 90)).verdict()).isEqualTo(Verdict.ACCEPTED);
        assertThat(validate(seats(10, START, START, null)).verdict()).as("one-day period").isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void endOrDurationIsRequired() {
        ValidationResult result = validate(seats(10, START, null, null));

        assertThat(result.verdict()).isEqualTo(Verdict.NEEDS_INFO);
        assertThat(result.issues()).singleElement().satisfies(i -> {
            assertThat(i.kind()).isEqualTo(Issue.Kind.MISSING);
            assertThat(i.field()).isEqualTo("terms.end");
            assertThat(i.message()).contains("terms.end", "terms.durationDays");
        });
    }

    @Test
    void endAndDurationMustAgree() {
        ValidationResult result = validate(seats(10, START, LocalDate.of(2027, 4, 30), 60));

        assertThat(result.verdict()).isEqualTo(Verdict.REJECTED);
        assertThat(result.issues()).singleElement().satisfies(i -> {
            assertThat(i.field()).isEqualTo("terms.durationDays");
            assertThat(i.code()).isEqualTo("conflict");
            assertThat(i.message()).isEqualTo("terms.durationDays (60) does not match the period from terms.start"
                    + " (2027-02-01) to terms.end (2027-04-30), which is 89 days counting both ends. Please give only"
                    + " one of terms.end and terms.durationDays, or make them agree.");
        });
    }

    @Test
    void endBeforeStart() {
        ValidationResult result = validate(seats(10, START, START.minusDays(1), null));

        assertThat(result.issues()).extracting(Issue::field, Issue::code).containsExactly(tuple("terms.end", "end-before-start"));
        assertThat(result.issues().get(0).message()).startsWith("terms.end (2027-01-31) is before terms.start (2027-02-01)");
    }

    @Test
    void endBeforeStartDoesNotHideTheDurationChecks() {
        // seven years claimed, and an end before the start: every defect at once
        ValidationResult result = validate(seats(10, START, START.minusDays(31), 2555));

        assertThat(result.verdict()).isEqualTo(Verdict.REJECTED);
        assertThat(result.issues()).extracting(Issue::field, Issue::code).containsExactlyInAnyOrder(
                tuple("terms.end", "end-before-start"), tuple("terms.durationDays", "conflict"), tuple("terms.durationDays", "above-limit"));
        assertThat(result.issues()).filteredOn(i -> i.code().equals("conflict")).singleElement()
                .satisfies(i -> assertThat(i.message()).doesNotContain("-30 days"));
        assertThat(result.issues()).filteredOn(i -> i.code().equals("above-limit")).singleElement()
                .satisfies(i -> assertThat(i.message()).startsWith("The requested period is 2555 days"));
    }

    @Test
    void disagreeingLengthsAreEachCheckedAgainstTheLimit() {
        ValidationResult result = validate(seats(10, START, START.plusDays(399), 2000));

        assertThat(result.issues()).extracting(Issue::field, Issue::code).containsExactlyInAnyOrder(tuple("terms.durationDays", "conflict"),
                tuple("terms.end", "above-limit"), tuple("terms.durationDays", "above-limit"));
    }

    @Test
    void aBackdatedStartNeedsAReasonAndStaysWithinThePolicysLimit() {
        LocalDate tenDaysAgo = TODAY.minusDays(10);
        ValidationResult noReason = validate(seats(10, tenDaysAgo, null, 60));
        assertThat(noReason.verdict()).isEqualTo(Verdict.NEEDS_INFO);
        assertThat(noReason.issues()).singleElement().satisfies(i -> {
            assertThat(i.field()).isEqualTo("backdateReason");
            assertThat(i.message()).contains("2026-11-14", "10 days in the past");
        });

        assertThat(validate(withReason(seats(10, tenDaysAgo, null, 60), "Order stuck in the customer's year-end freeze")).verdict())
                .isEqualTo(Verdict.ACCEPTED);

        ValidationResult tooFar = validate(withReason(seats(10, TODAY.minusDays(31), null, 60), "late"));
        assertThat(tooFar.issues()).extracting(Issue::field, Issue::code).containsExactly(tuple("terms.start", "too-far-back"));
        assertThat(tooFar.issues().get(0).message()).contains("31 days in the past", "at most 30 days", "on or after 2026-10-25");
    }

    @Test
    void withoutAPeriodSectionNothingMayBeBackdated() {
        Policy noPeriod = new Policy("p", policy.exceptionTypes(), null, null, null, null, null, null, null, null);
        ValidationResult r = validator.validate(new ParsedRequest(withReason(seats(10, TODAY.minusDays(1), null, 60), "x"), List.of()),
                noPeriod, TODAY, ConflictLookup.NONE);

        assertThat(r.issues()).extracting(Issue::code).containsExactly("too-far-back");
        assertThat(r.issues().get(0).message()).contains("cannot start before the day it is requested (2026-11-24)");
    }

    static ExceptionRequest withReason(Terms terms, String reason) {
        ExceptionRequest r = request(ExceptionType.EXTRA_SEATS, terms);
        return new ExceptionRequest(r.clientRequestId(), r.customer(), r.requester(), r.accountOwner(), r.beneficiaries(), r.product(),
                r.edition(), r.type(), r.terms(), r.justification(), r.revenueImpact(), r.currency(), r.dataSensitivity(),
                r.deploymentScale(), r.evidence(), r.renews(), reason, r.language());
    }

    @Test
    void endInThePast() {
        ValidationResult explicit = validate(withReason(seats(10, LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 23), null), "late"));
        ValidationResult derived = validate(withReason(seats(10, LocalDate.of(2026, 10, 1), null, 30), "late"));

        assertThat(explicit.issues()).extracting(Issue::field, Issue::code).containsExactly(tuple("terms.end", "in-past"));
        assertThat(explicit.issues().get(0).message()).contains("2026-11-23", "is in the past", "today (2026-11-24)");
        // the start is also too far back: both are listed
        assertThat(derived.issues()).extracting(Issue::field, Issue::code)
                .containsExactly(tuple("terms.end", "in-past"), tuple("terms.start", "too-far-back"));
        assertThat(derived.issues().get(0).message()).contains("ends on 2026-10-30");
        // ending today is fine; a period that started in the past (with its reason) but is still running is fine too
        assertThat(validate(withReason(seats(10, LocalDate.of(2026, 11, 1), TODAY, null), "late")).verdict()).isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void startAtMostAYearAhead() {
        assertThat(validate(seats(10, TODAY.plusDays(365), null, 30)).verdict()).isEqualTo(Verdict.ACCEPTED);

        ValidationResult result = validate(seats(10, TODAY.plusDays(366), null, 30));
        assertThat(result.issues()).extracting(Issue::field, Issue::code).containsExactly(tuple("terms.start", "too-far-ahead"));
        assertThat(result.issues().get(0).message()).contains("2027-11-25", "365 days", "on or before 2027-11-24");
    }

    @Test
    void durationAboveTheTypeLimitNamesTheLimit() {
        ValidationResult byDays = validate(seats(10, START, null, 366));
        ValidationResult byEnd = validate(seats(10, START, START.plusDays(400), null));

        assertThat(byDays.issues()).extracting(Issue::field, Issue::code)
                .containsExactly(tuple("terms.durationDays", "above-limit"));
        assertThat(byDays.issues().get(0).message()).isEqualTo("The requested period is 366 days; EXTRA_SEATS exceptions"
                + " can last at most 365 days. Please shorten the period; a renewal can be requested before it ends.");
        assertThat(byEnd.issues()).extracting(Issue::field).containsExactly("terms.end");
        assertThat(validate(seats(10, START, null, 365)).verdict()).isEqualTo(Verdict.ACCEPTED);
    }

    // ---------------------------------------------------------------- type rules

    @Test
    void requiredTermsOfTheType() {
        ValidationResult result = validate(seats(null, START, null, 30));

        assertThat(result.verdict()).isEqualTo(Verdict.NEEDS_INFO);
        assertThat(result.issues()).singleElement().satisfies(i -> {
            assertThat(i.field()).isEqualTo("terms.seats");
            assertThat(i.kind()).isEqualTo(Issue.Kind.MISSING);
            assertThat(i.message()).isEqualTo("terms.seats is required for EXTRA_SEATS requests; please add the number of seats needed.");
        });
        Terms noFeatures = new Terms(null, null, START, null, 30, List.of(), List.of(), null);
        assertThat(validate(request(ExceptionType.FEATURE_UNLOCK, noFeatures)).issues()).extracting(Issue::field)
                .containsExactly("terms.features");
    }

    @Test
    void requiredEndIsAskedForOnlyOnce() {
        Terms terms = new Terms(null, null, START, null, null, null, null, null);
        assertThat(validate(request(ExceptionType.TERM_EXTENSION, terms)).issues()).extracting(Issue::field)
                .containsExactly("terms.end");
    }

    @Test
    void forbiddenTermsOfTheType() {
        Terms terms = new Terms(10, new BigDecimal("15"), START, null, 30, null, null, null);
        ValidationResult result = validate(request(ExceptionType.EXTRA_SEATS, terms));

        assertThat(result.verdict()).isEqualTo(Verdict.REJECTED);
        assertThat(result.issues()).singleElement().satisfies(i -> {
            assertThat(i.field()).isEqualTo("terms.discountPercent");
            assertThat(i.code()).isEqualTo("not-allowed");
            assertThat(i.message()).startsWith("terms.discountPercent is not allowed for EXTRA_SEATS requests; please remove it");
        });
    }

    @Test
    void discountLimit() {
        Terms atLimit = new Terms(null, new BigDecimal("30.0"), START, null, 365, null, null, null);
        Terms above = new Terms(null, new BigDecimal("30.5"), START, null, 365, null, null, null);

        assertThat(validate(request(ExceptionType.DISCOUNT, atLimit)).verdict()).isEqualTo(Verdict.ACCEPTED);
        ValidationResult result = validate(request(ExceptionType.DISCOUNT, above));
        assertThat(result.issues()).extracting(Issue::field, Issue::code)
                .containsExactly(tuple("terms.discountPercent", "above-limit"));
        assertThat(result.issues().get(0).message())
                .isEqualTo("terms.discountPercent (30.5%) is above the 30% that a DISCOUNT exception can grant; please lower it.");
    }

    @Test
    void seatLimit() {
        assertThat(validate(seats(500, START, null, 30)).verdict()).isEqualTo(Verdict.ACCEPTED);
        ValidationResult result = validate(seats(501, START, null, 30));
        assertThat(result.issues()).extracting(Issue::field, Issue::code).containsExactly(tuple("terms.seats", "above-limit"));
        assertThat(result.issues().get(0).message()).contains("501", "500 seats");
    }

    @Test
    void typeNotInThePolicy() {
        Policy onlySeats = TestPolicies.withTypes(Map.of(ExceptionType.EXTRA_SEATS, TestPolicies.rule(List.of(), List.of(), 90, null, null)));
        Terms terms = new Terms(null, new BigDecimal("10"), START, null, 30, null, null, null);
        ValidationResult result = validator.validate(new ParsedRequest(request(ExceptionType.DISCOUNT, terms), List.of()),
                onlySeats, TODAY, ConflictLookup.NONE);

        assertThat(result.issues()).extracting(Issue::field, Issue::code).containsExactly(tuple("type", "not-offered"));
        assertThat(result.issues().get(0).message()).contains("DISCOUNT", "test-1");
    }

    @Test
    void unknownTermInThePolicyIsAPolicyError() {
        Policy broken = TestPolicies.withTypes(Map.of(ExceptionType.EXTRA_SEATS, TestPolicies.rule(List.of("seatz"), List.of(), 90, null, null)));
        ParsedRequest parsed = new ParsedRequest(request(ExceptionType.EXTRA_SEATS, seats(1, START, null, 30)), List.of());

        assertThatThrownBy(() -> validator.validate(parsed, broken, TODAY, ConflictLookup.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seatz");
    }

    // ---------------------------------------------------------------- customer

    @Test
    void contactEmailMustBeInTheCustomerDomain() {
        Customer other = new Customer("CUST-1", "Northwind", "ann.lee@freemail.example", "northwind-health.example");
        Customer lookalike = new Customer("CUST-1", "Northwind", "a@evilnorthwind-health.example", "northwind-health.example");
        Customer subdomain = new Customer("CUST-1", "Northwind", "a@mail.northwind-health.example", "northwind-health.example");
        Customer noDomain = new Customer("CUST-1", "Northwind", "ann.lee@freemail.example", null);
        Terms terms = seats(10, START, null, 30);

        ValidationResult result = validate(request(ExceptionType.EXTRA_SEATS, terms, other));
        assertThat(result.issues()).extracting(Issue::field, Issue::code).containsExactly(tuple("customer.contactEmail", "conflict"));
        assertThat(result.issues().get(0).message()).isEqualTo("customer.contactEmail (ann.lee@freemail.example) is not in"
                + " the customer's domain northwind-health.example (customer.domain); please give a contact address at"
                + " northwind-health.example, or correct customer.domain.");
        assertThat(validate(request(ExceptionType.EXTRA_SEATS, terms, lookalike)).verdict()).isEqualTo(Verdict.REJECTED);
        assertThat(validate(request(ExceptionType.EXTRA_SEATS, terms, subdomain)).verdict()).isEqualTo(Verdict.ACCEPTED);
        assertThat(validate(request(ExceptionType.EXTRA_SEATS, terms, noDomain)).verdict()).isEqualTo(Verdict.ACCEPTED);
    }

    // ---------------------------------------------------------------- conflicts

    @Test
    void eachOverlappingExceptionIsAConflict() {
        List<Object[]> calls = new ArrayList<>();
        ConflictLookup lookup = (customerId, product, start, end) -> {
            calls.add(new Object[] {customerId, product, start, end});
            return List.of(
                    new ExistingException("LX-2027-0042", "APPROVED", "EXTRA_SEATS", LocalDate.of(2027, 1, 1), LocalDate.of(2027, 3, 31)),
                    new ExistingException("LX-2027-0051", "PENDING_APPROVAL", "TEMPORARY_ACCESS", LocalDate.of(2027, 4, 1), null));
        };
        ParsedRequest parsed = new ParsedRequest(request(ExceptionType.EXTRA_SEATS, seats(10, START, null, 90)), List.of());

        ValidationResult result = validator.validate(parsed, policy, TODAY, lookup);

        assertThat(calls).singleElement().isEqualTo(
                new Object[] {"CUST-1", "Meridian Data Platform", START, LocalDate.of(2027, 5, 1)});
        assertThat(result.verdict()).isEqualTo(Verdict.REJECTED);
        assertThat(result.issues()).extracting(Issue::field, Issue::code)
                .containsExactly(tuple("terms", "conflict"), tuple("terms", "conflict"));
        assertThat(result.issues().get(0).message()).isEqualTo("This request overlaps exception LX-2027-0042 (APPROVED,"
                + " EXTRA_SEATS, 2027-01-01 to 2027-03-31) for the same customer and product. Please amend or renew"
                + " LX-2027-0042 instead, or choose a period that does not overlap it.");
        assertThat(result.issues().get(1).message()).contains("LX-2027-0051", "PENDING_APPROVAL", "TEMPORARY_ACCESS", "2027-04-01");
    }

    @Test
    void conflictsAreLookedUpOnlyWhenCustomerProductAndPeriodAreKnown() {
        ConflictLookup mustNotBeCalled = (c, p, s, e) -> {
            throw new AssertionError("lookup called for " + c + " " + p + " " + s + " " + e);
        };
        Customer noId = new Customer(null, "Northwind", "it@northwind-health.example", null);
        ExceptionRequest noProduct = new ExceptionRequest(null, CUSTOMER, null, null, null, null, null,
                ExceptionType.EXTRA_SEATS, seats(10, START, null, 30), "x", BigDecimal.ONE, null, null, null, null, null, null, null);
        List<ExceptionRequest> incomplete = List.of(
                request(ExceptionType.EXTRA_SEATS, seats(10, START, null, null)),
                request(ExceptionType.EXTRA_SEATS, seats(10, null, START, null)),
                request(ExceptionType.EXTRA_SEATS, seats(10, START, START.minusDays(3), null)),
                request(ExceptionType.EXTRA_SEATS, seats(10, START, START.plusDays(9), 30)),
                request(ExceptionType.EXTRA_SEATS, null),
                request(ExceptionType.EXTRA_SEATS, seats(10, START, null, 30), noId),
                request(ExceptionType.EXTRA_SEATS, seats(10, START, null, 30), null),
                noProduct);

        for (ExceptionRequest r : incomplete) {
            validator.validate(new ParsedRequest(r, List.of()), policy, TODAY, mustNotBeCalled);
        }
        // a null lookup means: no store to ask
        assertThat(validator.validate(new ParsedRequest(request(ExceptionType.EXTRA_SEATS, seats(10, START, null, 30)),
                List.of()), policy, TODAY, null).verdict()).isEqualTo(Verdict.ACCEPTED);
    }

    // ---------------------------------------------------------------- verdict and parse issues

    @Test
    void parseIssuesComeFirstAndAreNotRepeated() {
        Issue badEnd = Issue.invalid("terms.end", "format", "terms.end must be a calendar date written YYYY-MM-DD.");
        ParsedRequest parsed = new ParsedRequest(request(ExceptionType.EXTRA_SEATS, seats(10, START, null, null)), List.of(badEnd));

        ValidationResult result = validator.validate(parsed, policy, TODAY, ConflictLookup.NONE);

        assertThat(result.issues()).containsExactly(badEnd);
        assertThat(result.verdict()).isEqualTo(Verdict.REJECTED);
    }

    @Test
    void anyInvalidRejectsAndListsEveryIssue() {
        Issue missingJustification = Issue.missing("justification", "justification is required; please add it.");
        ParsedRequest parsed = new ParsedRequest(
                request(ExceptionType.EXTRA_SEATS, new Terms(null, BigDecimal.TEN, START, null, 30, null, null, null)),
                List.of(missingJustification));

        ValidationResult result = validator.validate(parsed, policy, TODAY, ConflictLookup.NONE);

        assertThat(result.verdict()).isEqualTo(Verdict.REJECTED);
        assertThat(result.issues()).extracting(Issue::field, Issue::kind).containsExactly(
                tuple("justification", Issue.Kind.MISSING),
                tuple("terms.seats", Issue.Kind.MISSING),
                tuple("terms.discountPercent", Issue.Kind.INVALID));
    }

    @Test
    void onlyMissingNeedsInfo() {
        Customer noContact = new Customer("CUST-1", "Northwind", null, "northwind-health.example");
        ValidationResult result = validate(request(ExceptionType.EXTRA_SEATS, seats(null, START, null, null), noContact));

        assertThat(result.verdict()).isEqualTo(Verdict.NEEDS_INFO);
        assertThat(result.issues()).extracting(Issue::field).containsExactly("terms.end", "terms.seats");
    }

    @Test
    void requestWithoutTermsOrTypeStillValidates() {
        ExceptionRequest r = request(null, null);
        Issue missingTerms = Issue.missing("terms", "terms is required.");
        Issue missingType = Issue.missing("type", "type is required.");

        ValidationResult result = validator.validate(new ParsedRequest(r, List.of(missingTerms, missingType)),
                policy, TODAY, ConflictLookup.NONE);

        assertThat(result.verdict()).isEqualTo(Verdict.NEEDS_INFO);
        assertThat(result.issues()).containsExactly(missingTerms, missingType);
    }
}
