-- data_freshness is rebuilt whole on every refresh.
delete from data_freshness
