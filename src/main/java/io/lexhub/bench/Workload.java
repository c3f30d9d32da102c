package io.lexhub.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.lexhub.intake.RawSubmission;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Request documents for the benchmark: the examples of examples/requests/ in turn (accepted on
 * both tracks, auto-approved, needs-info, rejected), each copy with its own customer id and
 * clientRequestId so that none deduplicates or conflicts with another, written back in the
 * example's own format (JSON or YAML).
 */
final class Workload {

    record Example(String name, boolean yaml, ObjectNode doc) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final List<Example> examples;
    private final String run;

    Workload(Path examplesDir, String run) {
        this.run = run;
        try (Stream<Path> files = Files.list(examplesDir)) {
            List<Example> list = new ArrayList<>();
            for (Path p : files.sorted().toList()) {
                String n = p.getFileName().toString();
                boolean yaml = n.endsWith(".yaml") || n.endsWith(".yml");
                if (!yaml && !n.endsWith(".json")) continue;
                list.add(new Example(n, yaml, (ObjectNode) (yaml ? YAML : JSON).readTree(p.toFile())));
            }
            if (list.isEmpty()) throw new IllegalStateException("no example requests in " + examplesDir);
            this.examples = List.copyOf(list);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the example requests in " + examplesDir, e);
        }
    }

    int kinds() {
        return examples.size();
    }

    Example example(int i) {
        return examples.get(Math.floorMod(i, examples.size()));
    }

    /** Document number {@code i}: a copy of an example with its own ids. */
    byte[] document(int i) {
        Example e = example(i);
        ObjectNode d = e.doc().deepCopy();
        String tag = run + "-" + i;
        String client = d.path("clientRequestId").asText("REQ");
        d.put("clientRequestId", client + "-" + tag);
        if (d.get("customer") instanceof ObjectNode customer) {
            customer.put("id", customer.path("id").asText("CUST") + "-" + tag);
        }
        try {
            return (e.yaml() ? YAML : JSON).writeValueAsBytes(d);
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    String fileName(int i) {
        Example e = example(i);
        return String.format("bench-%s-%06d%s", run, i, e.yaml() ? ".yaml" : ".json");
    }

    /** What the REST API hands to direct:intake for document {@code i}. */
    RawSubmission apiSubmission(int i) {
        Example e = example(i);
        return new RawSubmission(RawSubmission.API, null, null, e.yaml() ? "application/yaml" : "application/json", document(i), Instant.now());
    }
}
