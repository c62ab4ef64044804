-- PostgreSQL only: nothing differs for the twin yet (its geo-queries run on the bounding-box columns and JTS on
-- both databases); the version keeps both migration histories in step.
select 1;
