-- The workspace's waiver list (docs/workspace.md, "Waivers"): a page of waivers in one state, by end
-- date then reference, continued after the last row shown (store/WaiverListStore). With the reference
-- in the index the page is read in index order, never sorted, however many waivers there are; it
-- serves everything ix_waivers_state_end (V2) served, which it replaces.
CREATE INDEX ix_waivers_state_end_ref ON waivers (state, end_date, request_ref);
DROP INDEX ix_waivers_state_end;

-- The workspace's delegations page (docs/workspace.md, "Delegations"): a person's own, given
-- (by delegator; ix_delegations_delegate serves those received), and for the desk every live one
-- (those not yet past their last day).
CREATE INDEX ix_delegations_delegator ON delegations (delegator);
CREATE INDEX ix_delegations_until ON delegations (valid_until);
