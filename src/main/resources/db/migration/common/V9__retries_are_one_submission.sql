-- A retried declaration is one fact: its idempotency key is unique per resident (NULLs, facts without a key, stay apart).
alter table health_fact add column retry_key varchar(80);
create unique index health_fact_retry on health_fact (resident_id, retry_key);
