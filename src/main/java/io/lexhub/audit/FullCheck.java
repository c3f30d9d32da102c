package io.lexhub.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole audit check: the chain from its start (against a checkpoint when one is given) and
 * every recorded row against what the chain says it was. `lexhub audit verify` and the
 * workspace's audit page run this one check. Run it in a transaction, so PostgreSQL streams.
 */
public final class FullCheck {

    /**
     * @param shown the first row problems, at most the number asked for ({@code rows.problems()} counts them all)
     */
    public record Result(AuditTrail.VerifyResult chain, Reconciliation.Summary rows, List<Reconciliation.Problem> shown) {
        public boolean ok() {
            return chain.ok() && rows.problems() == 0;
        }
    }

    private FullCheck() {}

    public static Result run(Connection c, AuditTrail trail, Checkpoint checkpoint, int maxProblems) throws SQLException {
        AuditTrail.VerifyResult chain = checkpoint == null ? trail.verify(c) : trail.verify(c, checkpoint);
        List<Reconciliation.Problem> shown = new ArrayList<>();
        Reconciliation.Summary rows = new Reconciliation(trail).check(c, RecordedTables.ALL, p -> {
            if (shown.size() < maxProblems) shown.add(p);
        });
        return new Result(chain, rows, List.copyOf(shown));
    }
}
