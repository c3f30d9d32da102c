-- PostgreSQL: no two ACTIVE waivers of the same customer and product overlap in time unless one
-- renews (is in the same chain as) the other. The intake lock (V24) keeps overlapping requests
-- out; this is the database's own guarantee behind it, whatever writes the table.
-- btree_gist is a contrib extension, trusted since PostgreSQL 13: the database owner may create it.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- chain roots of the waivers renewed before V24 (V24 set those of first waivers only)
WITH RECURSIVE chain (ref, root) AS (
    SELECT request_ref, request_ref FROM waivers WHERE renewal_of IS NULL
    UNION ALL
    SELECT w.request_ref, chain.root FROM waivers w JOIN chain ON w.renewal_of = chain.ref
)
UPDATE waivers SET chain_ref = chain.root FROM chain WHERE waivers.request_ref = chain.ref;
UPDATE waivers SET chain_ref = request_ref WHERE chain_ref IS NULL;

-- deferred to commit: a renewal's chain is set by the UPDATE that links it, after its INSERT.
-- Fails here if overlapping ACTIVE waivers exist already: docs/operations.md has the query to find them.
ALTER TABLE waivers ADD CONSTRAINT ex_waivers_active_overlap EXCLUDE USING gist (
    customer_id WITH =, product WITH =, daterange(start_date, end_date, '[]') WITH &&, chain_ref WITH <>
) WHERE (state = 'ACTIVE') DEFERRABLE INITIALLY DEFERRED;
