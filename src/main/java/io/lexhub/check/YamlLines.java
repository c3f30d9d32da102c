package io.lexhub.check;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Line numbers of the paths in a YAML document ({@code approval.tiers[2].levels[0]}), from the
 * parser's token locations, so a problem found on the bound data can point at its line.
 */
public final class YamlLines {

    private final Map<String, Integer> lines = new HashMap<>();

    private YamlLines() {}

    /** Indexes the document; a document that does not parse gives an empty index. */
    public static YamlLines of(String yaml) {
        YamlLines index = new YamlLines();
        try (YAMLParser p = new YAMLFactory().createParser(yaml)) {
            if (p.nextToken() != null) index.walk(p, "");
        } catch (IOException e) {
            // the loader reports the syntax error with its own line
        }
        return index;
    }

    private void walk(YAMLParser p, String path) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String child = path.isEmpty() ? p.currentName() : path + "." + p.currentName();
                lines.put(child, p.currentTokenLocation().getLineNr());
                p.nextToken();
                walk(p, child);
            }
        } else if (t == JsonToken.START_ARRAY) {
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                String child = path + "[" + i++ + "]";
                lines.put(child, p.currentTokenLocation().getLineNr());
                walk(p, child);
            }
        }
    }

    /**
     * The line of the deepest known prefix of {@code path}; 1 when nothing matches. Accepts the
     * policy checker's notation, where a label in parentheses follows an element and a space
     * separates nested parts: {@code approval.tiers[0] (T1) levels[0]}.
     */
    public int lineOf(String path) {
        String normal = path.replaceAll("\\s*\\([^)]*\\)", "").trim().replaceAll("\\s+", ".").replace(".[", "[");
        String candidate = normal;
        while (!candidate.isEmpty()) {
            Integer line = lines.get(candidate);
            if (line != null) return line;
            int cut = Math.max(candidate.lastIndexOf('.'), candidate.lastIndexOf('['));
            candidate = cut < 0 ? "" : candidate.substring(0, cut);
        }
        return 1;
    }
}
