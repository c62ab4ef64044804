-- PostgreSQL only: fewer index entries per entity for bulk loads (issue "digital twin": 20,000 entities/s).
-- Geo-queries use the GiST index on bbox here; the B-tree on the box columns serves H2 alone.
drop index twin_entity_box;
-- Numbers are compared only when present: a partial index holds the numeric rows alone, and "num_value = ?",
-- "between" and "<" imply "num_value is not null", so the planner uses it for them. (The string index stays whole:
-- it also answers "does the attribute exist".)
drop index twin_property_num;
create index twin_property_num on twin_property (tenant, name, num_value, entity_id) where num_value is not null;
