"""Pages of the item bank: bank management, the proctor console and the candidate's exam page (R-BANK-1..4).

Every write calls a service; a broken rule re-renders with the Chinese message and status 400;
a record outside the actor's scope answers 404, exactly like the API.
"""
