"""The CloudTrail scanner from Python, and the same scan on a Dask cluster.

Build first (the module needs pybind11-dev): `make build`, then
    PYTHONPATH=build/release/python python3 examples/trail/scan_with_python.py examples/trail/events.json
On a Dask cluster, the command line does the same work:
    PYTHONPATH=build/release/python python3 -m iamwarden.dask detect examples/trail/ --format text
"""
import sys

import iamwarden

paths = sys.argv[1:] or ["examples/trail/events.json"]
for f in iamwarden.detect(paths, sigma=["examples/trail/admin-policy-attached.yml"]):
    print(f"{f['severity']:8} {f['id']:40} {f['message']}")
