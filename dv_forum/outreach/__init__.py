"""Women's Aid outreach: clients, contacts and the figures the coordinator watches.

An outreach worker sees and edits only her own clients (those whose ``worker`` is her user name);
the coordinator sees all. Every view and edit is audited with the client code as the reference.
"""
