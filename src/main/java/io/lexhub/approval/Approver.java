package io.lexhub.approval;

import java.util.List;

/**
 * A person in config/approvers.yaml. approvalLimit null means no limit. jiraAccountId (Jira Cloud)
 * and jiraUser (Jira Server / Data Center user name) let them decide from a Jira ticket. oidcSubject
 * is their subject ({@code sub}) at the OpenID provider, when people are matched by it
 * ({@code lexhub.auth.oidc.claim = sub}, docs/identity.md).
 */
public record Approver(String id, String name, String email, List<String> roles, Double approvalLimit, String manager, String backup,
        String jiraAccountId, String jiraUser, String oidcSubject) {

    public Approver(String id, String name, String email, List<String> roles, Double approvalLimit, String manager, String backup,
            String jiraAccountId, String jiraUser) {
        this(id, name, email, roles, approvalLimit, manager, backup, jiraAccountId, jiraUser, null);
    }

    public Approver {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean mayApprove(double revenueImpact) {
        return approvalLimit == null || revenueImpact <= approvalLimit;
    }
}
