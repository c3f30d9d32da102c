package io.lexhub.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.access.CustomerDomains;
import io.lexhub.lifecycle.PortalOrganisation;
import io.lexhub.model.DomainName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which organisation an address belongs to (docs/portal.md, "Which organisation"): exact domain,
 * case-insensitive, IDN-normalised; configured domains first, then the customer records; a domain of
 * two customers or of the vendor itself belongs to none.
 */
class CustomerDomainsTest {

    final List<String> asked = new ArrayList<>();

    CustomerDomains domains(Map<String, Set<String>> records) {
        return new CustomerDomains(Map.of("CUST-1", Set.of("acme.example", "Bücher.example"), "CUST-2", Set.of("beta.example")),
                Set.of("meridian-software.example"), d -> {
                    asked.add(d);
                    return records.getOrDefault(d, Set.of());
                }, d -> java.util.Optional.ofNullable(CONFIRMED_BY_DESK.get(d)));
    }

    /** What the desk confirmed (pipeline/organisation): a domain the records disagree on, and a configured one. */
    static final Map<String, String> CONFIRMED_BY_DESK = Map.of("joint.example", "CUST-5", "beta.example", "CUST-9");

    @Test
    void theDesksConfirmationComesAfterTheConfigurationAndBeforeTheRecords() {
        CustomerDomains d = domains(Map.of("joint.example", Set.of("CUST-4", "CUST-5")));
        assertThat(d.match("kim@joint.example")).isEqualTo(new CustomerDomains.Match("CUST-5", PortalOrganisation.CONFIRMED));
        assertThat(asked).as("the records are not read for a domain the desk confirmed").isEmpty();
        assertThat(d.match("kim@beta.example").customerId()).as("the configuration wins").isEqualTo("CUST-2");
        assertThat(d.match("kim@meridian-software.example").state()).as("never the vendor's own").isEqualTo(PortalOrganisation.UNCONFIRMED);
    }

    @Test
    void aConfiguredDomainMatchesExactlyWhateverItsCase() {
        CustomerDomains d = domains(Map.of());
        assertThat(d.match("jane@acme.example")).isEqualTo(new CustomerDomains.Match("CUST-1", PortalOrganisation.CONFIRMED));
        assertThat(d.match("Jane.Doe@ACME.Example")).isEqualTo(new CustomerDomains.Match("CUST-1", PortalOrganisation.CONFIRMED));
        assertThat(d.match("jane@acme.example.").customerId()).as("a trailing dot is the same name").isEqualTo("CUST-1");
        assertThat(asked).as("the records are not read for a configured domain").isEmpty();
    }

    @Test
    void aSubdomainIsNotTheDomain() {
        CustomerDomains d = domains(Map.of());
        assertThat(d.match("jane@eu.acme.example").state()).isEqualTo(PortalOrganisation.UNCONFIRMED);
        assertThat(d.match("jane@eu.acme.example").customerId()).isNull();
        assertThat(d.match("jane@notacme.example").state()).isEqualTo(PortalOrganisation.UNCONFIRMED);
        assertThat(d.match("jane@acme.example.evil.example").state()).isEqualTo(PortalOrganisation.UNCONFIRMED);
    }

    @Test
    void internationalisedNamesAreOneNameInEitherSpelling() {
        CustomerDomains d = domains(Map.of());
        assertThat(DomainName.normalise("Bücher.example")).hasValue("xn--bcher-kva.example");
        assertThat(d.match("anna@bücher.example").customerId()).isEqualTo("CUST-1");
        assertThat(d.match("anna@XN--BCHER-KVA.example").customerId()).isEqualTo("CUST-1");
    }

    @Test
    void theRecordsNameACustomerOnlyWhenExactlyOneHasTheDomain() {
        CustomerDomains d = domains(Map.of("gamma.example", Set.of("CUST-3"), "shared.example", Set.of("CUST-4", "CUST-5")));
        assertThat(d.match("bo@Gamma.example")).isEqualTo(new CustomerDomains.Match("CUST-3", PortalOrganisation.CONFIRMED));
        assertThat(asked).containsExactly("gamma.example");
        assertThat(d.match("bo@shared.example").state()).as("two customers: the desk decides").isEqualTo(PortalOrganisation.UNCONFIRMED);
        assertThat(d.match("bo@unknown.example").state()).isEqualTo(PortalOrganisation.UNCONFIRMED);
    }

    @Test
    void theVendorsOwnDomainAndMalformedAddressesBelongToNoCustomer() {
        CustomerDomains d = domains(Map.of("meridian-software.example", Set.of("CUST-9")));
        assertThat(d.match("carla.jensen@meridian-software.example").state()).isEqualTo(PortalOrganisation.UNCONFIRMED);
        for (String bad : new String[] {"no-at-sign", "@acme.example", "jane@", "jane@localhost", "jane@bad_domain!.example", "jane@a..example"}) {
            assertThat(d.match(bad).state()).as(bad).isEqualTo(PortalOrganisation.UNCONFIRMED);
        }
        assertThat(asked).as("the vendor's own domain is never looked up").doesNotContain("meridian-software.example");
    }
}
