package io.lexhub.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Atlassian Document Format, as far as the hub needs it: Cloud (REST v3) sends rich text fields
 * and comments as ADF documents and wants comments posted as one.
 */
public final class Adf {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Adf() {}

    /** A document of one paragraph per line of the text; an empty line is an empty paragraph. */
    public static ObjectNode document(String text) {
        ObjectNode doc = F.objectNode().put("type", "doc").put("version", 1);
        ArrayNode content = doc.putArray("content");
        for (String line : text.split("\n", -1)) {
            ObjectNode p = content.addObject().put("type", "paragraph");
            if (!line.isEmpty()) p.putArray("content").addObject().put("type", "text").put("text", line);
        }
        return doc;
    }

    /** The plain text of a field value: a string as it is, an ADF document's text with one line per block. */
    public static String text(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) return null;
        if (value.isTextual()) return value.asText();
        StringBuilder out = new StringBuilder();
        append(value, out);
        return out.toString().strip();
    }

    private static void append(JsonNode node, StringBuilder out) {
        String type = node.path("type").asText();
        if ("text".equals(type)) out.append(node.path("text").asText());
        else if ("hardBreak".equals(type)) out.append('\n');
        else if ("mention".equals(type)) out.append(node.path("attrs").path("text").asText());
        for (JsonNode child : node.path("content")) append(child, out);
        if (type.equals("paragraph") || type.equals("heading") || type.equals("listItem") || type.equals("codeBlock")) out.append('\n');
    }
}
