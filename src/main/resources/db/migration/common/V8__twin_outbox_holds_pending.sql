-- twin: the outbox holds only notifications still to be sent (a delivered one is deleted; the subscription keeps the
-- count and the time of the last success). Rows delivered before this version go, and so does their column.
delete from twin_notification where delivered_at is not null;
drop index twin_notification_due;
alter table twin_notification drop column delivered_at;
create index twin_notification_due on twin_notification (abandoned, next_attempt_at);
