"""Other tools' formats: a journey written for them, and a starter journey read from them."""
