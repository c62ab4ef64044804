-- A retried declaration is one fact: its idempotency key is unique per resident (NULLs, facts without a key, stay apart).
alter table health_fact add column retry_key varchar(80);
create unique index health_fact_retry on health_fact (resident_id, retry_key);

-- Values at their documented limits fit their columns (platform.Limits; LimitsFitTheSchemaTest checks every one):
-- an order's source carries its legal reason (300), a household of 20 members with their notes is about 7,000 characters.
alter table health_fact alter column source set data type varchar(400);
alter table community_registration alter column details set data type varchar(10000);
