-- One row per accepted report x CARC position: 'CO-97' split into group code and reason code.
create table if not exists report_carc (
    report_id varchar not null,
    position integer not null,
    group_code varchar not null,
    carc_code varchar not null,
    carc varchar not null,
    primary key (report_id, position)
);
