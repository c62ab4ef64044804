-- PostgreSQL only: PostGIS locations for the city's places, kept by the database from lon/lat,
-- with a GiST index for the spatial queries of the digital twin.
create extension if not exists postgis;

alter table place add column location geometry(Point, 4326)
    generated always as (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) stored;
create index place_location on place using gist (location);

-- The audit trail is append-only: refuse updates and deletes at the database, not only in the application.
create function audit_record_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_record is append-only';
end $$;
create trigger audit_record_append_only before update or delete on audit_record
    for each row execute function audit_record_is_append_only();
