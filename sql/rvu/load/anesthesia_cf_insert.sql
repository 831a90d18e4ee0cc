-- Insert the parsed anesthesia_cf rows of one release, registered by the loader as staged_anesthesia_cf.
insert into anesthesia_cf by name
select * from staged_anesthesia_cf
