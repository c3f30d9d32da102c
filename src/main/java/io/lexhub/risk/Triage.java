package io.lexhub.risk;

import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.Track;
import io.lexhub.model.TriageResult;
import io.lexhub.policy.Conditions;
import io.lexhub.policy.Policy;
import io.lexhub.policy.Policy.FastTrack;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Fast track only when every fastTrack criterion holds. Unknown duration, revenue or data
 * sensitivity fail their criterion: the fast track is for requests known to be small. Seats count
 * only when requested, since most exception types carry none. A backdated start and a renewal
 * beyond the policy's maxRenewals always go to the standard track, so people decide them (the
 * policy never approves them on its own).
 */
public final class Triage {

    public TriageResult triage(ExceptionRequest r, Policy p) {
        return triage(r, p, null, 0);
    }

    /**
     * @param today the day the request is assessed (null: unknown, no backdating criterion)
     * @param renewalNumber which renewal of its chain the request is (1 renews a first waiver); 0 when it renews none
     */
    public TriageResult triage(ExceptionRequest r, Policy p, LocalDate today, int renewalNumber) {
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

        LocalDate start = r.terms() == null ? null : r.terms().start();
        if (today != null && start != null && start.isBefore(today)) {
            c.check("start " + start + " not before " + today + " (backdated " + ChronoUnit.DAYS.between(start, today)
                    + " days; reason: " + (r.backdateReason() == null ? "none given" : r.backdateReason().strip()) + ")", false);
        }
        if (renewalNumber > 0 && p.lifecycle() != null) {
            int max = p.lifecycle().maxRenewals();
            c.check("renewal number " + renewalNumber + " (renews " + r.renews() + ") <= maxRenewals " + max
                    + (renewalNumber > max ? " (repeat renewal: people decide, then the audit owner reviews it)" : ""),
                    renewalNumber <= max);
        }
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
