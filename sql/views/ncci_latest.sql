-- The NCCI quarter the code pages show: the latest quarter with practitioner PTP edits (0 or 1 row).
create or replace view ncci_latest as
with latest as (
    select max(quarter) as quarter
    from ncci_ptp
    where setting = 'practitioner'
),

final as (
    select
        quarter,
        'practitioner' as setting,
        quarter || ' practitioner' as version,
        make_date(cast(left(quarter, 4) as integer), 3 * cast(right(quarter, 1) as integer) - 2, 1) as quarter_start,
        last_day(make_date(cast(left(quarter, 4) as integer), 3 * cast(right(quarter, 1) as integer), 1)) as quarter_end
    from latest
    where quarter is not null
)

select * from final;
