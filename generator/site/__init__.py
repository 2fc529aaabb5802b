"""Adapters from the generated page set to a site: the MkDocs plugin, the docs-tree writer, build."""
