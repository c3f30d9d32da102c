package io.lexhub.check;

import java.util.List;

/**
 * One rule of {@code lexhub validate}. A rule reads what it needs from the {@link Workspace} and
 * returns its problems; a rule about a file that is optional returns none when the file is absent.
 */
public interface Check {
    List<Problem> run(Workspace w);
}
