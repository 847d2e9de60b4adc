"""iamwarden for Python: the CloudTrail scanner of `iamwarden trail`.

    import iamwarden
    findings = iamwarden.detect(["AWSLogs/"], sigma=["rules/"])   # list of dicts
    iamwarden.baseline(["AWSLogs/"], "baseline.db", until="2026-10-31")

The findings are the objects of `iamwarden trail detect --format json` ("findings"), in the same
order. For runs over many machines see iamwarden.dask; its steps are the functions of
iamwarden._trail: files() lists, scan() and learn() work on some consecutive files and return
partial results, finish() and save_baseline() merge the partials in file order.
"""
import json

from . import _trail

__all__ = ["detect", "baseline", "files", "scan", "finish", "learn", "save_baseline"]

files = _trail.files
scan = _trail.scan
finish = _trail.finish
learn = _trail.learn
save_baseline = _trail.save_baseline


def detect(paths, sigma=(), baseline=None, since=None, until=None):
    """Built-in detections and Sigma rules over the events under `paths`: a list of findings."""
    part = _trail.scan(_trail.files(list(paths)), list(sigma), baseline, since, until)
    report, _warnings, _counts = _trail.finish([part], "json")
    return json.loads(report)["findings"]


def baseline(paths, output, since=None, until=None):
    """Learns a baseline from the events under `paths` into the SQLite file `output`; returns the
    number of principals."""
    return _trail.save_baseline([_trail.learn(_trail.files(list(paths)), since, until)], output)
