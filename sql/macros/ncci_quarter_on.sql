-- The NCCI quarter that answers questions about on_date for a setting ('practitioner' or 'outpatient'):
-- the latest loaded quarter starting on or before on_date, else the latest loaded (its files carry the
-- edits' history); null when no quarter of the setting is loaded.
-- The macro's parameters are unqualified names: RF02 and RF03 do not apply.
-- noqa: disable=RF02,RF03
create or replace macro ncci_quarter_on(on_date, setting_name := 'practitioner') as (
    select q.quarter
    from (
        select distinct p.quarter
        from ncci_ptp as p
        where p.setting = setting_name
    ) as q
    order by
        make_date(cast(left(q.quarter, 4) as integer), 3 * cast(right(q.quarter, 1) as integer) - 2, 1)
        <= on_date desc,
        q.quarter desc
    limit 1
);
