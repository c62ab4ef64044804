-- Subscriptions to context source registrations (GS CIM 009 5.11) live beside the entity subscriptions: the same
-- validation, the same outbox, the same delivery counters. kind tells them apart.
alter table twin_subscription add column kind varchar(16) default 'entities' not null;
