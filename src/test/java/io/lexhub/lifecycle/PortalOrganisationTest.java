package io.lexhub.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The portal session's organisation (docs/portal.md): only UNCONFIRMED -> CONFIRMED; only a confirmed one sees data. */
class PortalOrganisationTest {

    @Test
    void theOneTransitionIsTheDesksConfirmation() {
        assertThat(PortalOrganisation.UNCONFIRMED.canBecome(PortalOrganisation.CONFIRMED)).isTrue();
        assertThat(PortalOrganisation.CONFIRMED.canBecome(PortalOrganisation.UNCONFIRMED)).isFalse();
        assertThat(PortalOrganisation.CONFIRMED.canBecome(PortalOrganisation.CONFIRMED)).isFalse();
        assertThat(PortalOrganisation.UNCONFIRMED.canBecome(PortalOrganisation.UNCONFIRMED)).isFalse();
        assertThatThrownBy(() -> PortalOrganisation.CONFIRMED.check(PortalOrganisation.UNCONFIRMED))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("from CONFIRMED to UNCONFIRMED");
        PortalOrganisation.UNCONFIRMED.check(PortalOrganisation.CONFIRMED);
    }

    @Test
    void onlyAConfirmedOrganisationSeesAnything() {
        assertThat(PortalOrganisation.CONFIRMED.seesOrganisation()).isTrue();
        assertThat(PortalOrganisation.UNCONFIRMED.seesOrganisation()).isFalse();
    }
}
