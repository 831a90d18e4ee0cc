-- USPS state and territory codes accepted as the state of service.
select state from usps_states
