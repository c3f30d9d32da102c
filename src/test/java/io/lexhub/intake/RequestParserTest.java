package io.lexhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lexhub.model.DataSensitivity;
import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.ExceptionType;
import io.lexhub.model.Issue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestParserTest {

    static final Path SCHEMA = Path.of("config/schema/request.schema.json");
    static final Path EXAMPLES = Path.of("examples/requests");
    static final ObjectMapper JSON = new ObjectMapper();

    final RequestParser parser = new RequestParser(SCHEMA);

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(p -> !p.getFileName().toString().endsWith(".md")).sorted().toList().stream();
        }
    }

    static ParsedRequest parseFile(RequestParser parser, Path file) {
        try {
            return parser.parse(Files.readAllBytes(file), file.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A valid request (the migration example) with one edit applied, as JSON bytes. */
    static byte[] validWith(Consumer<ObjectNode> edit) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(EXAMPLES.resolve("migration-extra-seats.json").toFile());
            edit.accept(root);
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    MalformedRequestException malformed(String content, String hint) {
        return malformed(content.getBytes(StandardCharsets.UTF_8), hint);
    }

    MalformedRequestException malformed(byte[] content, String hint) {
        MalformedRequestException e = catchThrowableOfType(MalformedRequestException.class, () -> parser.parse(content, hint));
        assertThat(e).as("expected MalformedRequestException").isNotNull();
        assertThat(e.problems()).isNotEmpty().allSatisfy(p -> assertThat(p)
                .doesNotContain("Exception", "com.fasterxml", "\tat ", "\n", "REDACTED", "StreamReadConstraints"));
        return e;
    }

    // ---------------------------------------------------------------- examples

    @Test
    void examplesFolderHasAtLeastSevenRequests() throws IOException {
        assertThat(examples()).hasSizeGreaterThanOrEqualTo(7)
                .anyMatch(p -> p.toString().endsWith(".yaml"))
                .anyMatch(p -> p.toString().endsWith(".json"));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleParses(Path file) {
        ParsedRequest parsed = parseFile(parser, file);

        assertThat(parsed.request().customer().id()).startsWith("CUST-");
        assertThat(parsed.request().type()).isNotNull();
        assertThat(parsed.request().terms().start()).isBetween(LocalDate.of(2027, 1, 1), LocalDate.of(2027, 3, 1));
        if (!file.getFileName().toString().equals("missing-data.json")) {
            assertThat(parsed.issues()).as(file.toString()).isEmpty();
        }
    }

    @Test
    void examplesUseDistinctCustomers() throws IOException {
        assertThat(examples().map(f -> parseFile(parser, f).request().customer().id())).doesNotHaveDuplicates();
    }

    @Test
    void yamlExampleBindsEveryField() {
        ExceptionRequest r = parseFile(parser, EXAMPLES.resolve("pilot-feature-unlock.yaml")).request();

        assertThat(r.type()).isEqualTo(ExceptionType.FEATURE_UNLOCK);
        assertThat(r.terms().features()).containsExactly("advanced-analytics", "sso-scim");
        assertThat(r.terms().start()).isEqualTo(LocalDate.of(2027, 3, 1));
        assertThat(r.terms().effectiveDurationDays()).isEqualTo(60);
        assertThat(r.dataSensitivity()).isEqualTo(DataSensitivity.CONFIDENTIAL);
        assertThat(r.beneficiaries()).hasSize(3);
        assertThat(r.justification()).contains("\n").doesNotEndWith("\n");
        assertThat(r.accountOwner().email()).isEqualTo("kevin.liu@meridian-software.example");
    }

    @Test
    void missingDataExampleListsTheMissingFields() {
        ParsedRequest parsed = parseFile(parser, EXAMPLES.resolve("missing-data.json"));

        assertThat(parsed.issues()).extracting(Issue::field).containsExactly("customer.contactEmail", "justification");
        assertThat(parsed.issues()).allMatch(i -> i.kind() == Issue.Kind.MISSING);
        assertThat(parsed.issues().get(0).message()).contains("customer.contactEmail is required");
        assertThat(parsed.request().terms().seats()).isEqualTo(25);
    }

    @Test
    void brokenExampleIsMalformedWithLineAndColumn() throws IOException {
        MalformedRequestException e = malformed(Files.readAllBytes(Path.of("examples/malformed/broken.json")), "broken.json");

        assertThat(e.getMessage()).startsWith("The request is not well-formed JSON (line ").contains("column")
                .contains("end-of-input");
    }

    // ---------------------------------------------------------------- malformed input

    @Test
    void truncatedJson() {
        assertThat(malformed("{\"product\": \"Meridian\", \"terms\": {\"start\": ", "r.json").getMessage())
                .contains("not well-formed JSON (line 1, column");
    }

    @Test
    void emptyAndBlankDocuments() {
        assertThat(malformed(new byte[0], "r.json").getMessage()).isEqualTo("The request is empty.");
        assertThat(malformed("  \n\t ", "r.yaml").getMessage()).isEqualTo("The request is empty.");
        assertThat(malformed("# only a comment\n", "r.yaml").getMessage()).isEqualTo("The request is empty.");
        assertThatThrownBy(() -> parser.parse(null, null)).isInstanceOf(MalformedRequestException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1, 2]", "\"text\"", "42", "null", "- a\n- b\n", "just words"})
    void rootMustBeAnObject(String content) {
        assertThat(malformed(content, null).getMessage()).startsWith("The request must be a single object of named fields");
    }

    @Test
    void oversizedDocument() {
        RequestParser small = new RequestParser(SCHEMA, 1000);
        byte[] big = validWith(r -> r.put("justification", "x".repeat(2000)));

        assertThatThrownBy(() -> small.parse(big, "r.json")).isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("bytes long; the maximum is 1000 bytes");
    }

    @Test
    void overlongStringHitsTheSafetyLimit() {
        String doc = "{\"justification\": \"" + "x".repeat(RequestParser.MAX_STRING_LENGTH + 10) + "\"}";
        assertThat(malformed(doc, "r.json").getMessage()).startsWith("The request exceeds a safety limit")
                .contains("maximum allowed (100000)");
    }

    @Test
    void deeplyNestedJsonAndYaml() {
        String nested = "[".repeat(40) + "]".repeat(40);
        // 40 levels deep: the parser stops at 33, so the message says "deeper than 32", not "33"
        String expected = "The request exceeds a safety limit: it is nested deeper than 32 levels (objects and lists inside each other).";
        assertThat(malformed("{\"terms\": " + nested + "}", "r.json").getMessage()).isEqualTo(expected);
        assertThat(malformed("terms: " + nested + "\n", "r.yaml").getMessage()).isEqualTo(expected);
    }

    @Test
    void yamlAliasBombIsRefused() {
        String bomb = """
                a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
                b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
                c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
                d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
                """;
        assertThat(malformed(bomb, "r.yaml").getMessage())
                .isEqualTo("The request uses the YAML alias *a (line 2, column 10); aliases are not supported,"
                        + " please write the value out in full.");
    }

    @Test
    void anyYamlAliasIsRefusedBecauseJacksonWouldBindItsName() {
        assertThat(malformed("product: &p Meridian\nedition: *p\n", "r.yml").getMessage()).contains("alias *p");
        // in a list, and in a document without a file name (read as YAML by its content)
        assertThat(malformed("product: &p Meridian\nterms:\n  modules: [a, *p]\n", "r.yaml").getMessage()).contains("alias *p (line 3");
        // as a key, which the YAML parser itself refuses, in words that name a SnakeYAML class
        assertThat(malformed("product: &k edition\n*k : Enterprise\n", "r.yaml").getMessage()).startsWith("The request uses the YAML alias *k (line 2")
                .doesNotContain("snakeyaml");
        assertThat(malformed("product: &p Meridian\nedition: *p\n", null).getMessage()).contains("alias *p");
    }

    @Test
    void duplicateKeysInJsonAndYaml() {
        assertThat(malformed("{\"product\": \"A\",\n \"product\": \"B\"}", "r.json").getMessage())
                .isEqualTo("The request is not well-formed JSON (line 2, column 11): Duplicate field 'product'.");
        assertThat(malformed("product: A\nterms:\n  seats: 1\n  seats: 2\n", "r.yaml").getMessage())
                .contains("not well-formed YAML (line 4").contains("Duplicate field 'seats'");
    }

    @Test
    void invalidUtf8() {
        byte[] bytes = {'{', '"', 'p', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThat(malformed(bytes, "r.json").getMessage())
                .isEqualTo("The request is not valid UTF-8 text (invalid byte sequence at byte 7); please save it as UTF-8.");
    }

    @Test
    void utf16IsRefusedWithAHint() {
        byte[] utf16 = "{\"product\": \"x\"}".getBytes(StandardCharsets.UTF_16); // Java writes a BOM
        assertThat(malformed(utf16, "r.json").getMessage()).contains("UTF-16").contains("UTF-8");
    }

    @Test
    void utf8ByteOrderMarkIsAccepted() {
        byte[] body = validWith(r -> {});
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);

        assertThat(parser.parse(withBom, null).issues()).isEmpty();
    }

    @Test
    void badYamlSyntaxGivesLineAndColumn() {
        assertThat(malformed("product: Meridian\n  type: DISCOUNT\n", "r.yaml").getMessage())
                .isEqualTo("The request is not well-formed YAML (line 2, column 7): mapping values are not allowed here.");
    }

    @Test
    void onlyOneDocumentOrObject() {
        assertThat(malformed("{\"product\": \"A\"} {\"product\": \"B\"}", "r.json").getMessage())
                .contains("more content after the closing '}'");
        assertThat(malformed("product: A\n---\nproduct: B\n", "r.yaml").getMessage()).contains("more than one YAML document");
    }

    // ---------------------------------------------------------------- format detection

    @Test
    void formatComesFromHintOrContent() {
        byte[] json = validWith(r -> {});
        byte[] yaml = "product: Meridian\n".getBytes(StandardCharsets.UTF_8);

        assertThat(parser.parse(json, "application/json; charset=UTF-8").request().product()).isEqualTo("Meridian Data Platform");
        assertThat(parser.parse(json, null).issues()).isEmpty();
        assertThat(parser.parse(json, "upload.bin").issues()).isEmpty();
        assertThat(parser.parse(yaml, "application/yaml").request().product()).isEqualTo("Meridian");
        assertThat(parser.parse(yaml, "REQUEST.YML").request().product()).isEqualTo("Meridian");
        assertThat(parser.parse(yaml, "text/plain").request().product()).isEqualTo("Meridian");
        // a YAML document announced as JSON is read as JSON, and fails as such
        assertThat(malformed("product: Meridian\n", "r.json").getMessage()).contains("not well-formed JSON");
    }

    // ---------------------------------------------------------------- schema issues

    @Test
    void wrongTypeOnOneFieldIsInvalidAndTheRestStillBinds() {
        ParsedRequest parsed = parser.parse(validWith(r -> r.with("terms").put("seats", "one hundred fifty")), "r.json");

        assertThat(parsed.issues()).singleElement().satisfies(i -> {
            assertThat(i.kind()).isEqualTo(Issue.Kind.INVALID);
            assertThat(i.field()).isEqualTo("terms.seats");
            assertThat(i.code()).isEqualTo("type");
            assertThat(i.message()).isEqualTo("terms.seats must be a whole number, but it is a piece of text"
                    + " (\"one hundred fifty\" was given).");
        });
        ExceptionRequest r = parsed.request();
        assertThat(r.terms().seats()).isNull();
        assertThat(r.terms().durationDays()).isEqualTo(90);
        assertThat(r.customer().name()).isEqualTo("Harborview Retail Group Inc.");
        assertThat(r.revenueImpact()).isEqualByComparingTo("96000");
    }

    @Test
    void severalInvalidFieldsAreAllReportedAndDropped() {
        ParsedRequest parsed = parser.parse(validWith(r -> {
            r.put("type", "MORE_SEATS");
            r.put("currency", "dollars");
            r.put("revenueImpact", -5);
            r.with("terms").put("start", "2027-02-30");
            r.with("customer").put("contactEmail", "not-an-address");
            r.withArray("beneficiaries").add("nobody");
            r.withArray("evidence").add("see attached");
            r.put("priority", "urgent");
            r.with("terms").put("discountPercent", 120);
        }), "r.json");

        assertThat(parsed.issues()).extracting(Issue::field, Issue::code).containsExactly(
                org.assertj.core.groups.Tuple.tuple("beneficiaries[2]", "format"),
                org.assertj.core.groups.Tuple.tuple("currency", "pattern"),
                org.assertj.core.groups.Tuple.tuple("customer.contactEmail", "format"),
                org.assertj.core.groups.Tuple.tuple("evidence[2]", "format"),
                org.assertj.core.groups.Tuple.tuple("priority", "unknown-field"),
                org.assertj.core.groups.Tuple.tuple("revenueImpact", "minimum"),
                org.assertj.core.groups.Tuple.tuple("terms.discountPercent", "maximum"),
                org.assertj.core.groups.Tuple.tuple("terms.start", "format"),
                org.assertj.core.groups.Tuple.tuple("type", "enum"));
        assertThat(parsed.issues()).allMatch(i -> i.kind() == Issue.Kind.INVALID);
        assertThat(parsed.issues()).extracting(Issue::message).contains(
                "currency must be a three-letter ISO 4217 currency code such as EUR or USD (\"DOLLARS\" was given).",
                "terms.start must be a calendar date written YYYY-MM-DD, such as 2027-03-01 (\"2027-02-30\" was given).",
                "priority is not a field of a request; please check its spelling or remove it.",
                "terms.discountPercent must be a number from 0 to 100 with at most 2 decimal places (120 was given).");
        assertThat(parsed.issues()).filteredOn(i -> i.field().equals("type")).singleElement()
                .extracting(Issue::message).asString().contains("one of EXTRA_SEATS, TERM_EXTENSION, DISCOUNT");

        ExceptionRequest r = parsed.request();
        assertThat(r.type()).isNull();
        assertThat(r.currency()).isNull();
        assertThat(r.terms().start()).isNull();
        assertThat(r.terms().seats()).isEqualTo(150);
        assertThat(r.beneficiaries()).containsExactly(
                "bi-team@harborview-retail.example", "store-analytics@harborview-retail.example");
        assertThat(r.evidence()).hasSize(2);
        assertThat(r.customer().id()).isEqualTo("CUST-31560");
    }

    @Test
    void invalidArrayElementsAreRemovedWithoutShiftingOthers() {
        ParsedRequest parsed = parser.parse(validWith(r -> r.putArray("beneficiaries")
                .add("bad one").add("a@harborview-retail.example").add("bad two").add("b@harborview-retail.example")), "r.json");

        assertThat(parsed.issues()).extracting(Issue::field).containsExactly("beneficiaries[0]", "beneficiaries[2]");
        assertThat(parsed.request().beneficiaries())
                .containsExactly("a@harborview-retail.example", "b@harborview-retail.example");
    }

    @Test
    void wholeObjectOfWrongTypeIsDropped() {
        ParsedRequest parsed = parser.parse(validWith(r -> r.put("terms", "90 days from February")), "r.json");

        assertThat(parsed.issues()).singleElement().satisfies(i -> assertThat(i.message())
                .isEqualTo("terms must be a group of named fields, but it is a piece of text (\"90 days from February\" was given)."));
        assertThat(parsed.request().terms()).isNull();
    }

    @Test
    void tooLongAndTooManyAreReported() {
        ParsedRequest parsed = parser.parse(validWith(r -> {
            r.put("justification", "y".repeat(5001));
            var regions = r.with("terms").putArray("regions");
            for (int i = 0; i < 101; i++) regions.add("R" + i);
        }), "r.json");

        assertThat(parsed.issues()).extracting(Issue::message).containsExactly(
                "justification is too long (5001 characters); the maximum is 5000. Please shorten it.",
                "terms.regions has 101 entries; the maximum is 100.");
    }

    @Test
    void oneIssuePerFieldWithTheMostTellingMessage() {
        ParsedRequest parsed = parser.parse(validWith(r -> r.with("requester").put("email", "x".repeat(300))), "r.json");

        assertThat(parsed.issues()).singleElement().satisfies(i -> {
            assertThat(i.code()).isEqualTo("format");
            assertThat(i.message()).startsWith("requester.email must be a valid e-mail address").contains("x...");
        });
    }

    @Test
    void missingFieldsAreMissingIssues() {
        ParsedRequest parsed = parser.parse(validWith(r -> {
            r.remove("justification");
            r.remove("revenueImpact");
            r.with("requester").remove("email");
            r.with("terms").remove("start");
        }), "r.json");

        assertThat(parsed.issues()).allMatch(i -> i.kind() == Issue.Kind.MISSING && i.code().equals("missing"));
        assertThat(parsed.issues()).extracting(Issue::field)
                .containsExactly("justification", "requester.email", "revenueImpact", "terms.start");
        assertThat(parsed.issues()).extracting(Issue::message).contains(
                "terms.start is required; please add the first day the exception applies, as YYYY-MM-DD.",
                "requester.email is required; please add your work e-mail address.");
        assertThat(parsed.request().requester().name()).isEqualTo("Daniel Okafor");
    }

    @Test
    void nullAndBlankValuesCountAsMissing() {
        ParsedRequest parsed = parser.parse(validWith(r -> {
            r.putNull("justification");
            r.with("customer").put("name", "   ");
            r.put("edition", "\u202E");
        }), "r.json");

        assertThat(parsed.issues()).extracting(Issue::field, Issue::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("customer.name", Issue.Kind.MISSING),
                org.assertj.core.groups.Tuple.tuple("justification", Issue.Kind.MISSING));
        assertThat(parsed.request().edition()).isNull();
    }

    @Test
    void emptyObjectListsEveryRequiredField() {
        ParsedRequest parsed = parser.parse("{}".getBytes(StandardCharsets.UTF_8), "r.json");
        assertThat(parsed.issues()).extracting(Issue::field).containsExactly(
                "customer", "justification", "product", "requester", "revenueImpact", "terms", "type");
    }

    // ---------------------------------------------------------------- normalisation

    @Test
    void controlAndBidiCharactersAreStrippedAndCaseNormalised() {
        ParsedRequest parsed = parser.parse(validWith(r -> {
            r.with("customer").put("name", "  Harbor\u202Eview\u0000 Retail\u2066 \u2069 ");
            r.with("customer").put("contactEmail", " Software.Licensing@HARBORVIEW-Retail.example ");
            r.with("customer").put("domain", "HarborView-Retail.EXAMPLE");
            r.with("requester").put("name", "Daniel\nOkafor\u0007");
            r.put("justification", "\u202DFirst line\r\n\tindented\u0008 second\u200E line\n\n");
            r.putArray("beneficiaries").add("A@Harborview-Retail.example").add("a@harborview-retail.example ");
            r.put("type", "extra_seats");
            r.put("currency", "usd");
        }), "r.json");

        assertThat(parsed.issues()).isEmpty();
        ExceptionRequest r = parsed.request();
        assertThat(r.customer().name()).isEqualTo("Harborview Retail");
        assertThat(r.customer().contactEmail()).isEqualTo("software.licensing@harborview-retail.example");
        assertThat(r.customer().domain()).isEqualTo("harborview-retail.example");
        assertThat(r.requester().name()).isEqualTo("Daniel Okafor");
        assertThat(r.justification()).isEqualTo("First line\n\tindented second\u200E line");
        assertThat(r.beneficiaries()).containsExactly("a@harborview-retail.example");
        assertThat(r.type()).isEqualTo(ExceptionType.EXTRA_SEATS);
        assertThat(r.currency()).isEqualTo("USD");
    }

    @Test
    void unknownFieldNamesAreSanitisedInMessages() {
        ParsedRequest parsed = parser.parse(validWith(r -> r.put("evil\u202E" + "z".repeat(200), 1)), "r.json");

        assertThat(parsed.issues()).singleElement().satisfies(i -> assertThat(i.field())
                .doesNotContain("\u202E").hasSize(60 + 3).endsWith("..."));
    }

    @Test
    void yamlKeepsCountryCodesAndMoneyScale() {
        String yaml = """
                product: Meridian
                terms:
                  start: 2027-01-15
                  regions: [NO, "DE", on, Yes]
                revenueImpact: 180000.00
                """;
        ParsedRequest parsed = parser.parse(yaml.getBytes(StandardCharsets.UTF_8), "r.yaml");

        assertThat(parsed.request().terms().regions()).containsExactly("NO", "DE", "on", "Yes");
        assertThat(parsed.request().revenueImpact()).isEqualTo(new BigDecimal("180000.00"));
        assertThat(parsed.request().terms().start()).isEqualTo(LocalDate.of(2027, 1, 15));
    }

    @Test
    void schemaIsLoadedFromTheGivenPath() {
        assertThatThrownBy(() -> new RequestParser(Path.of("no/such/schema.json")))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("no/such/schema.json");
    }

    @Test
    void emailCheckAcceptsReservedDomainsAndRefusesNonsense() {
        for (String ok : List.of("a@b.example", "first.last+tag@sub.domain.test", "x_y@xn--bcher-kva.example")) {
            assertThat(parser.parse(validWith(r -> r.with("requester").put("email", ok)), "r.json").issues()).as(ok).isEmpty();
        }
        for (String bad : List.of("a@b", "a@@b.example", "a b@c.example", "@c.example", "a@-c.example", "a.@c.example")) {
            assertThat(parser.parse(validWith(r -> r.with("requester").put("email", bad)), "r.json").issues())
                    .as(bad).extracting(Issue::field).containsExactly("requester.email");
        }
    }
}
