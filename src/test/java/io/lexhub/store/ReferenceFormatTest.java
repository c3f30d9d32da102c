package io.lexhub.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The hand-built request reference is the text String.format made before. */
class ReferenceFormatTest {

    @Test
    void sameTextAsTheFormatter() {
        for (long n : new long[] {0, 1, 9, 10, 42, 99_999, 100_000, 999_999, 1_000_000, 12_345_678, Long.MAX_VALUE, -1, -12_345}) {
            for (int year : new int[] {2026, 999, 10_000}) {
                assertThat(RequestStore.reference(year, n)).isEqualTo(String.format("EXC-%d-%06d", year, n));
            }
        }
        assertThat(RequestStore.reference(2026, 7)).isEqualTo("EXC-2026-000007");
    }
}
