-- The demo's stand-in for a face verification provider (实人认证): each check it passed, by its single-use token,
-- redeemed once by the sign-in it was made for. A city's real provider keeps its own; this table is then unused.
create table identity_face_check (
    token       varchar(64) primary key,
    id_number   varchar(18) not null,
    issued_at   timestamp with time zone not null,
    redeemed_at timestamp with time zone
);
