-- User @context documents (GS CIM 009 5.13): those clients store here ("hosted"), and remote ones fetched from the
-- hosts the operator allows ("cached"), so that every node resolves them alike and none fetches on each request.
create table twin_ld_context (
    id          varchar(64)   not null primary key,
    kind        varchar(16)   not null,
    url         varchar(2000),
    doc         varchar       not null,
    created_at  timestamp with time zone not null,
    constraint twin_ld_context_url unique (url)
);
