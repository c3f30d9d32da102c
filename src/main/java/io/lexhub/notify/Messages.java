package io.lexhub.notify;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The words customers read, per language: config/messages/&lt;language&gt;.properties (UTF-8), one
 * file per language, English ({@code en.properties}) required and complete. A language is
 * supported when its file is there, so adding one is adding its file (and its mail templates,
 * config/templates/&lt;language&gt;/); docs/languages.md. A key a language lacks falls back to English,
 * and {@link #missing()} lists such keys for {@code lexhub validate} and the tests.
 */
public final class Messages {

    public static final Locale ENGLISH = Locale.ENGLISH;

    private final Map<String, Properties> byLanguage;

    private Messages(Map<String, Properties> byLanguage) {
        this.byLanguage = byLanguage;
    }

    /** The message files of this folder. */
    public static Messages load(Path dir) {
        Map<String, Properties> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path f : list.filter(f -> f.getFileName().toString().matches("[a-z]{2}\\.properties")).toList()) {
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                    p.load(r);
                }
                files.put(f.getFileName().toString().substring(0, 2), p);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the message files in " + dir + ": " + e.getMessage(), e);
        }
        if (!files.containsKey("en")) throw new IllegalStateException("no en.properties in " + dir + ": English is the language every other falls back to");
        return new Messages(Collections.unmodifiableMap(files));
    }

    /** The languages there are message files for, in alphabetical order. */
    public Set<String> languages() {
        return new TreeSet<>(byLanguage.keySet());
    }

    /** The supported language of this tag ("de-AT" is German), or null. */
    public Locale supported(String tag) {
        if (tag == null || tag.isBlank()) return null;
        String language = Locale.forLanguageTag(tag.strip().replace('_', '-')).getLanguage();
        return byLanguage.containsKey(language) ? Locale.forLanguageTag(language) : null;
    }

    /** The text of {@code key} in this language (English when the language lacks it), its {0}, {1}... filled in. */
    public String text(Locale locale, String key, Object... args) {
        Properties p = byLanguage.get(locale.getLanguage());
        String pattern = p == null ? null : p.getProperty(key);
        if (pattern == null) pattern = byLanguage.get("en").getProperty(key);
        if (pattern == null) throw new IllegalArgumentException("no message '" + key + "' in config/messages/en.properties");
        return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
    }

    /** True when the key has a text (in English at least). */
    public boolean has(String key) {
        return byLanguage.get("en").containsKey(key);
    }

    /** Per language, the keys of English it has no text for (empty when complete). */
    public Map<String, Set<String>> missing() {
        Map<String, Set<String>> out = new TreeMap<>();
        Set<String> english = byLanguage.get("en").stringPropertyNames();
        byLanguage.forEach((language, p) -> {
            Set<String> lacking = new TreeSet<>(english);
            lacking.removeAll(p.stringPropertyNames());
            if (!lacking.isEmpty()) out.put(language, lacking);
        });
        return out;
    }

    /** The messages of one language, for a template: {@code m.t("key")}. */
    public Text in(Locale locale) {
        return new Text(this, locale);
    }

    /** One language's texts, as a page template uses them. */
    public record Text(Messages messages, Locale locale) {
        public String t(String key, Object... args) {
            return messages.text(locale, key, args);
        }

        public String language() {
            return locale.getLanguage();
        }
    }
}
