package io.lexhub.model;

import java.math.BigDecimal;
import java.util.List;

/**
 * The canonical request every channel produces (architecture rule 2). Fields are nullable because an
 * incomplete request is still a request: validation lists what is missing. {@code renews} names
 * the waiver (its request's reference) that this request renews; {@code backdateReason} says why
 * a period starts before the request was made; {@code language} is the language of the mails about it
 * (notify/Languages decides what it means). {@code practice} marks a training request: it goes through
 * the pipeline and the approval chain but grants nothing and tells no customer (docs/practice-and-patterns.md).
 */
public record ExceptionRequest(
        String clientRequestId,
        Customer customer,
        Person requester,
        Person accountOwner,
        List<String> beneficiaries,
        String product,
        String edition,
        ExceptionType type,
        Terms terms,
        String justification,
        BigDecimal revenueImpact,
        String currency,
        DataSensitivity dataSensitivity,
        DeploymentScale deploymentScale,
        List<String> evidence,
        String renews,
        String backdateReason,
        String language,
        Boolean practice) {

    public ExceptionRequest {
        beneficiaries = beneficiaries == null ? List.of() : List.copyOf(beneficiaries);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    /** A request document without the practice field: a real request. */
    public ExceptionRequest(String clientRequestId, Customer customer, Person requester, Person accountOwner, List<String> beneficiaries,
            String product, String edition, ExceptionType type, Terms terms, String justification, BigDecimal revenueImpact, String currency,
            DataSensitivity dataSensitivity, DeploymentScale deploymentScale, List<String> evidence, String renews, String backdateReason,
            String language) {
        this(clientRequestId, customer, requester, accountOwner, beneficiaries, product, edition, type, terms, justification, revenueImpact,
                currency, dataSensitivity, deploymentScale, evidence, renews, backdateReason, language, null);
    }

    /** True for a practice (training) request; named so that Jackson does not see a second property. */
    public boolean practiceRun() {
        return Boolean.TRUE.equals(practice);
    }

    /** This request marked as practice (the practice drop folder). */
    public ExceptionRequest asPractice() {
        return new ExceptionRequest(clientRequestId, customer, requester, accountOwner, beneficiaries, product, edition, type, terms, justification,
                revenueImpact, currency, dataSensitivity, deploymentScale, evidence, renews, backdateReason, language, Boolean.TRUE);
    }

    /** Where replies go: the customer contact, else the requester. */
    public String replyAddress() {
        if (customer != null && customer.contactEmail() != null) return customer.contactEmail();
        return requester == null ? null : requester.email();
    }
}
