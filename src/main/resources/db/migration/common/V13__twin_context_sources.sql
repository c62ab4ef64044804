-- Context source registrations (NGSI-LD distributed operations, GS CIM 009 5.9): other brokers — another
-- department's, another city's CityBrain — that answer for some entities. Queries are forwarded to them.
create table twin_registration (
    tenant      varchar(64)  not null,
    id          varchar(512) not null,
    doc         varchar      not null,
    endpoint    varchar(2000) not null,
    expires_at  timestamp with time zone,
    created_at  timestamp with time zone not null,
    modified_at timestamp with time zone not null,
    primary key (tenant, id)
);
