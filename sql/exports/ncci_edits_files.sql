-- Per HCPCS code with an active edit in the latest quarter, its companion file ncci/<HCPCS>.json
-- (code_page.v2 `edits_file`) as compact JSON text: EVERY active edit as column 1 and as column 2, in
-- the page's order (modifier indicator, other code, effective date), written column-wise (one list per
-- field), dates as YYYYMMDD numbers (as CMS writes them), `deletion_date` null when no listed edit has
-- one (else one entry per edit, null = none), the rationale as an index into the file's `rationales`.
-- Run once per hash bucket of the code ($bucket of $buckets) so DuckDB sorts a slice at a time.
with both_ways as (
    select
        hcpcs,
        direction,
        other,
        modifier_indicator,
        effective_date,
        deletion_date,
        rationale,
        version
    from ncci_active_edges
    where hash(hcpcs) % $buckets = $bucket
),

texts as (
    select
        hcpcs,
        rationale,
        row_number() over (partition by hcpcs order by rationale) - 1 as idx
    from (
        select distinct
            hcpcs,
            rationale
        from both_ways
        where rationale is not null
    ) as used
),

rows as (
    select
        b.hcpcs,
        b.direction,
        b.version,
        t.idx,
        struct_pack(
            other := b.other,
            modifier_indicator := b.modifier_indicator,
            effective := cast(strftime(b.effective_date, '%Y%m%d') as integer),
            deletion := cast(strftime(b.deletion_date, '%Y%m%d') as integer),
            rationale := t.idx
        ) as edit,
        b.modifier_indicator,
        b.other,
        b.effective_date,
        b.deletion_date as deletion
    from both_ways as b
    left join texts as t on b.hcpcs = t.hcpcs and b.rationale = t.rationale
),

lists as (
    select
        hcpcs,
        any_value(version) as version,
        count(deletion) filter (where direction = 1) as deleted1,
        count(deletion) filter (where direction = 2) as deleted2,
        coalesce(
            list(edit order by modifier_indicator, other, effective_date) filter (where direction = 1), []
        ) as as1,
        coalesce(
            list(edit order by modifier_indicator, other, effective_date) filter (where direction = 2), []
        ) as as2
    from rows
    group by hcpcs
),

named as (
    select
        hcpcs,
        list(rationale order by idx) as rationales
    from texts
    group by hcpcs
),

final as (
    select
        l.hcpcs,
        to_json(
            struct_pack(
                hcpcs := l.hcpcs,
                version := l.version,
                ptp_as_column1_total := len(l.as1),
                ptp_as_column2_total := len(l.as2),
                rationales := coalesce(n.rationales, []),
                ptp_as_column1 := struct_pack(
                    column2 := list_transform(l.as1, lambda e: e.other),  -- noqa: RF01
                    modifier_indicator := list_transform(l.as1, lambda e: e.modifier_indicator),  -- noqa: RF01
                    effective_date := list_transform(l.as1, lambda e: e.effective),  -- noqa: RF01
                    deletion_date := if(l.deleted1 = 0, null, list_transform(l.as1, lambda e: e.deletion)),  -- noqa: RF01
                    rationale := list_transform(l.as1, lambda e: e.rationale)  -- noqa: RF01
                ),
                ptp_as_column2 := struct_pack(
                    column1 := list_transform(l.as2, lambda e: e.other),  -- noqa: RF01
                    modifier_indicator := list_transform(l.as2, lambda e: e.modifier_indicator),  -- noqa: RF01
                    effective_date := list_transform(l.as2, lambda e: e.effective),  -- noqa: RF01
                    deletion_date := if(l.deleted2 = 0, null, list_transform(l.as2, lambda e: e.deletion)),  -- noqa: RF01
                    rationale := list_transform(l.as2, lambda e: e.rationale)  -- noqa: RF01
                )
            )
        ) as edits_file
    from lists as l
    left join named as n on l.hcpcs = n.hcpcs
)

select * from final
order by hcpcs
