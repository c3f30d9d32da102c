package io.lexhub.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The subscribers of config/webhooks.yaml; a missing file is no subscriber (the hub sends no event). */
public final class Subscribers {

    public static final Subscribers NONE = new Subscribers(Map.of());
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern REF = Pattern.compile("(env:[A-Za-z_][A-Za-z0-9_]*|file:.+)");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, Subscriber> byId;

    private Subscribers(Map<String, Subscriber> byId) {
        this.byId = byId;
    }

    /** Reads the file; any problem (see {@link #problems}) stops the hub with the list. */
    public static Subscribers load(Path file) {
        List<String> problems = new ArrayList<>();
        Subscribers s = read(file, problems);
        if (!problems.isEmpty()) throw new IllegalArgumentException(file + ":\n  " + String.join("\n  ", problems));
        return s;
    }

    /** What is wrong with the file, for {@code lexhub validate}; empty when it is fine or absent. */
    public static List<String> problems(Path file) {
        List<String> problems = new ArrayList<>();
        read(file, problems);
        return problems;
    }

    private static Subscribers read(Path file, List<String> problems) {
        if (file == null || !Files.exists(file)) return NONE;
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            problems.add("not readable YAML: " + e.getMessage());
            return NONE;
        }
        Map<String, Subscriber> byId = new LinkedHashMap<>();
        JsonNode list = root == null ? null : root.path("subscribers");
        if (list == null || list.isMissingNode() || list.isNull()) return NONE;
        if (!list.isArray()) {
            problems.add("subscribers must be a list");
            return NONE;
        }
        for (JsonNode n : list) {
            String id = n.path("id").asText("");
            String where = "subscriber '" + id + "': ";
            if (!ID.matcher(id).matches()) problems.add(where + "id must be lower-case letters, digits and dashes");
            if (byId.containsKey(id)) problems.add(where + "listed twice");
            String url = n.path("url").asText("");
            if (!url.matches("https?://.+")) problems.add(where + "url must be http:// or https://");
            else {
                try {
                    URI.create(url);
                } catch (IllegalArgumentException e) {
                    problems.add(where + "url is not a URL: " + e.getMessage());
                }
            }
            Set<EventType> events = EnumSet.noneOf(EventType.class);
            for (JsonNode e : n.path("events")) {
                Optional<EventType> t = EventType.of(e.asText());
                if (t.isEmpty()) problems.add(where + "unknown event '" + e.asText() + "'");
                else events.add(t.get());
            }
            if (events.isEmpty()) problems.add(where + "events lists none");
            List<String> refs = new ArrayList<>();
            for (JsonNode r : n.path("secrets")) {
                if (!REF.matcher(r.asText()).matches()) problems.add(where + "a secret is named as env:NAME or file:/path, never written here");
                else refs.add(r.asText());
            }
            if (refs.isEmpty() || refs.size() > 2) problems.add(where + "secrets lists one secret, or two while rotating");
            if (new HashSet<>(refs).size() < refs.size()) problems.add(where + "a secret is listed twice");
            byId.put(id, new Subscriber(id, url, events, List.copyOf(refs), n.path("enabled").asBoolean(true)));
        }
        return new Subscribers(byId);
    }

    public Optional<Subscriber> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public List<Subscriber> all() {
        return List.copyOf(byId.values());
    }

    /** The subscribers an event of this type goes to (enabled ones that listed it). */
    public List<Subscriber> of(EventType type) {
        return byId.values().stream().filter(s -> s.wants(type)).toList();
    }
}
