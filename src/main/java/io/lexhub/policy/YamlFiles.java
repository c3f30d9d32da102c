package io.lexhub.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads a YAML file of config/ into its record, strictly: an unknown key is an error, reported with the file and line. */
public final class YamlFiles {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private YamlFiles() {}

    /** @throws PolicyException naming the file and the line of the problem, or that it cannot be read */
    public static <T> T read(Path file, Class<T> type) {
        String name = file.getFileName().toString();
        try {
            return YAML.readValue(Files.readString(file), type);
        } catch (JsonProcessingException e) {
            throw new PolicyException(List.of(name + ": line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ": " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new PolicyException(List.of(name + ": cannot be read: " + e.getMessage()));
        }
    }
}
