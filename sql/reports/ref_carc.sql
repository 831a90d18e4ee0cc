-- X12 Claim Adjustment Reason Codes (without group code).
select code from x12_codes
where code_type = 'CARC'
