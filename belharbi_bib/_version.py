"""The package version (single source: hatch reads it for the build metadata)."""

__version__ = "0.1.0"
