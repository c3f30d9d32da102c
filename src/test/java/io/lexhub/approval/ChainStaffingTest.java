package io.lexhub.approval;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.policy.Policy;
import io.lexhub.policy.PolicyLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The start-up check that every tier's chain can be decided to the end at every revenue impact the tier admits. */
class ChainStaffingTest {

    static final Policy POLICY = PolicyLoader.load(Path.of("config/policy.yaml"));
    static final List<Approver> SHIPPED = LevelAudienceTest.PEOPLE.all();

    static List<String> problems(List<Approver> people) {
        return ApproverDirectory.check("approvers.yaml", people, POLICY);
    }

    static List<Approver> without(String id) {
        return new ArrayList<>(SHIPPED.stream().filter(a -> !a.id().equals(id)).toList());
    }

    @Test
    void theShippedApproversCanDecideEveryTierToTheEnd() {
        assertThat(problems(SHIPPED)).isEmpty();
    }

    @Test
    void aTierWhoseExecutivesAreUsedUpAboveTheFinanceLimitIsAStartUpProblem() {
        // above 500,000 only Henrik may approve licensing and only Ruth finance; the executive quorum of 2 then has Sam alone
        List<Approver> threeExecutives = without("nadia.karim");

        assertThat(problems(threeExecutives)).containsExactly("approvers.yaml: tier T4, level 4 (executive, a quorum of 2, from tier T4): "
                + "nobody eligible is left to decide it above a revenue impact of 500000 once henrik.vogel, ruth.okoye have decided the earlier "
                + "levels (nobody decides two levels); raise an approval limit or add an approver");
    }

    @Test
    void aLevelIsStaffedByTheManagersWhenItsRoleRunsOutButNotWhenTheyAreGoneToo() {
        // the sales approvers' limits end at 150,000 and T2 admits up to 100,000: their manager stands in beyond that only if there is one
        List<Approver> lowLimits = new ArrayList<>();
        for (Approver a : SHIPPED) {
            boolean sales = a.hasRole("sales");
            lowLimits.add(new Approver(a.id(), a.name(), a.email(), a.roles(), sales ? Double.valueOf(40000) : a.approvalLimit(), sales ? null : a.manager(),
                    sales ? null : a.backup(), a.jiraAccountId(), a.jiraUser()));
        }
        // no manager above them: the executives are the last resort, so the chain still completes
        assertThat(problems(lowLimits)).isEmpty();
        List<Approver> noExecutives = new ArrayList<>(lowLimits.stream().map(a -> a.hasRole("executive")
                ? new Approver(a.id(), a.name(), a.email(), a.roles().stream().filter(r -> !r.equals("executive")).toList(), a.approvalLimit(),
                        a.manager(), a.backup(), a.jiraAccountId(), a.jiraUser())
                : a).toList());
        List<ChainStaffing.Gap> gaps = ChainStaffing.gaps(POLICY.approval().tiers().subList(0, 2), List.of(), new ApproverDirectory(noExecutives, null));
        assertThat(gaps).extracting(ChainStaffing.Gap::message).containsExactly("tier T2, level 2 (sales, one approver, from tier T2): nobody eligible "
                + "is left to decide it above a revenue impact of 40000");
    }
}
