"""The durable analysis queue and its workers."""
