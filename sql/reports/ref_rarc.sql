-- X12 Remittance Advice Remark Codes.
select code from x12_codes
where code_type = 'RARC'
