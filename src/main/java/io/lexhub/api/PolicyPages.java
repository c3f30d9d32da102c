package io.lexhub.api;

import io.lexhub.approval.ApproverDirectory;
import io.lexhub.workspace.PolicyView;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;

/** The policy page of the workspace (GET /policy, desk and audit): the policy in force and its reloads. */
public final class PolicyPages {

    private final PolicyView view;
    private final ApproverDirectory directory;
    private final ZoneId zone;

    public PolicyPages(PolicyView view, ApproverDirectory directory, ZoneId zone) {
        this.view = view;
        this.directory = directory;
        this.zone = zone;
    }

    public void page(Exchange exchange) {
        Map<String, Object> model = new LinkedHashMap<>();
        Viewer viewer = Viewer.of(exchange, directory, "policy");
        model.put("viewer", viewer);
        model.put("page", view.page());
        model.put("zone", viewer.zone(zone));
        Pages.page(exchange, 200, Pages.render("policy.jte", model));
    }
}
