package io.lexhub.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one hostile-input or crash scenario: inputs tried, lost (must be 0), duplicated
 * (must be 0), rejected with a reason and accepted. {@link #report()} prints them on one line and
 * asserts lost and duplicated are zero.
 */
public final class Tally {

    private final String scenario;
    private int tried;
    private int lost;
    private int duplicated;
    private int rejected;
    private int accepted;
    /** Each distinct note once, with how many rejections gave it. */
    private final Map<String, Integer> notes = new LinkedHashMap<>();

    public Tally(String scenario) {
        this.scenario = scenario;
    }

    public Tally tried(int n) {
        tried += n;
        return this;
    }

    public Tally lost(int n) {
        lost += n;
        return this;
    }

    public Tally duplicated(int n) {
        duplicated += n;
        return this;
    }

    /** One input refused with a reason; the reason is printed (shortened). */
    public Tally rejected(String what, String reason) {
        assertThat(reason).as(what + ": a rejection must say why").isNotBlank();
        rejected++;
        String r = reason.replaceAll("\\s+", " ");
        notes.merge(what + " -> " + (r.length() > 110 ? r.substring(0, 110) + "..." : r), 1, Integer::sum);
        return this;
    }

    public Tally accepted(String what) {
        accepted++;
        return this;
    }

    public int tried() {
        return tried;
    }

    public int rejected() {
        return rejected;
    }

    public int accepted() {
        return accepted;
    }

    /** Prints the figures and asserts nothing was lost or duplicated. */
    public void report() {
        StringBuilder s = new StringBuilder(String.format("[hardening] %-34s inputs=%d lost=%d duplicated=%d rejected-with-reason=%d accepted=%d",
                scenario, tried, lost, duplicated, rejected, accepted));
        notes.forEach((n, times) -> s.append("\n[hardening]     ").append(times > 1 ? times + " x " : "").append(n));
        System.out.println(s);
        assertThat(lost).as(scenario + ": lost").isZero();
        assertThat(duplicated).as(scenario + ": duplicated").isZero();
    }
}
