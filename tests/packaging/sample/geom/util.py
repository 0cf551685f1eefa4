"""Plain Python (not compiled): loads the package data."""

import json
from importlib import resources


def coefficients() -> dict:
    text = resources.files("geom").joinpath("data/coeffs.json").read_text()
    return json.loads(text)
