-- When the model's network was written into the twin: set once, by compare-and-set, so that of two nodes starting
-- together one writes it.
alter table flood_model add column projected_at timestamp with time zone;
