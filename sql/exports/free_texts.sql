-- Every distinct free text a contributor typed in an accepted report: the export gate refuses a
-- build whose files carry any of them.
with texts as (
    select denial_reason_text as text from reports
    union
    select appeal_strategy_text as text from reports
)

select text
from texts
where text is not null
