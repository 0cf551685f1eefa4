"""pyc2c's Python side: `pyc2c hot` (profile, annotate, compile, measure again) and
`pyc2c annotate` (the HTML view of how a module compiled). Standard library only."""
