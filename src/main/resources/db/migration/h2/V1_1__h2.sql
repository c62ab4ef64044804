-- H2 only: nothing differs yet; the folder keeps the version numbers of both databases in step.
select 1;
