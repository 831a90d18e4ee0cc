-- Drop the rejected rows of one quarter and kind (reason codes are prefixed 'ptp.' or 'mue.').
delete from rejected_rows
where domain = 'ncci' and partition_key = $quarter and starts_with(reason_code, $prefix);
