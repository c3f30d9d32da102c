package io.lexhub.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lexhub.model.RequestState;
import org.junit.jupiter.api.Test;

class RequestLifecycleTest {

    @Test
    void intakeOutcomesAreLegalMovesFromReceived() {
        assertThat(RequestLifecycle.allowed(RequestState.RECEIVED, RequestState.PENDING_APPROVAL)).isTrue();
        assertThat(RequestLifecycle.allowed(RequestState.RECEIVED, RequestState.NEEDS_INFO)).isTrue();
        assertThat(RequestLifecycle.allowed(RequestState.RECEIVED, RequestState.REJECTED)).isTrue();
        assertThat(RequestLifecycle.allowed(RequestState.NEEDS_INFO, RequestState.RECEIVED)).isTrue();
    }

    @Test
    void illegalMoveFailsWithBothStatesNamed() {
        assertThatThrownBy(() -> RequestLifecycle.check(RequestState.REJECTED, RequestState.APPROVED))
                .hasMessage("a request in state REJECTED cannot move to APPROVED (REJECTED is final)");
        assertThatThrownBy(() -> RequestLifecycle.check(RequestState.RECEIVED, RequestState.APPROVED))
                .hasMessageContaining("allowed: [NEEDS_INFO, REJECTED, PENDING_APPROVAL]");
    }
}
