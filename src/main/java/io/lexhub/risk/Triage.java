package io.lexhub.risk;

import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.Track;
import io.lexhub.model.TriageResult;
import io.lexhub.policy.Policy;
import io.lexhub.policy.Policy.FastTrack;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Fast track only when every fastTrack criterion holds. Unknown duration, revenue or data
 * sensitivity fail their criterion: the fast track is for requests known to be small. Seats count
 * only when requested, since most exception types carry none.
 */
public final class Triage {

    public TriageResult triage(ExceptionRequest r, Policy p) {
        FastTrack ft = p.fastTrack();
        Criteria c = new Criteria();
        String type = r.type() == null ? null : r.type().name();
        c.check("type " + known(type) + " in " + Conditions.text(ft.types()),
                r.type() != null && ft.types().contains(r.type()));

        Integer days = r.terms() == null ? null : r.terms().effectiveDurationDays();
        c.check("durationDays " + known(days) + " <= " + ft.maxDurationDays(),
                days != null && days <= ft.maxDurationDays());

        BigDecimal revenue = r.revenueImpact();
        c.check("revenueImpact " + known(revenue) + " <= " + Conditions.text(ft.maxRevenueImpact()),
                revenue != null && revenue.compareTo(BigDecimal.valueOf(ft.maxRevenueImpact())) <= 0);

        if (ft.maxSeats() != null) {
            Integer seats = r.terms() == null ? null : r.terms().seats();
            c.check("seats " + Conditions.text(seats) + " <= " + ft.maxSeats(), seats == null || seats <= ft.maxSeats());
        }

        String data = r.dataSensitivity() == null ? null : r.dataSensitivity().name();
        c.check("dataSensitivity " + known(data) + " in " + Conditions.text(ft.dataSensitivity()),
                data != null && ft.dataSensitivity().contains(data));

        return new TriageResult(c.allMet ? Track.FAST : Track.STANDARD, c.reasons);
    }

    private static String known(Object value) {
        return value == null ? "unknown" : Conditions.text(value);
    }

    private static final class Criteria {
        final List<String> reasons = new ArrayList<>();
        boolean allMet = true;

        void check(String criterion, boolean met) {
            reasons.add(criterion + (met ? ": met" : ": not met"));
            allMet &= met;
        }
    }
}
