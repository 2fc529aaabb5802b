"""Journey Catalog: customer journeys as version-controlled YAML, validated and published."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("journey-catalog")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"
