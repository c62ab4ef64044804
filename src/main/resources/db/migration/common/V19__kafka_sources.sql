-- Kafka sources: a department's topic, read by this city's consumer group and loaded in batches (the offsets live in
-- Kafka, committed once a batch's run is written; the run's submission key names the offsets, so a batch delivered
-- again after a crash is the same run).
alter table hub_source add column stream varchar(2000);
