#!/usr/bin/env bash
# The COPY baseline for the twin's batch upsert: copies the rows that bench/twin.sh wrote for tenant "bench"
# (entities, value index, history) out to CSV and times PostgreSQL's COPY loading them into fresh tables with the
# same indexes. Usage (as a PostgreSQL superuser, on the database of the twin benchmark): bench/copy-baseline.sh twinbench
set -euo pipefail
db=${1:-twinbench}
psql_() { if [ "$(id -u)" -eq 0 ]; then su postgres -c "psql -d $db -v ON_ERROR_STOP=1 -qtA -c \"$1\""; else psql -d "$db" -v ON_ERROR_STOP=1 -qtA -c "$1"; fi; }
cols_entity="tenant, id, type, extra_types, doc, lon, lat, min_lon, min_lat, max_lon, max_lat, created_at, modified_at"
psql_ "copy (select $cols_entity from twin_entity where tenant = 'bench') to '/tmp/copy_entity.csv' csv"
psql_ "copy (select tenant, entity_id, name, num_value, str_value from twin_property where tenant = 'bench') to '/tmp/copy_property.csv' csv"
psql_ "copy (select tenant, entity_id, name, observed_at, instance from twin_history where tenant = 'bench') to '/tmp/copy_history.csv' csv"
psql_ "drop table if exists copy_entity, copy_property, copy_history"
psql_ "create table copy_entity (like twin_entity including indexes); alter table copy_entity drop column bbox"
psql_ "create index on copy_entity using gist (ST_MakeEnvelope(min_lon, min_lat, max_lon, max_lat, 4326))"
psql_ "create table copy_property (like twin_property including indexes)"
psql_ "create table copy_history (tenant varchar(64), entity_id varchar(512), name varchar(512), observed_at timestamptz, instance varchar)"
psql_ "create index on copy_history (tenant, entity_id, name, observed_at)"
start=$(date +%s.%N)
psql_ "copy copy_entity ($cols_entity) from '/tmp/copy_entity.csv' csv"
psql_ "copy copy_property from '/tmp/copy_property.csv' csv"
psql_ "copy copy_history from '/tmp/copy_history.csv' csv"
end=$(date +%s.%N)
n=$(psql_ "select count(*) from copy_entity")
awk -v s="$start" -v e="$end" -v n="$n" 'BEGIN { printf "COPY baseline: %d entities (with value index and history rows) in %.1f s = %.0f entities/s\n", n, e - s, n / (e - s) }'
psql_ "drop table copy_entity, copy_property, copy_history"
rm -f /tmp/copy_entity.csv /tmp/copy_property.csv /tmp/copy_history.csv
