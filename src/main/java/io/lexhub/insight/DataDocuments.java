package io.lexhub.insight;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What the readers of data documents sent by other systems (usage reports, billing lines) share:
 * the checks before a document is read, and one JSON reader with safe limits.
 */
final class DataDocuments {

    /** Shallow documents, short numbers, exact decimals: a double would turn 0.1 into 0.1000000000000000055... */
    static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(10).maxNumberLength(40).build()).build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private DataDocuments() {}

    /** The document's text, without surrounding blanks and byte-order mark; or what is wrong with it. */
    static Text text(byte[] content, int maxBytes) {
        if (content == null || content.length == 0) return Text.problem("the document is empty");
        if (content.length > maxBytes) return Text.problem("the document is larger than " + maxBytes + " bytes");
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString().strip();
        } catch (CharacterCodingException e) {
            return Text.problem("the document is not UTF-8 text");
        }
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        return text.isEmpty() ? Text.problem("the document is empty") : new Text(text, Optional.empty());
    }

    /** A document's text, or the one problem that keeps it from being read. */
    record Text(String value, Optional<String> problem) {
        static Text problem(String p) {
            return new Text(null, Optional.of(p));
        }
    }
}
