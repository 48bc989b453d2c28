-- 0011: credits and money as 64-bit integers (issue 12, point 7): every INTEGER column holding
-- credits, a balance, a ledger amount, a price or cents becomes BIGINT, so a balance above 2^31 is
-- stored and read exactly. The maxima (domain/credits.hpp) are enforced by the application.
ALTER TABLE service_types ALTER COLUMN base_price_credits TYPE BIGINT;
ALTER TABLE urgencies ALTER COLUMN surcharge_credits TYPE BIGINT;
ALTER TABLE credit_ledger ALTER COLUMN amount TYPE BIGINT;
ALTER TABLE credit_balances ALTER COLUMN balance TYPE BIGINT;
ALTER TABLE leads ALTER COLUMN price_credits TYPE BIGINT;
ALTER TABLE claims ALTER COLUMN price_credits TYPE BIGINT;
ALTER TABLE plans ALTER COLUMN price_cents TYPE BIGINT, ALTER COLUMN monthly_credits TYPE BIGINT;
ALTER TABLE packs ALTER COLUMN credits TYPE BIGINT, ALTER COLUMN price_cents TYPE BIGINT;
ALTER TABLE payments ALTER COLUMN credits TYPE BIGINT;
