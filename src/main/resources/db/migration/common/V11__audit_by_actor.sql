-- What one actor (a gate) read recently: counted for the gates' outsider lookups.
create index audit_actor on audit_record (actor, recorded_at);
