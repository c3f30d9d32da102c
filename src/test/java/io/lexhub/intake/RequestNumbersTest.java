package io.lexhub.intake;

import static io.lexhub.intake.RequestParserTest.SCHEMA;
import static io.lexhub.intake.RequestParserTest.validWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.Issue;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Numbers from outside are bounded before anything renders or computes with them: an exponent
 * such as 1e-400000 is nine characters that print as 400,000 digits.
 */
class RequestNumbersTest {

    /** short to write, huge written out: the document is refused, like one over any other safety limit */
    static final List<String> UNSAFE = List.of("1e-400000", "1E-400000", "1e400000", "1e-999999999", "1e999999999", "-1e400000", "1e41");
    /** readable numbers outside the field's range or decimal places: an issue of that field */
    static final List<String> OUT_OF_BOUNDS = List.of("99999999999999999999999999999999999999", "0.001", "-0.01", "1e20", "1E-39");

    static final List<String> NUMBER_FIELDS = List.of("revenueImpact", "terms.seats", "terms.discountPercent", "terms.durationDays");

    final RequestParser parser = new RequestParser(SCHEMA);

    static Stream<Arguments> unsafeNumbers() {
        return NUMBER_FIELDS.stream().flatMap(field -> UNSAFE.stream().map(n -> Arguments.of(field, n)));
    }

    static Stream<Arguments> outOfBoundsNumbers() {
        return NUMBER_FIELDS.stream().flatMap(field -> OUT_OF_BOUNDS.stream().map(n -> Arguments.of(field, n)));
    }

    /** The migration example with one number replaced by a literal, as JSON text. */
    static String jsonWith(String field, String literal) {
        String marker = "\"__number__\"";
        String doc = new String(validWith(r -> at(r, field).put(last(field), "__number__")), StandardCharsets.UTF_8);
        return doc.replace(marker, literal);
    }

    static ObjectNode at(ObjectNode root, String field) {
        return field.contains(".") ? root.with(field.substring(0, field.indexOf('.'))) : root;
    }

    static String last(String field) {
        return field.substring(field.lastIndexOf('.') + 1);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("unsafeNumbers")
    void aNumberTooLongToWriteOutRefusesTheDocumentNamingTheFieldAndItsRange(String field, String literal) {
        byte[] doc = jsonWith(field, literal).getBytes(StandardCharsets.UTF_8);
        MalformedRequestException e = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> catchThrowableOfType(() -> parser.parse(doc, "r.json"), MalformedRequestException.class));

        assertThat(e).as(literal).isNotNull();
        assertThat(e.problems()).singleElement().asString().startsWith(field + " must be a ")
                .contains(" from ", "; " + field + " is ", "no number of a request may have more than 40").hasSizeLessThan(300);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("outOfBoundsNumbers")
    void anOutOfBoundsNumberIsAnIssueNamingTheFieldAndItsRangeAndIsDropped(String field, String literal) {
        ParsedRequest parsed = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> parser.parse(jsonWith(field, literal).getBytes(StandardCharsets.UTF_8), "r.json"));

        assertThat(parsed.issues()).extracting(Issue::field).containsExactly(field);
        Issue issue = parsed.issues().get(0);
        assertThat(issue.message()).startsWith(field + " must be a ").contains(" from ").hasSizeLessThan(200);
        ExceptionRequest r = parsed.request();
        Object value = switch (field) {
            case "revenueImpact" -> r.revenueImpact();
            case "terms.seats" -> r.terms().seats();
            case "terms.discountPercent" -> r.terms().discountPercent();
            default -> r.terms().durationDays();
        };
        assertThat(value).isNull();
    }

    @Test
    void theMessagesSayTheRangeAndTheDecimalPlaces() {
        assertThat(catchThrowableOfType(() -> parser.parse(jsonWith("revenueImpact", "1e-400000").getBytes(StandardCharsets.UTF_8), "r.json"),
                MalformedRequestException.class).problems()).containsExactly("revenueImpact must be a number from 0 to 1000000000000 "
                + "with at most 2 decimal places; revenueImpact is 1E-400000, which written out has 400001 digits; "
                + "no number of a request may have more than 40.");
        assertThat(issue("revenueImpact", "12.345")).isEqualTo("revenueImpact must be a number from 0 to 1000000000000 "
                + "with at most 2 decimal places (12.345 was given).");
        assertThat(issue("terms.discountPercent", "100.5")).isEqualTo("terms.discountPercent must be a number from 0 to 100 "
                + "with at most 2 decimal places (100.5 was given).");
        assertThat(issue("terms.seats", "2.5")).isEqualTo("terms.seats must be a whole number from 1 to 1000000 (2.5 was given).");
        assertThat(issue("terms.durationDays", "1e5")).isEqualTo("terms.durationDays must be a whole number from 1 to 3650 (1E+5 was given).");
    }

    private String issue(String field, String literal) {
        return parser.parse(jsonWith(field, literal).getBytes(StandardCharsets.UTF_8), "r.json").issues().get(0).message();
    }

    @Test
    void numbersInRangeAreKeptInTheirPlainForm() {
        assertThat(revenue("1e3")).isEqualTo(new BigDecimal("1000"));
        assertThat(revenue("1e3").toPlainString()).isEqualTo("1000");
        assertThat(revenue("12.500")).isEqualTo(new BigDecimal("12.50"));
        assertThat(revenue("180000.00")).isEqualTo(new BigDecimal("180000.00"));
        assertThat(revenue("0e999999999")).isEqualTo(BigDecimal.ZERO);
        assertThat(revenue("1000000000000")).isEqualTo(new BigDecimal("1000000000000"));
        ParsedRequest seats = parser.parse(jsonWith("terms.seats", "2.0").getBytes(StandardCharsets.UTF_8), "r.json");
        assertThat(seats.issues()).isEmpty();
        assertThat(seats.request().terms().seats()).isEqualTo(2);
    }

