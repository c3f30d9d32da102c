package io.lexhub.check;

import io.lexhub.policy.PolicyException;
import io.lexhub.policy.PolicyLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** policy.yaml through the hub's own {@link PolicyLoader}; each problem gets the line of its path. */
final class PolicyCheck implements Check {

    static final String FILE = "policy.yaml";

    // PolicyLoader's problems: "policy.yaml: line 5: what", "policy.yaml: a.b[0] (ID) c: what (line 5)", "policy.yaml: what"
    private static final Pattern LINE_FIRST = Pattern.compile("line (\\d+): (.*)", Pattern.DOTALL);
    private static final Pattern LINE_LAST = Pattern.compile("(.*) \\(line (\\d+)\\)", Pattern.DOTALL);
    private static final Pattern PATH_FIRST = Pattern.compile("([A-Za-z][\\w.\\[\\]]*(?: \\([^)]*\\))?(?: [\\w.\\[\\]]+)*): (.*)", Pattern.DOTALL);

    @Override
    public List<Problem> run(Workspace w) {
        Path file = w.config(FILE);
        if (!Files.isRegularFile(file)) return List.of(new Problem(file, 1, "policy file missing", "the hub cannot start without it"));
        try {
            w.policy(PolicyLoader.load(file));
            return List.of();
        } catch (PolicyException e) {
            return located(file, e);
        }
    }

    /** The loader's problems with {@code file}, each with the line it points at. */
    static List<Problem> located(Path file, PolicyException e) {
        YamlLines lines = YamlLines.of(read(file));
        String prefix = file.getFileName() + ": ";
        List<Problem> problems = new ArrayList<>();
        for (String p : e.problems()) problems.add(locate(file, lines, p.startsWith(prefix) ? p.substring(prefix.length()) : p));
        return problems;
    }

    private static Problem locate(Path file, YamlLines lines, String problem) {
        Matcher m = LINE_FIRST.matcher(problem);
        if (m.matches()) return split(file, Integer.parseInt(m.group(1)), m.group(2));
        m = LINE_LAST.matcher(problem);
        if (m.matches()) return split(file, Integer.parseInt(m.group(2)), m.group(1));
        m = PATH_FIRST.matcher(problem);
        if (m.matches()) return split(file, lines.lineOf(m.group(1)), problem);
        return split(file, 1, problem);
    }

    /** "what; known roles: [...]" -> message "what", hint "known roles: [...]". */
    private static Problem split(Path file, int line, String text) {
        int cut = text.indexOf("; ");
        return cut < 0 ? new Problem(file, line, text, null) : new Problem(file, line, text.substring(0, cut), text.substring(cut + 2));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
