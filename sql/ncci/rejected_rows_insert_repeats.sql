-- Reject the rows of ncci_repeats whose values differ from the first row of their key (the first is kept).
insert into rejected_rows
select
    'ncci' as domain,
    $quarter as partition_key,
    source_file,
    source_line as line_number,
    null as raw_line,
    $prefix || 'conflicting_duplicate' as reason_code,
    format(
        'same {} as line {} of {} but different values; the first is kept', $what, first_line, first_file
    ) as reason,
    current_timestamp as rejected_at
from ncci_repeats
where not same;
