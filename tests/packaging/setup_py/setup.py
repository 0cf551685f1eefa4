# The sample project as an existing setup.py project that switched to pyc2c by
# changing its ext_modules line (tests/packaging/run.py lays it over sample/).
from setuptools import setup

from pyc2c.setuptools import pyc2cify

setup(
    name="geom-sample",
    version="1.2.0",
    packages=["geom"],
    package_data={"geom": ["data/*.json"]},
    entry_points={"console_scripts": ["geom-stats = geom.cli:main"]},
    ext_modules=pyc2cify(["geom/vec.py", "geom/stats.py"]),
)
