-- The key the phone app's sign-in tokens are signed with (HMAC-SHA256), when the operator configures none: drawn by
-- the first node to need it and read by all, so that a token issued by one node is accepted by every other.
create table identity_app_token_key (
    id     integer     primary key check (id = 1),
    secret varchar(64) not null
);
