"""Storage: schema, migrations and the Store over SQLite or PostgreSQL."""
