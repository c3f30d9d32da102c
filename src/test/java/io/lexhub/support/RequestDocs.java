package io.lexhub.support;

/** Request documents for tests; the customer's contact is contact@<customer id, lower case>.example. */
public final class RequestDocs {

    private RequestDocs() {}

    public static String request(String customer, String type, String terms, String start, int days, int revenue, String sensitivity,
            String requesterEmail) {
        return request(customer, type, terms, start, days, revenue, sensitivity, requesterEmail, null);
    }

    public static String request(String customer, String type, String terms, String start, int days, int revenue, String sensitivity,
            String requesterEmail, String renews) {
        String domain = customer.toLowerCase() + ".example";
        return """
                {"customer": {"id": "%s", "name": "%s Ltd", "contactEmail": "contact@%s", "domain": "%s"},
                 "requester": {"name": "Req Uester", "email": "%s"},
                 "accountOwner": {"name": "Acc Owner", "email": "owner@meridian-software.example"},
                 "product": "Meridian Data Platform", "type": "%s",
                 "terms": {%s, "start": "%s", "durationDays": %d},
                 "justification": "A justification long enough to be reviewed properly by the approvers of this request.",
                 "evidence": ["https://crm.meridian-software.example/opp/1"],
                 "revenueImpact": %d, "currency": "EUR", "dataSensitivity": "%s", "deploymentScale": "MEDIUM"%s}
                """.formatted(customer, customer, domain, domain, requesterEmail == null ? "req@" + domain : requesterEmail, type, terms,
                start, days, revenue, sensitivity, renews == null ? "" : ", \"renews\": \"" + renews + "\"");
    }
}
