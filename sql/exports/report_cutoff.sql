-- The newest accepted report behind the denial profiles, and how many reports there are.
select
    max(accepted_at) as report_cutoff,
    count(*) as accepted_reports
from reports
