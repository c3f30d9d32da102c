-- The customer portal (docs/portal.md). A portal session is a row of sessions like a person's, bound
-- to one organisation: customer_id (NULL while the organisation is not confirmed) and organisation
-- (lifecycle/PortalOrganisation: CONFIRMED or UNCONFIRMED). A customer's person_id is their e-mail
-- address (up to 320 characters, as requests.reply_to), in sessions and in sign_in_links (via = 'portal').
ALTER TABLE sessions ADD COLUMN customer_id VARCHAR(200);
ALTER TABLE sessions ADD COLUMN organisation VARCHAR(20);
ALTER TABLE sessions ALTER COLUMN person_id SET DATA TYPE VARCHAR(320);
ALTER TABLE sign_in_links ALTER COLUMN person_id SET DATA TYPE VARCHAR(320);
-- the portal's lists: an organisation's requests newest first, its waivers
CREATE INDEX ix_requests_customer_received ON requests (customer_id, received_at);
CREATE INDEX ix_waivers_customer ON waivers (customer_id, state);
