-- Insert the parsed locality_county rows of one release, registered by the loader as staged_locality_county.
insert into locality_county by name
select * from staged_locality_county
