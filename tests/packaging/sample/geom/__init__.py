"""A small geometry and statistics package; vec and stats are compiled by pyc2c."""

__version__ = "1.2.0"
