"""`kg serve`: the read-only SPARQL 1.1 Protocol endpoint (protocol.py: requests and negotiation;
server.py: HTTP, time limit, the HTML graph page)."""