    private BigDecimal revenue(String literal) {
        ParsedRequest parsed = parser.parse(jsonWith("revenueImpact", literal).getBytes(StandardCharsets.UTF_8), "r.json");
        assertThat(parsed.issues()).as(literal).isEmpty();
        return parsed.request().revenueImpact();
    }

    @Test
    void yamlNumbersAreBoundedTheSameWayAndNumbersAsTextAreNotNumbers() {
        for (String literal : List.of("1e-400000", "1.0e+400000")) {
            assertThatThrownBy(() -> parser.parse(yamlWith("revenueImpact: " + literal), "r.yaml")).as(literal)
                    .isInstanceOf(MalformedRequestException.class).hasMessageStartingWith("revenueImpact must be a number from 0");
        }
        ParsedRequest precise = parser.parse(yamlWith("revenueImpact: 0.001"), "r.yaml");
        assertThat(precise.issues()).extracting(Issue::field).containsExactly("revenueImpact");
        assertThat(precise.issues().get(0).message()).contains("at most 2 decimal places");
        ParsedRequest quoted = parser.parse(yamlWith("revenueImpact: \"1e-400000\""), "r.yaml");
        assertThat(quoted.issues()).singleElement().satisfies(i -> assertThat(i.message())
                .startsWith("revenueImpact must be a number, but it is a piece of text"));
        for (String literal : List.of(".nan", ".inf", "-.inf")) {
            assertThatThrownBy(() -> parser.parse(yamlWith("revenueImpact: " + literal), "r.yaml")).as(literal)
                    .isInstanceOf(MalformedRequestException.class).hasMessageContaining("Malformed numeric value");
        }
    }

    private static byte[] yamlWith(String revenueLine) {
        String yaml = """
                customer: {id: CUST-N, name: Numbers Ltd, contactEmail: it@numbers.example}
                requester: {name: Ann Example, email: ann@numbers.example}
                product: Meridian
                type: EXTRA_SEATS
                terms: {seats: 10, start: 2027-01-15, durationDays: 90}
                justification: Numbers
                """ + revenueLine + "\n";
        return yaml.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void jsonNaNAndAnOverlongLiteralAreRefusedAndTheLiteralIsNamed() {
        assertThatThrownBy(() -> parser.parse(jsonWith("revenueImpact", "NaN").getBytes(StandardCharsets.UTF_8), "r.json"))
                .isInstanceOf(MalformedRequestException.class).hasMessageContaining("NaN");
        String digits = "1".repeat(RequestParser.MAX_NUMBER_LENGTH + 1);
        assertThatThrownBy(() -> parser.parse(jsonWith("terms.seats", digits).getBytes(StandardCharsets.UTF_8), "r.json"))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageStartingWith("The request exceeds a safety limit at terms.seats: Number value length (41)");
    }

    @Test
    void aHostileNumberWhereTextBelongsRefusesTheDocumentBeforeTheSchemaLooksAtIt() {
        ObjectNode edited = (ObjectNode) read(jsonWith("revenueImpact", "96000"));
        edited.with("customer").put("name", "__n__");
        edited.with("terms").putArray("regions").add("DE").add("__n__");
        String text = edited.toString().replace("\"__n__\"", "1e-999999999");
        MalformedRequestException e = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> catchThrowableOfType(() -> parser.parse(text.getBytes(StandardCharsets.UTF_8), "r.json"), MalformedRequestException.class));
        assertThat(e.problems()).containsExactly(
                "customer.name is 1E-999999999, which written out has 1000000000 digits; no number of a request may have more than 40.",
                "terms.regions[1] is 1E-999999999, which written out has 1000000000 digits; no number of a request may have more than 40.");
        // a short number where text belongs is the schema's to report
        ParsedRequest parsed = parser.parse(validWith(r -> r.with("customer").put("name", 42)), "r.json");
        assertThat(parsed.issues()).extracting(Issue::field).containsExactly("customer.name");
    }

    private static com.fasterxml.jackson.databind.JsonNode read(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theParserTakesEveryBoundFromTheSchemaAndRefusesASchemaWithAnUnboundedNumber(@TempDir Path dir) throws Exception {
        var bounds = NumberBounds.of(new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .readTree(SCHEMA.toFile())).bounds();
        assertThat(bounds.keySet()).containsExactlyInAnyOrder("revenueImpact", "terms.seats", "terms.discountPercent", "terms.durationDays");
        assertThat(bounds.get("revenueImpact").decimals()).isEqualTo(2);
        assertThat(bounds.get("terms.seats").decimals()).isZero();

        Path unbounded = dir.resolve("schema.json");
        Files.writeString(unbounded, Files.readString(SCHEMA).replace("\"multipleOf\": 0.01", "\"multipleOf\": 0.5"));
        assertThatThrownBy(() -> new RequestParser(unbounded)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs a multipleOf such as 0.01");
        Files.writeString(unbounded, Files.readString(SCHEMA).replace("\"minimum\": 1, \"maximum\": 3650", "\"minimum\": 1"));
        assertThatThrownBy(() -> new RequestParser(unbounded)).isInstanceOf(IllegalStateException.class)
                .hasMessage("request schema: terms.durationDays needs a minimum and a maximum");
    }
}
