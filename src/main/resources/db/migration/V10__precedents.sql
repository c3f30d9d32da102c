-- Performance (BENCHMARKS.md): the precedents of a review package are the latest decisions of
-- the same exception type and product. Joined through requests, every new approval chain read
-- all earlier requests of its type and product and sorted them; with the two columns on the
-- decision itself, the index hands over the newest ones directly.
ALTER TABLE decisions ADD COLUMN exception_type VARCHAR(40);
ALTER TABLE decisions ADD COLUMN product VARCHAR(200);
UPDATE decisions SET
    exception_type = (SELECT r.exception_type FROM requests r WHERE r.reference = decisions.request_ref),
    product = (SELECT r.product FROM requests r WHERE r.reference = decisions.request_ref);
CREATE INDEX ix_decisions_precedents ON decisions (exception_type, product, decided_at DESC);
-- the index V9 added for the old join has no other query
DROP INDEX ix_requests_type_product;
