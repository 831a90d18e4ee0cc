"""Word lists the recognizers share: states, payers, and words that are never a person's or a place's name here."""

from __future__ import annotations

from pipelines.lib.states import US_STATES

STATES = US_STATES
STATE_CODES = "|".join(STATES)
STATE_NAMES = "|".join(sorted(STATES.values(), key=len, reverse=True))

# Payers, MACs and fee schedules: named in billing notes, never PHI (issue 5). Matched case-insensitively.
PAYERS = (
    r"palmetto\s+gba|palmetto|noridian(?:\s+j[a-z])?|novitas(?:\s+solutions)?|first\s+coast(?:\s+service\s+options)?"
    r"|wps(?:\s+gha)?|cgs(?:\s+administrators)?|national\s+government\s+services|ngs|cahaba|pinnacle"
    r"|blue\s+cross(?:\s+(?:and\s+)?blue\s+shield)?(?:\s+of\s+[a-z]+(?:\s+[a-z]+)?)?|bcbs\w*|anthem|aetna"
    r"|cigna|humana|united\s*health\s*care|uhc|optum|molina|centene|wellcare|ambetter|kaiser(?:\s+permanente)?"
    r"|highmark|premera|regence|tricare(?:\s+(?:east|west))?|champva|oscar|caresource|amerigroup|magellan"
    r"|evicore|avality|availity|change\s+healthcare|waystar|trizetto|medi-cal|masshealth|tenncare"
    r"|soonercare|badgercare|husky|ahcccs|apple\s+health|medicaid|medicare"
    r"|harvard\s+pilgrim|tufts(?:\s+health)?|fallon(?:\s+health)?|excellus|priority\s+health|medica|health\s+net"
    r"|florida\s+blue|independence\s+blue\s+cross|horizon(?:\s+blue\s+cross\s+blue\s+shield)?|capital\s+blue"
    r"|geisinger|emblem(?:health)?|healthfirst|fidelis|wellpoint|elevance|carefirst|wellmark|sentara|avmed"
    r"|medical\s+mutual|dean\s+health|sanford\s+health|selecthealth"
    r"|pacificsource|lifewise|kaiser|scott\s+(?:and|&)\s+white|baylor\s+scott|amerihealth(?:\s+caritas)?"
    r"|keystone\s+first|upmc|aultcare|ambetter|peach\s+state|iowa\s+total\s+care"
    r"|nebraska\s+total\s+care|louisiana\s+healthcare\s+connections"
    r"|simply\s+healthcare|sunshine\s+health|superior\s+health\s*plan|staywell|liberty\s+mutual|travelers|hartford"
    r"|state\s+farm|geico|progressive|allstate|sedgwick|gallagher\s+bassett|l&i|bwc"
)

# Words that look like names (Census lists hold "Will", "May", "Price", "Long" ...) but in billing notes
# are ordinary words. The X12 description vocabulary (data/billing_words.txt) is added to this at load.
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any appeal appealed appeals approved april are as at
    attached august auth authorization back bad be because been before being below between bill billed billing
    both but by call called can care case center charge chart check claim claims clinic code coded codes coding
    corrected could coverage covered day days december denial denials denied did do does done down due during
    each edit edits eligible else end even ever every february few fee file filed first for friday from
    further get given go good got had has have he health her here him his hold home hospital how i if in into
    is it its january july june just last late later less like line long made many march may me medical might
    modifier monday more most much must my need needed never new next no not note notes november now number
    october of off office on once one only or other our out over paid part patient payer payment per plan
    please policy post practice prior provider put rate re received records rejected resubmitted review right
    said same saturday see seen sent september service services she should since so some still submitted such
    sunday than that the their them then there these they this those through thursday to today too tuesday
    under until up upon us very visit was we wednesday week well were what when where which while who why
    will with within without would year yes yet you your
    chapter section article transmittal manual pub lcd ncd cms mac jurisdiction part unit units visits
    therapy therapist physical occupational speech evaluation eval reeval treatment plan of care poc
    kx gp go gn cq co pt ot slp pta ota dme mri ct xray lab labs ekg ecg er ed icu snf asc opd
    ncci mue ptp cci rvu gpci pfs mpfs opps drg apc hcpcs cpt icd dx diagnosis diagnoses
    prior-auth preauth precert referral referring ordering rendering billing attending supervising
    network inn oon commercial managed advantage supplement secondary primary tertiary crossover cob
    eob era remit remittance adjustment adjusted recoup recoupment overpayment underpayment offset
    timely filing limit deadline reconsideration redetermination hearing alj qic level peer
    documentation doc docs notes records signature signed unsigned cosign attestation addendum
    medically necessary necessity frequency duplicate bundled unbundled bundle inclusive global
    professional technical component facility nonfacility locality rest state federal national
    fiscal intermediary contractor carrier administrative mac dme-mac durable equipment supply supplies
    injection infusion drug drugs vaccine office outpatient inpatient observation emergency urgent
    telehealth virtual audio video modifier modifiers units minutes hours hour minute session sessions
    initial subsequent established new consult consultation follow-up followup return
    total amount allowed allowable deductible coinsurance copay copayment contractual writeoff write-off
    balance due refund credit debit check eft trace deposit posted posting ledger statement
    left right bilateral anterior posterior upper lower lumbar cervical thoracic knee hip shoulder ankle
    wrist elbow spine back neck chronic acute pain injury fracture surgery surgical post-op pre-op
    rehab rehabilitation functional capacity work hardening conditioning gait balance manual
    dry needling ultrasound massage traction exercise exercises neuromuscular reeducation kinesio
    group individual one-on-one supervised unattended attended timed untimed rule eight
    north south east west central region regional county city town village street road avenue
    first coast gba noridian palmetto novitas wps cgs ngs cahaba humana aetna cigna anthem optum
    molina centene wellcare tricare champva medicare medicaid blue cross shield united healthcare
    american america general mutual life trust benefit benefits administrators services solutions
    team staff front desk manager coder coders biller billers rep representative agent supervisor
    mon tue wed thu fri sat sun jan feb mar apr jun jul aug sep sept oct nov dec
    q1 q2 q3 q4 fy cy ytd mtd dos dob
    lien liens subrogation settlement attorney
    """.split()
)
