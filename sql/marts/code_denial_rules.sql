-- Record the rules this build used (a change in them forces the next run to rebuild every code).
insert into code_denial_rules
select
    $rules::json as rules,
    current_timestamp::timestamp as built_at
