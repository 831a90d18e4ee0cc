-- Rejected rows per reason (without the kind prefix) of one quarter and kind.
select
    substr(reason_code, length($prefix) + 1) as reason_code,
    count(*) as rows_rejected
from rejected_rows
where domain = 'ncci' and partition_key = $quarter and starts_with(reason_code, $prefix)
group by reason_code
order by reason_code;
