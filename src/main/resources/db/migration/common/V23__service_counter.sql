-- Submitted applications whose workflow has not started yet: the recovery after a crash between the two finds them
-- without reading the whole case file.
create index svc_application_unstarted on svc_application (state, process_instance_id, submitted_at);

-- A form the citizen saved on her phone to finish elsewhere (at the counter, on the kiosk): one per service.
create table svc_draft (
    applicant_id bigint      not null,
    service_code varchar(64) not null,
    form         varchar     not null,
    saved_at     timestamp with time zone not null,
    primary key (applicant_id, service_code)
);

-- A counter visit (窗口服务): a clerk serving one walk-in citizen, identified by her ID number (typed or read from her
-- card). The visit is the clerk's alone and ends when she ends it or after its time; its pages name it, not the
-- citizen, so no ID number goes into an address.
create table svc_counter_visit (
    id           varchar(36)  primary key,
    clerk        varchar(100) not null,
    resident_id  bigint       not null,
    id_number    varchar(18)  not null,
    name         varchar(100) not null,
    identified_by varchar(16) not null check (identified_by in ('TYPED', 'CARD')),
    started_at   timestamp with time zone not null,
    ends_at      timestamp with time zone not null,
    ended_at     timestamp with time zone
);
create index svc_counter_visit_clerk on svc_counter_visit (clerk, started_at);

-- The time limit's watch (时限预警与督办): when the department was warned that an application's promised date is near,
-- and when one past it was escalated to the service centre's supervision (电子监察). Each is set once, by
-- compare-and-set, whichever node's watch gets there first.
alter table svc_application add column warned_at timestamp with time zone;
alter table svc_application add column escalated_at timestamp with time zone;
create index svc_application_clock on svc_application (state, promised_by);
