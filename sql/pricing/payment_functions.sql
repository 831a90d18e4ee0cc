-- The PFS formula and the NA wording, written once and used by the payment view and the price macro.
-- fee = [(W x GPCIw) + (PE x GPCIpe) + (MP x GPCImp)] x CF, unrounded [RVU25D p.1-2]; the OPPS amount is
-- the same formula with the OPPS PE and MP RVUs [RVU25D p.2].
create or replace macro pfs_amount(work_rvu, pe_rvu, mp_rvu, work_gpci, pe_gpci, mp_gpci, conversion_factor) as (
    (work_rvu * work_gpci + pe_rvu * pe_gpci + mp_rvu * mp_gpci) * conversion_factor
);

-- OPPS limit: the OPPSCAP amount for the locality, else the row's OPPS formula, else none (null). A
-- missing OPPS RVU counts as 0 of the RVU columns' own type (decimal(9, 2)): a bare 0 would widen the
-- formula past 18 digits into 128-bit decimals and make every amount of the payment view ~3x slower.
create or replace macro pfs_opps_limit(
    cap_amount, work_rvu, opps_pe_rvu, opps_mp_rvu, work_gpci, pe_gpci, mp_gpci, conversion_factor
) as (
    coalesce(
        cap_amount,
        if(
            coalesce(opps_pe_rvu, 0) + coalesce(opps_mp_rvu, 0) > 0,
            pfs_amount(
                work_rvu, coalesce(opps_pe_rvu, 0::decimal(9, 2)), coalesce(opps_mp_rvu, 0::decimal(9, 2)),
                work_gpci, pe_gpci, mp_gpci, conversion_factor
            ),
            null
        )
    )
);

-- A setting CMS flags NA is still priced from the PE RVU CMS put there [CMS payment files PFREV25C, PF25A].
create or replace macro pfs_na_note(setting) as (
    'the ' || setting || ' setting is flagged NA (rarely or never performed there); '
    || 'CMS''s payment files still price it'
);
