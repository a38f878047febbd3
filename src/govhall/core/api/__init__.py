"""What every API shares: the error shape and its exception handler, pagination, the schema."""
