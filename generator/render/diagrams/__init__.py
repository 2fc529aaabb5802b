"""Diagrams and charts: DOT built from the catalog, rendered to SVG by Graphviz."""
