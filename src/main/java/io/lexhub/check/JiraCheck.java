package io.lexhub.check;

import io.lexhub.approval.ApproverDirectory;
import io.lexhub.jira.JiraMapping;
import io.lexhub.jira.JiraUsers;
import io.lexhub.policy.PolicyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * config/jira-mapping.yaml and config/jira-users.yaml load as the hub loads them at start-up, each
 * problem at the line of the entry it is about. Both files are optional here: the hub asks for the
 * mapping only when lexhub.jira.enabled is true. The user directory is checked against
 * approvers.yaml when that loads (a person in both has one address).
 */
final class JiraCheck implements Check {

    static final String MAPPING = "jira-mapping.yaml";
    /** "jira-mapping.yaml: fields.terms.end: ..." or "jira-users.yaml: users[2]: ...", as the loaders word them */
    private static final Pattern WHERE = Pattern.compile("^[^:]+: (fields\\.[\\w.]+|users\\[\\d+]): (.*)$");
    private static final Pattern PARSE_LINE = Pattern.compile("^[^:]+: line (\\d+): (.*)$");

    @Override
    public List<Problem> run(Workspace w) {
        List<Problem> problems = new ArrayList<>();
        check(w.config(MAPPING), problems, JiraMapping::load);
        check(w.config(JiraUsers.FILE), problems, file -> JiraUsers.load(file, staff(w)));
        return problems;
    }

    /** The approvers the hub would have, or nobody when approvers.yaml has problems of its own (ApproversCheck reports them). */
    private static ApproverDirectory staff(Workspace w) {
        if (w.policy().isPresent() && Files.isRegularFile(w.config(ApproversCheck.FILE))) {
            try {
                return ApproverDirectory.load(w.config(ApproversCheck.FILE), w.policy().get());
            } catch (PolicyException e) {
                // reported by ApproversCheck
            }
        }
        return new ApproverDirectory(List.of(), null);
    }

    private static void check(Path file, List<Problem> into, Consumer<Path> load) {
        if (!Files.isRegularFile(file)) return;
        try {
            load.accept(file);
        } catch (PolicyException e) {
            YamlLines lines;
            try {
                lines = YamlLines.of(Files.readString(file));
            } catch (IOException x) {
                into.add(new Problem(file, 1, "cannot read: " + x.getMessage(), null));
                return;
            }
            for (String p : e.problems()) {
                Matcher where = WHERE.matcher(p);
                Matcher parse = PARSE_LINE.matcher(p);
                if (where.matches()) into.add(new Problem(file, lines.lineOf(where.group(1)), where.group(1) + ": " + where.group(2), null));
                else if (parse.matches()) into.add(new Problem(file, Integer.parseInt(parse.group(1)), parse.group(2), "fix the YAML"));
                else into.add(new Problem(file, 1, p.replaceFirst("^[^:]+: ", ""), null));
            }
        }
    }
}
