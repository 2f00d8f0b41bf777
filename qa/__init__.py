"""Ask questions of a set of readings; get back verbatim, cited sentences."""

__version__ = "0.1.0"
