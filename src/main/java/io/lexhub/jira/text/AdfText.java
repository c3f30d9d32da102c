package io.lexhub.jira.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * An Atlassian Document Format document (Jira Cloud's rich text) as plain text, one line per
 * block: headings and paragraphs as lines, list items as "- " or "1. " indented by depth, quotes
 * as "> ", tasks as "[ ]" / "[x]", table rows as cells joined by " | ", media by their file name,
 * and every inline node as what a reader sees: mentions, emoji, dates (YYYY-MM-DD, UTC), status
 * lozenges, and links as {@code text (url)} (smart cards as their url). Node types this class
 * does not know are read for the text they contain, so a new node type loses no words.
 */
public final class AdfText {

    private final StringBuilder out = new StringBuilder();
    private final RichText.Links links;

    private AdfText(RichText.Links links) {
        this.links = links;
    }

    public static RichText read(JsonNode doc) {
        RichText.Links links = new RichText.Links();
        AdfText a = new AdfText(links);
        a.blocks(doc.path("content"), "");
        return new RichText(RichText.tidy(a.out), links.list());
    }

    /** The blocks rendered on their own (a list item's or a table cell's content), links going to the same list. */
    private String sub(JsonNode content) {
        AdfText inner = new AdfText(links);
        inner.blocks(content, "");
        return RichText.tidy(inner.out);
    }

    private void blocks(JsonNode content, String prefix) {
        for (JsonNode b : content) block(b, prefix);
    }

    private void block(JsonNode node, String prefix) {
        JsonNode content = node.path("content");
        switch (node.path("type").asText()) {
            case "paragraph", "heading" -> line(prefix, inline(content));
            // code is verbatim: its text nodes carry no marks
            case "codeBlock" -> line(prefix, inline(content));
            case "blockquote" -> blocks(content, prefix + "> ");
            case "bulletList" -> items(content, prefix, -1);
            case "orderedList" -> items(content, prefix, node.path("attrs").path("order").asInt(1));
            case "taskList", "decisionList" -> {
                for (JsonNode item : content) {
                    String type = item.path("type").asText();
                    if (type.equals("taskItem")) line(prefix + ("DONE".equals(item.path("attrs").path("state").asText()) ? "[x] " : "[ ] "), inline(item.path("content")));
                    else if (type.equals("decisionItem")) line(prefix + "Decision: ", inline(item.path("content")));
                    else block(item, prefix + "  "); // a nested taskList
                }
            }
            case "rule" -> line(prefix, "---");
            case "panel" -> blocks(content, prefix);
            case "expand", "nestedExpand" -> {
                String title = node.path("attrs").path("title").asText("");
                if (!title.isBlank()) line(prefix, title);
                blocks(content, prefix);
            }
            case "table" -> {
                for (JsonNode row : content) {
                    List<String> cells = new ArrayList<>();
                    for (JsonNode cell : row.path("content")) cells.add(sub(cell.path("content")).replace("\n", " ").strip());
                    line(prefix, String.join(" | ", cells));
                }
            }
            case "mediaSingle", "mediaGroup" -> {
                for (JsonNode m : content) line(prefix, m.path("type").asText().equals("caption") ? inline(m.path("content")) : media(m));
            }
            case "blockCard", "embedCard" -> line(prefix, card(node));
            default -> {
                if (content.isArray() && !content.isEmpty()) blocks(content, prefix);
                else line(prefix, inline(List.of(node)));
            }
        }
    }

    /** List items: the marker on an item's first line, its further lines (nested lists) indented under it. */
    private void items(JsonNode list, String prefix, int start) {
        int n = start;
        for (JsonNode item : list) {
            String marker = start < 0 ? "- " : (n++) + ". ";
            String[] lines = sub(item.path("content")).split("\n", -1);
            for (int i = 0; i < lines.length; i++) line(prefix + (i == 0 ? marker : " ".repeat(marker.length())), lines[i]);
        }
    }

    private void line(String prefix, String text) {
        for (String l : text.split("\n", -1)) out.append(prefix).append(l).append('\n');
    }

    /** Inline nodes as text; neighbours under the same link (bold and plain words of one link) read as one link. */
    private String inline(Iterable<JsonNode> nodes) {
        StringBuilder s = new StringBuilder();
        StringBuilder linked = new StringBuilder();
        String href = null;
        for (JsonNode node : nodes) {
            // a link on media is the media's own (see media())
            String h = "text".equals(node.path("type").asText()) ? linkOf(node) : null;
            if (href != null && !href.equals(h)) {
                s.append(RichText.link(linked.toString(), href));
                links.add(href);
                linked.setLength(0);
            }
            href = h;
            String piece = piece(node);
            if (h != null) linked.append(piece);
            else {
                RichText.bareUrls(piece).forEach(links::add);
                s.append(piece);
            }
        }
        if (href != null) {
            s.append(RichText.link(linked.toString(), href));
            links.add(href);
        }
        return s.toString();
    }

    private String piece(JsonNode node) {
        JsonNode attrs = node.path("attrs");
        return switch (node.path("type").asText()) {
            case "text" -> node.path("text").asText();
            case "hardBreak" -> "\n";
            case "mention" -> attrs.path("text").asText("").isBlank() ? "@" + attrs.path("id").asText("someone") : attrs.path("text").asText();
            case "emoji" -> attrs.path("text").asText("").isBlank() ? attrs.path("shortName").asText("") : attrs.path("text").asText();
            case "date" -> date(attrs.path("timestamp").asText(""));
            case "status" -> "[" + attrs.path("text").asText("") + "]";
            case "inlineCard" -> card(node);
            case "mediaInline", "media" -> media(node);
            // a template's prompt to the author, shown in the editor until they type: not their words,
            // and kept it would make an unfilled template look like a justification
            case "placeholder" -> "";
            default -> inline(node.path("content"));
        };
    }

    /** attrs.timestamp: milliseconds since 1970-01-01 UTC, as the node's documentation says. */
    private static String date(String timestamp) {
        try {
            return Instant.ofEpochMilli(Long.parseLong(timestamp.strip())).atOffset(ZoneOffset.UTC).toLocalDate().toString();
        } catch (RuntimeException e) {
            return timestamp;
        }
    }

    /** A smart link: attrs.url, or the url (and name) of its JSON-LD attrs.data. */
    private String card(JsonNode node) {
        JsonNode attrs = node.path("attrs");
        String url = attrs.path("url").asText(attrs.path("data").path("url").asText(""));
        if (url.isBlank()) return attrs.path("data").path("name").asText("");
        links.add(url);
        return RichText.link(attrs.path("data").path("name").asText(""), url);
    }

    /** An attachment by its file name (alt), a linked one with its link. */
    private String media(JsonNode node) {
        String name = node.path("attrs").path("alt").asText("");
        String label = "[" + (name.isBlank() ? "attachment" : name) + "]";
        String href = linkOf(node);
        if (href == null) return label;
        links.add(href);
        return RichText.link(label, href);
    }

    private static String linkOf(JsonNode node) {
        for (JsonNode mark : node.path("marks")) {
            if ("link".equals(mark.path("type").asText()) && mark.path("attrs").path("href").isTextual()) return mark.path("attrs").path("href").asText();
        }
        return null;
    }
}
