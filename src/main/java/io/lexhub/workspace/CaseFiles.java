package io.lexhub.workspace;

import io.lexhub.pipeline.approval.ReviewPackages;

/** The review page's case: the review package (one code path with the API) and the viewer's seat on the open level. */
public final class CaseFiles {

    private final ReviewPackages reviews;
    private final Inbox inbox;

    public CaseFiles(ReviewPackages reviews, Inbox inbox) {
        this.reviews = reviews;
        this.inbox = inbox;
    }

    /** The case of a request for a viewer; UnknownRequestException when there is no such request. */
    public CaseView open(String reference, String viewerId) {
        return CaseView.of(reviews.reviewPackage(reference), inbox.waitingOn(reference, viewerId));
    }
}
