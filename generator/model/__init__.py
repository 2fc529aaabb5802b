"""The typed, normalized catalog and the references it makes."""
