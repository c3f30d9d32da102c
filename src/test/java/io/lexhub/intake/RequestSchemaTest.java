package io.lexhub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import io.lexhub.model.Customer;
import io.lexhub.model.DataSensitivity;
import io.lexhub.model.DeploymentScale;
import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.ExceptionType;
import io.lexhub.model.Person;
import io.lexhub.model.Terms;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The published schema must stay in step with the model and keep its safety limits. */
class RequestSchemaTest {

    final JsonNode schema;

    RequestSchemaTest() throws IOException {
        schema = new ObjectMapper().readTree(Path.of("config/schema/request.schema.json").toFile());
    }

    static List<String> components(Class<? extends Record> type) {
        return Stream.of(type.getRecordComponents()).map(c -> c.getName()).toList();
    }

    static List<String> names(JsonNode properties) {
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static <E extends Enum<E>> List<String> enumNames(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
    }

    @Test
    void isAValidDraft202012Schema() {
        var metaSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        assertThat(metaSchema.validate(schema)).isEmpty();
        assertThat(schema.path("$id").asText()).startsWith("https://");
        assertThat(schema.path("description").asText()).isNotBlank();
    }

    @Test
    void fieldNamesMatchTheModel() {
        JsonNode p = schema.path("properties");
        assertThat(names(p)).containsExactlyElementsOf(components(ExceptionRequest.class));
        assertThat(names(p.path("customer").path("properties"))).containsExactlyElementsOf(components(Customer.class));
        assertThat(names(p.path("terms").path("properties"))).containsExactlyElementsOf(components(Terms.class));
        assertThat(names(schema.path("$defs").path("person").path("properties"))).containsExactlyElementsOf(components(Person.class));
    }

    @Test
    void enumsMatchTheModel() {
        JsonNode p = schema.path("properties");
        assertThat(texts(p.path("type").path("enum"))).isEqualTo(enumNames(ExceptionType.class));
        assertThat(texts(p.path("dataSensitivity").path("enum"))).isEqualTo(enumNames(DataSensitivity.class));
        assertThat(texts(p.path("deploymentScale").path("enum"))).isEqualTo(enumNames(DeploymentScale.class));
    }

    @Test
    void requiredFields() {
        JsonNode p = schema.path("properties");
        assertThat(texts(schema.path("required")))
                .containsExactlyInAnyOrder("customer", "requester", "product", "type", "terms", "justification", "revenueImpact");
        assertThat(texts(p.path("customer").path("required"))).containsExactlyInAnyOrder("id", "name", "contactEmail");
        assertThat(texts(schema.path("$defs").path("person").path("required"))).containsExactlyInAnyOrder("name", "email");
        assertThat(texts(p.path("terms").path("required"))).containsExactly("start");
    }

    @Test
    void everyObjectIsClosedEveryStringListAndNumberIsBoundedAndEveryFieldDocumented() {
        List<String> problems = new ArrayList<>();
        check(schema, "$", problems);
        assertThat(problems).isEmpty();
    }

    private static void check(JsonNode node, String at, List<String> problems) {
        String type = node.path("type").asText();
        if (type.equals("object") && !node.path("additionalProperties").isBoolean()) problems.add(at + " is open");
        if (type.equals("string") && !node.has("maxLength") && !node.has("enum")) problems.add(at + " has no maxLength");
        if (type.equals("array") && !node.has("maxItems")) problems.add(at + " has no maxItems");
        // RequestParser takes these bounds from here (NumberBounds); decimal places are a multipleOf 0.01-style step
        if ((type.equals("number") || type.equals("integer")) && !(node.has("minimum") && node.has("maximum"))) problems.add(at + " has no range");
        if (type.equals("number") && !node.path("multipleOf").asText().matches("1|0\\.0*1")) problems.add(at + " has no decimal places (multipleOf)");
        node.path("properties").fields().forEachRemaining(e -> {
            if (!e.getValue().has("description")) problems.add(at + "." + e.getKey() + " has no description");
            check(e.getValue(), at + "." + e.getKey(), problems);
        });
        if (node.has("items")) check(node.path("items"), at + "[]", problems);
        node.path("$defs").fields().forEachRemaining(e -> check(e.getValue(), at + ".$defs." + e.getKey(), problems));
    }
}
