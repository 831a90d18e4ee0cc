-- Insert the parsed gpci rows of one release, registered by the loader as staged_gpci.
insert into gpci by name
select * from staged_gpci
