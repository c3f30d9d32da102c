package io.lexhub.jira;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Atlassian Document Format as the hub writes it: Cloud (REST v3) wants comments posted as an ADF
 * document. Reading ADF is {@link io.lexhub.jira.text.AdfText}'s.
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
}
