-- Periodic notifications (NGSI-LD timeInterval): when a subscription is next due. A node claims a due subscription
-- by moving next_due forward with a compare-and-set update, so two nodes never send the same period twice.
alter table twin_subscription add column time_interval double precision;
alter table twin_subscription add column next_due timestamp with time zone;
create index twin_subscription_due on twin_subscription(next_due);
