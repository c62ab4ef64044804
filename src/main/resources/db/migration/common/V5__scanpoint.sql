-- scanpoint: the devices at gates, checkpoints, entrances and venues, and every scan they report.

create table scan_device (
    device_id     varchar(64)  primary key,
    kind          varchar(16)  not null,
    place_id      bigint       not null,
    place_name    varchar(200) not null,
    division_code varchar(12)  not null
);

create table venue_code (
    code     varchar(32)  primary key,
    place_id bigint       not null,
    name     varchar(200) not null,
    division_code varchar(12) not null
);
create index venue_code_place on venue_code (place_id);

-- Idempotent by (device, sequence): a device that retries gets the stored decision back, not a second scan.
create table scan (
    device_id     varchar(64)  not null,
    seq           varchar(64)  not null,
    kind          varchar(16)  not null,
    place_id      bigint       not null,
    division_code varchar(12)  not null,
    scanned_at    timestamp with time zone not null,
    resident_id   bigint,
    person_ref    varchar(200) not null,
    plate         varchar(16),
    origin_code   varchar(12),
    decision      varchar(8)   not null,
    colour        varchar(8)   not null,
    reason        varchar(32)  not null,
    recorded_at   timestamp with time zone not null,
    primary key (device_id, seq)
);
create index scan_resident on scan (resident_id, scanned_at);

