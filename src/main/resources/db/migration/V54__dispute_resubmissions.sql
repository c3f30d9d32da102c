-- The dashboard's disputes (issue 20, BENCHMARKS.md "Dashboard at scale, after"): for each denial of
-- the period, a later request of the same customer, product and type. Through
-- ix_requests_customer_product every probe read all the customer's requests of the product (about 20
-- heap rows at a million requests); with the type and the receipt time in the index it reads only
-- the later ones.
CREATE INDEX ix_requests_resubmission ON requests (customer_id, product, exception_type, received_at);
