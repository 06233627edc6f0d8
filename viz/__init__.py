"""The interactive HTML network of the entity graph."""
