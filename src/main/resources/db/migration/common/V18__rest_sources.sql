-- REST sources: an endpoint polled on the source's schedule, page by page, incrementally ("since" the last successful
-- poll began). next_due (already on hub_source) is the next poll, claimed by compare-and-set.
alter table hub_source add column endpoint varchar(2000);
alter table hub_source add column paging varchar(1000);
alter table hub_source add column polled_since timestamp with time zone;
-- JDBC sources: a department's database read incrementally by a change column; the last change value read.
alter table hub_source add column database_read varchar(4000);
alter table hub_source add column change_mark varchar(200);
