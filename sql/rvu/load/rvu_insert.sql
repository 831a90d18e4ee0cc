-- Insert the parsed rvu rows of one release, registered by the loader as staged_rvu.
insert into rvu by name
select * from staged_rvu
