package io.lexhub.approval;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.model.ApprovalLevel.Mode;
import io.lexhub.model.ExceptionRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One refusal lists every rule that fails, not the first. */
class EligibilityTest {

    static Approver person(String id) {
        return LevelAudienceTest.PEOPLE.find(id).orElseThrow();
    }

    @Test
    void everyFailingRuleIsAReasonAtOnce() {
        // Carla (sales, 150,000) is the requester, acts for Bruno (licensing, 100,000) whose manager she is not, at 300,000, after deciding level 1
        ExceptionRequest r = LevelAudienceTest.request(300000, "carla.jensen@meridian-software.example", "owner@meridian-software.example");
        LevelState licensing = LevelAudienceTest.level(2, "licensing", Mode.ONE, 1);
        Eligibility.Case on = new Eligibility.Case(licensing, r, 300000, List.of(new Vote(1, "carla.jensen", "carla.jensen", null, Vote.Kind.APPROVE)),
                null, LevelAudienceTest.PEOPLE.addresses());

        Eligibility.Verdict v = Eligibility.check(new Eligibility.Attempt(person("carla.jensen"), person("bruno.silva"), Vote.Kind.APPROVE, on));

        assertThat(v.refusals()).containsExactly(
                "conflict of interest: Carla Jensen is the requester of this request",
                "Carla Jensen may not stand in for Bruno Silva: a delegate must hold the role 'licensing' or be their manager",
                "Carla Jensen's approval limit (150000) is below the revenue impact of 300000",
                "Bruno Silva's approval limit (100000) is below the revenue impact of 300000",
                "Carla Jensen (for Bruno Silva) already took part at level 1; one person cannot decide two levels");
        assertThat(v.conflictOfInterest()).isEqualTo("Carla Jensen is the requester of this request");
    }

    @Test
    void aDenialIsNotBoundByTheLimitAndNeedsNoRequestAtStartUp() {
        Eligibility.Case noRequest = new Eligibility.Case(LevelAudienceTest.level(1, "licensing", Mode.ONE, 1), null, 300000, List.of(), null,
                LevelAudienceTest.PEOPLE.addresses());
        assertThat(Eligibility.check(new Eligibility.Attempt(person("bruno.silva"), null, Vote.Kind.DENY, noRequest)).allowed()).isTrue();
        assertThat(Eligibility.check(new Eligibility.Attempt(person("bruno.silva"), null, Vote.Kind.APPROVE, noRequest)).refusals())
                .containsExactly("Bruno Silva's approval limit (100000) is below the revenue impact of 300000");
    }
}
