package io.lexhub.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.lexhub.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The published JSON Schemas of the events (src/main/resources/events/), as text and as validators. */
public final class EventSchemas {

    private final Map<EventType, String> texts = new EnumMap<>(EventType.class);
    private final Map<EventType, JsonSchema> schemas = new EnumMap<>(EventType.class);

    public EventSchemas() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        for (EventType t : EventType.values()) {
            try (InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(t.schemaResource())) {
                if (in == null) throw new IllegalStateException("no schema " + t.schemaResource());
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                texts.put(t, text);
                schemas.put(t, factory.getSchema(text, config));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The schema's text, as published. */
    public String text(EventType type) {
        return texts.get(type);
    }

    /** What is wrong with this body for its type (empty: it conforms). */
    public List<String> problems(EventType type, String body) {
        JsonNode node = Json.readTree(body);
        return schemas.get(type).validate(node).stream().map(ValidationMessage::getMessage).sorted().toList();
    }
}
