package io.lexhub.notify;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Notification templates from config/templates/*.mustache, compiled once. A template's first line
 * is "Subject: ..."; the body follows a blank line. Mails are plain text, so values are not
 * HTML-escaped; line breaks are stripped from the subject so no value can add a mail header.
 */
public final class Templates {

    public record Rendered(String subject, String body) {}

    private final Map<String, Mustache> compiled = new ConcurrentHashMap<>();
    // compiled once: String.replaceFirst/replaceAll compiled them on every render (every notice)
    private static final Pattern LEADING_NEWLINE = Pattern.compile("^\\r?\\n");
    private static final Pattern SUBJECT_BREAKS = Pattern.compile("[\\r\\n\\t]+");

    public Templates(Path dir) {
        MustacheFactory factory = factory();
        compileAll(factory, dir, "");
        // a language's own templates, beside the English ones: config/templates/de/acknowledgement.mustache (docs/languages.md)
        for (Path language : languageDirs(dir)) compileAll(factory, language, language.getFileName() + "/");
    }

    /** The language folders of a templates folder: two lower-case letters, as config/messages names them. */
    public static List<Path> languageDirs(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> Files.isDirectory(f) && f.getFileName().toString().matches("[a-z]{2}")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read templates from " + dir + ": " + e.getMessage(), e);
        }
    }

    private void compileAll(MustacheFactory factory, Path dir, String prefix) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".mustache")).toList()) {
                compiled.put(prefix + file.getFileName().toString().replaceFirst("\\.mustache$", ""), compile(factory, file));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read templates from " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Compiles one template file as the hub would; throws with the reason when it cannot be used. */
    public static void check(Path file) throws IOException {
        compile(factory(), file);
    }

    private static Mustache compile(MustacheFactory factory, Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (!text.startsWith("Subject:")) {
            throw new IllegalStateException("template " + file + " must start with a 'Subject:' line");
        }
        return factory.compile(new StringReader(text), file.getFileName().toString().replaceFirst("\\.mustache$", ""));
    }

    private static MustacheFactory factory() {
        return new DefaultMustacheFactory() {
            @Override
            public void encode(String value, Writer writer) {
                try {
                    writer.write(value);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    public boolean has(String name) {
        return compiled.containsKey(name);
    }

    /** The template in this language when there is one (de/acknowledgement), else the English one. */
    public Rendered render(String name, Locale locale, Object scope) {
        String own = locale.getLanguage() + "/" + name;
        return render(compiled.containsKey(own) ? own : name, scope);
    }

    /** True when this language has its own copy of the template. */
    public boolean has(String name, Locale locale) {
        return compiled.containsKey(locale.getLanguage() + "/" + name);
    }

    public Rendered render(String name, Object scope) {
        Mustache m = compiled.get(name);
        if (m == null) throw new IllegalArgumentException("no template '" + name + "' in config/templates");
        StringWriter out = new StringWriter();
        m.execute(out, scope);
        String text = out.toString();
        int split = text.indexOf('\n');
        String subject = (split < 0 ? text : text.substring(0, split)).substring("Subject:".length());
        String body = split < 0 ? "" : LEADING_NEWLINE.matcher(text.substring(split + 1)).replaceFirst("");
        return new Rendered(SUBJECT_BREAKS.matcher(subject).replaceAll(" ").strip(), body);
    }
}
