package io.lexhub.jira.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * ADF as plain text, on documents made of the examples of Atlassian's node and mark pages
 * (developer.atlassian.com/cloud/jira/platform/apis/document/nodes/..., src/test/resources/jira/adf).
 */
class AdfTextTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode fixture(String name) throws Exception {
        return JSON.readTree(Path.of("src/test/resources/jira/adf", name).toFile());
    }

    @Test
    void everyDocumentedNodeReadsAsWhatTheReaderSees() throws Exception {
        RichText r = AdfText.read(fixture("documented-nodes.json"));
        assertThat(r.text()).isEqualTo(Files.readString(Path.of("src/test/resources/jira/adf/documented-nodes.txt")).strip());
    }

    @Test
    void linksAreTheWebLinksInOrderEachOnce() throws Exception {
        assertThat(AdfText.read(fixture("documented-nodes.json")).links()).containsExactly(
                "http://atlassian.com",
                "https://jira.atlassian.com/browse/JRACLOUD-72220",
                "https://developer.atlassian.com/platform/atlassian-document-format/concepts/document-structure/nodes/media/#media",
                "https://atlassian.com",
                "https://www.youtube.com/watch?v=ZB_jADYBJwY");
    }

    @Test
    void aLinkSpanningSeveralTextNodesIsOneLinkAndALinkWhoseTextIsItsAddressIsTheAddress() throws Exception {
        JsonNode doc = JSON.readTree("""
                {"type":"doc","version":1,"content":[{"type":"paragraph","content":[
                  {"type":"text","text":"the ","marks":[{"type":"link","attrs":{"href":"https://x.example/plan"}}]},
                  {"type":"text","text":"migration plan","marks":[{"type":"strong"},{"type":"link","attrs":{"href":"https://x.example/plan"}}]},
                  {"type":"text","text":", "},
                  {"type":"text","text":"https://x.example/po","marks":[{"type":"link","attrs":{"href":"https://x.example/po"}}]},
                  {"type":"text","text":" and https://x.example/po again; mail "},
                  {"type":"text","text":"us","marks":[{"type":"link","attrs":{"href":"mailto:us@x.example"}}]}]}]}""");
        RichText r = AdfText.read(doc);
        assertThat(r.text()).isEqualTo("the migration plan (https://x.example/plan), https://x.example/po and https://x.example/po again; mail us (mailto:us@x.example)");
        assertThat(r.links()).containsExactly("https://x.example/plan", "https://x.example/po");
    }

    @Test
    void anUnknownNodeKeepsItsTextAndASmartLinkWithJsonLdKeepsItsName() throws Exception {
        JsonNode doc = JSON.readTree("""
                {"type":"doc","version":1,"content":[
                  {"type":"layoutSection","content":[{"type":"layoutColumn","attrs":{"width":50},"content":[{"type":"paragraph","content":[{"type":"text","text":"left"}]}]}]},
                  {"type":"paragraph","content":[{"type":"inlineCard","attrs":{"data":{"@type":"Document","name":"Order form","url":"https://x.example/of"}}}]}]}""");
        RichText r = AdfText.read(doc);
        assertThat(r.text()).isEqualTo("left\nOrder form (https://x.example/of)");
        assertThat(r.links()).containsExactly("https://x.example/of");
    }
}
