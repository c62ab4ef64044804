-- PostgreSQL only: the bounding box of each entity's location as a PostGIS geometry with a GiST index, so that
-- geo-queries at millions of entities find their candidates by index (H2 narrows by min_lat instead).
alter table twin_entity add column bbox geometry
    generated always as (case when min_lon is null then null else ST_MakeEnvelope(min_lon, min_lat, max_lon, max_lat, 4326) end) stored;
create index twin_entity_bbox on twin_entity using gist (bbox);
