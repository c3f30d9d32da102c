package io.lexhub.approval;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.model.ApprovalLevel.Mode;
import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.Person;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Who is asked to decide a level, on the shipped config/approvers.yaml: only people the decision
 * check would accept; past a level nobody holding the role may decide, the managers above them.
 */
class LevelAudienceTest {

    static final ApproverDirectory PEOPLE = ApproverDirectory.load(Path.of("config/approvers.yaml"),
            io.lexhub.policy.PolicyLoader.load(Path.of("config/policy.yaml")));
    static final String VENDOR = "@meridian-software.example";

    static ExceptionRequest request(int revenue, String requester, String owner) {
        return new ExceptionRequest(null, null, new Person("R", requester), new Person("O", owner), List.of(), "P", null, null, null, null,
                new BigDecimal(revenue), "EUR", null, null, null, null, null, null);
    }

    static LevelState level(int n, String role, Mode mode, int required) {
        return new LevelState(n, role, mode, required, List.of(), "OPEN", "h");
    }

    static LevelAudience.Result audience(LevelState level, ExceptionRequest r, List<Vote> votes) {
        return LevelAudience.of(PEOPLE, level, r, null, votes);
    }

    @Test
    void approversWhoseLimitIsBelowTheRevenueImpactAreNotAsked() {
        LevelAudience.Result who = audience(level(1, "licensing", Mode.ONE, 1), request(300000, "x@customer.example", "owner" + VENDOR), List.of());

        assertThat(who.askedIds()).containsExactly("henrik.vogel");
        assertThat(who.rerouted()).isFalse();
        assertThat(who.skipped()).extracting(LevelAudience.Skipped::approver).containsExactly("alice.moreau", "bruno.silva");
        assertThat(who.skipped().get(0).reasons()).containsExactly("Alice Moreau's approval limit (250000) is below the revenue impact of 300000");
    }

    @Test
    void whoeverTheCheckRefusesIsNotAskedAndEveryoneAskedIsAccepted() {
        ExceptionRequest r = request(120000, "liam.chen" + VENDOR, "owner" + VENDOR);
        LevelState finance = level(3, "finance", Mode.ONE, 1);
        List<Vote> votes = List.of(new Vote(1, "ruth.okoye", "ruth.okoye", null, Vote.Kind.APPROVE));
        LevelAudience.Result who = audience(finance, r, votes);

        assertThat(who.askedIds()).containsExactly("kate.murphy");
        Eligibility.Case on = new Eligibility.Case(finance, r, 120000, votes, null, PEOPLE.addresses());
        for (Approver a : PEOPLE.withRole("finance")) {
            boolean accepted = Eligibility.check(new Eligibility.Attempt(a, null, Vote.Kind.APPROVE, on, who.standIns())).allowed();
            assertThat(accepted).as(a.id()).isEqualTo(who.askedIds().contains(a.id()));
        }
    }

    @Test
    void aLevelNobodyInTheRoleMayDecideGoesToTheirManagersWhoseVoteTheCheckAccepts() {
        // both sales approvers are parties to the deal: their manager Ruth Okoye is asked instead
        ExceptionRequest r = request(50000, "carla.jensen" + VENDOR, "dev.patel" + VENDOR);
        LevelState sales = level(2, "sales", Mode.ONE, 1);
        LevelAudience.Result who = audience(sales, r, List.of());

        assertThat(who.askedIds()).containsExactly("ruth.okoye");
        assertThat(who.standIns()).containsExactly("ruth.okoye");
        assertThat(who.skipped()).extracting(LevelAudience.Skipped::approver).containsExactly("carla.jensen", "dev.patel");
        assertThat(who.skipped().get(0).reasons()).containsExactly("conflict of interest: Carla Jensen is the requester of this request");
        assertThat(LevelAudience.rerouting(1, sales, who)).containsEntry("askedInstead", List.of("ruth.okoye")).containsEntry("level", 2);

        Eligibility.Case on = new Eligibility.Case(sales, r, 50000, List.of(), null, PEOPLE.addresses());
        Approver ruth = PEOPLE.find("ruth.okoye").orElseThrow();
        assertThat(Eligibility.check(new Eligibility.Attempt(ruth, null, Vote.Kind.APPROVE, on, who.standIns())).allowed()).isTrue();
        // without the rerouting she holds no sales role; and nobody else gets in on her coat-tails
        assertThat(Eligibility.check(new Eligibility.Attempt(ruth, null, Vote.Kind.APPROVE, on)).refusals())
                .containsExactly("Ruth Okoye does not hold the role 'sales' that level 2 needs");
        Approver kate = PEOPLE.find("kate.murphy").orElseThrow();
        assertThat(Eligibility.check(new Eligibility.Attempt(kate, null, Vote.Kind.APPROVE, on, who.standIns())).allowed()).isFalse();
    }

    @Test
    void theWalkGoesUpPastAManagerWhoMayNotDecideAndEndsWithTheExecutives() {
        // security: Ivan and Jonas are parties; their manager Henrik already decided level 1; he has no manager: executives last
        ExceptionRequest r = request(50000, "ivan.petrov" + VENDOR, "jonas.berg" + VENDOR);
        List<Vote> votes = List.of(new Vote(1, "henrik.vogel", "henrik.vogel", null, Vote.Kind.APPROVE));
        LevelAudience.Result who = audience(level(2, "security", Mode.ONE, 1), r, votes);

        assertThat(who.askedIds()).containsExactly("ruth.okoye", "sam.takahashi", "nadia.karim");
        assertThat(who.skipped()).extracting(LevelAudience.Skipped::approver).containsExactly("ivan.petrov", "jonas.berg", "henrik.vogel");
        assertThat(who.skipped().get(2).reasons()).containsExactly("Henrik Vogel already took part at level 1; one person cannot decide two levels");
    }

    @Test
    void aQuorumShortOfPeopleIsToppedUpAndAnEmptyOneSaysSo() {
        ExceptionRequest r = request(900000, "x@customer.example", "owner" + VENDOR);
        List<Vote> votes = List.of(new Vote(1, "henrik.vogel", "henrik.vogel", null, Vote.Kind.APPROVE),
                new Vote(3, "ruth.okoye", "ruth.okoye", null, Vote.Kind.APPROVE),
                new Vote(4, "sam.takahashi", "sam.takahashi", null, Vote.Kind.APPROVE),
                new Vote(4, "nadia.karim", "nadia.karim", null, Vote.Kind.APPROVE));
        LevelAudience.Result done = audience(level(4, "executive", Mode.QUORUM, 2), r, votes);
        assertThat(done.needed()).isZero();
        assertThat(done.unstaffed()).isFalse();

        LevelAudience.Result stuck = audience(level(4, "executive", Mode.QUORUM, 3), r, votes);
        assertThat(stuck.needed()).isEqualTo(1);
        assertThat(stuck.asked()).isEmpty();
        assertThat(stuck.unstaffed()).isTrue();
        assertThat(LevelAudience.rerouting(1, level(4, "executive", Mode.QUORUM, 3), stuck).get("reason").toString())
                .startsWith("only 0 of the 1 approval(s) this level needs can be asked");
        assertThat(Set.copyOf(stuck.skipped().stream().map(LevelAudience.Skipped::approver).toList()))
                .containsExactlyInAnyOrder("henrik.vogel", "ruth.okoye", "sam.takahashi", "nadia.karim");
    }
}
