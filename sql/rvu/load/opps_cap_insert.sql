-- Insert the parsed opps_cap rows of one release, registered by the loader as staged_opps_cap.
insert into opps_cap by name
select * from staged_opps_cap
