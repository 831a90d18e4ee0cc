-- One row per accepted report x RARC position.
create table if not exists report_rarc (
    report_id varchar not null,
    position integer not null,
    rarc_code varchar not null,
    primary key (report_id, position)
);
