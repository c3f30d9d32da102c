package io.lexhub.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** When two spellings of an e-mail address are one person. */
class AddressesTest {

    final Addresses standard = Addresses.standard();
    final Addresses vendorIgnoresDots = new Addresses(Set.of("gmail.com", "googlemail.com", "Meridian-Software.example."));
    static final String ALICE = "alice.moreau@meridian-software.example";

    @Test
    void caseAndSubAddressesDoNotMakeAnotherPerson() {
        assertThat(standard.same(ALICE, "Alice.Moreau@MERIDIAN-SOFTWARE.EXAMPLE")).isTrue();
        assertThat(standard.same(ALICE, "alice.moreau+x@meridian-software.example")).isTrue();
        assertThat(standard.same(ALICE, "alice.moreau+@meridian-software.example")).isTrue();
        assertThat(standard.same(ALICE, "alice.moreau+a+b@meridian-software.example")).isTrue();
        assertThat(standard.canonical("Alice.Moreau+deals@Meridian-Software.example")).isEqualTo(ALICE);
    }

    @Test
    void aTrailingDotQuotesAndAngleBracketsAreSpelling() {
        assertThat(standard.same(ALICE, "alice.moreau@meridian-software.example.")).isTrue();
        assertThat(standard.same(ALICE, "<alice.moreau@meridian-software.example>")).isTrue();
        assertThat(standard.same(ALICE, "\"alice.moreau\"@meridian-software.example")).isTrue();
        assertThat(standard.same(ALICE, "  alice.moreau@meridian-software.example  ")).isTrue();
    }

    @Test
    void dotsCountOnlyWhereTheDomainIgnoresThem() {
        assertThat(standard.same("alice.moreau@gmail.com", "alicemoreau@gmail.com")).isTrue();
        assertThat(standard.same("a.l.i.c.e@googlemail.com", "alice+work@gmail.com")).isTrue();
        // elsewhere a dot is part of the name: two different people
        assertThat(standard.same(ALICE, "alicemoreau@meridian-software.example")).isFalse();
        // unless the vendor says its own mail ignores dots
        assertThat(vendorIgnoresDots.same(ALICE, "alicemoreau@meridian-software.example")).isTrue();
        assertThat(vendorIgnoresDots.same(ALICE, "a.lice.moreau+x@MERIDIAN-software.example.")).isTrue();
    }

    @Test
    void internationalisedDomainsCompareInPunycode() {
        assertThat(standard.canonical("anna@bücher.example")).isEqualTo("anna@xn--bcher-kva.example");
        assertThat(standard.same("anna@bücher.example", "anna@XN--BCHER-KVA.example")).isTrue();
        assertThat(standard.same("anna@BÜCHER.example.", "anna@bücher.example")).isTrue();
    }

    @Test
    void unicodeLookAlikesAreTheLatinLetters() {
        // Cyrillic а (U+0430) and о (U+043E), Greek ο (U+03BF), in the local part and in the domain
        assertThat(standard.same(ALICE, "\u0430lice.m\u043Ereau@meridian-software.example")).isTrue();
        assertThat(standard.same(ALICE, "alice.moreau@m\u0435ridian-s\u03BFftware.example")).isTrue();
        assertThat(standard.same(ALICE, "\u0410LICE.MOREAU@MERIDIAN-SOFTWARE.EXAMPLE")).isTrue(); // Cyrillic capital А
        // full-width letters and the full-width at sign (NFKC)
        assertThat(standard.same(ALICE, "\uFF41lice.moreau\uFF20meridian-software.example")).isTrue();
        // invisible characters (zero-width space, soft hyphen, word joiner) do not make a new name
        assertThat(standard.same(ALICE, "ali\u200Bce.mo\u00ADreau@meridian\u2060-software.example")).isTrue();
    }

    @Test
    void differentPeopleStayDifferentAndNonAddressesAreNobody() {
        assertThat(standard.same(ALICE, "bruno.silva@meridian-software.example")).isFalse();
        assertThat(standard.same(ALICE, "alice.moreau@meridian-software.example.evil.example")).isFalse();
        assertThat(standard.same(ALICE, "alice.moreau@other.example")).isFalse();
        assertThat(standard.same(null, null)).isFalse();
        assertThat(standard.same("not an address", "not an address")).isFalse();
        assertThat(standard.same("+x@meridian-software.example", "+y@meridian-software.example")).isFalse();
        assertThat(standard.canonical("alice@")).isNull();
        assertThat(standard.canonical("@meridian-software.example")).isNull();
    }

    @Test
    void domainsAreComparedTheSameWayForDomainSettings() {
        assertThat(Addresses.domain("GoogleMail.com.")).isEqualTo("gmail.com");
        assertThat(Addresses.domain("m\u0435ridian-software.example")).isEqualTo("meridian-software.example");
    }
}
