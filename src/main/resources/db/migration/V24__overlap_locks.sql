-- Overlapping exceptions (issue 16, defect 1): the intake transaction locks the row of the
-- request's customer and product, re-checks the overlap and only then stores the request, so two
-- overlapping requests arriving together are decided one after the other (on every node).
CREATE TABLE overlap_locks (
    customer_id VARCHAR(200) NOT NULL,
    product     VARCHAR(200) NOT NULL,
    CONSTRAINT pk_overlap_locks PRIMARY KEY (customer_id, product)
);

-- The first waiver of a renewal chain: a renewal may overlap the waiver it continues, never a
-- waiver of another chain (PostgreSQL enforces it with an exclusion constraint, V25).
ALTER TABLE waivers ADD COLUMN chain_ref VARCHAR(20);
UPDATE waivers SET chain_ref = request_ref WHERE renewal_of IS NULL;
