-- H2 only: nothing differs for the twin.
select 1;
