-- Readable labels of the NCCI indicators: PTP modifier indicator (0/1/9) and MUE adjudication indicator (1/2/3).
create table if not exists ncci_indicator_labels (
    kind varchar not null,
    code tinyint not null,
    label varchar not null,
    meaning varchar not null,
    primary key (kind, code)
);
