-- Performance (BENCHMARKS.md): the precedents of a review package are the decisions on requests
-- of the same exception type and product; without this index every level opening scanned all
-- requests joined to decisions.
CREATE INDEX ix_requests_type_product ON requests (exception_type, product);
