"""CloudTrail detection over many machines with Dask.

    python3 -m iamwarden.dask detect PREFIX... [--scheduler ADDR] [--sigma RULES]... [--baseline FILE]
                                   [--since TIME] [--until TIME] [--format FORMAT] [-o FILE]
    python3 -m iamwarden.dask baseline PREFIX... --output FILE [--scheduler ADDR] [--since] [--until]

PREFIX is a local directory or file (read by the workers: a shared file system), or
s3://bucket/prefix (needs boto3 on the client and the workers; each worker downloads its own
objects). The files are split into tasks of consecutive files; each worker scans its files into a
partial result (iamwarden._trail.scan), and the client merges the partials in file order
(iamwarden._trail.finish), so the findings, their order and the cross-file detections
(access-denied-burst, console-login-failures, new-region, first-seen-api, ...) are those of
`iamwarden trail detect` over the same files. Baselines merge the same way. Without --scheduler a
LocalCluster runs on this machine (--workers processes).

Exit status as the CLI: 0 no findings (at or above --fail-on), 1 findings, 2 bad input or usage.
"""
import argparse
import datetime
import json
import os
import sys
import tempfile

SEVERITIES = ["info", "low", "medium", "high", "critical"]


class InputError(Exception):
    pass


# ---- listing -------------------------------------------------------------------------------------

def _s3():
    try:
        import boto3  # noqa: PLC0415 (only for s3:// prefixes)
    except ImportError:
        raise InputError("s3:// prefixes need boto3 (apt install python3-boto3)") from None
    return boto3.client("s3", endpoint_url=os.environ.get("AWS_ENDPOINT_URL") or None)


def _split_s3(uri):
    bucket, _, key = uri[len("s3://"):].partition("/")
    return bucket, key


EVENT_SUFFIXES = (".json", ".json.gz", ".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz", ".gz")


def list_files(prefixes):
    """The event files under `prefixes`, in the order the CLI reads them."""
    from . import _trail
    local = [p for p in prefixes if not p.startswith("s3://")]
    out = []
    if local:
        try:
            out += _trail.files(local)
        except ValueError as e:
            raise InputError(str(e)) from None
    for p in prefixes:
        if not p.startswith("s3://"):
            continue
        bucket, key = _split_s3(p)
        keys = []
        for page in _s3().get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=key):
            for o in page.get("Contents", []):
                k = o["Key"]
                if k.endswith(EVENT_SUFFIXES) and "CloudTrail-Digest" not in k:
                    keys.append(k)
        if not keys:
            raise InputError(f"{p}: no event files under this prefix")
        out += [f"s3://{bucket}/{k}" for k in sorted(keys)]
    return out


# ---- tasks (run on the workers) ------------------------------------------------------------------

def _local(files, directory):
    """Local paths for `files`, downloading s3:// objects into `directory`; and the names to show."""
    paths = []
    for i, f in enumerate(files):
        if f.startswith("s3://"):
            bucket, key = _split_s3(f)
            path = os.path.join(directory, f"{i:06d}-" + os.path.basename(key))
            _s3().download_file(bucket, key, path)
            paths.append(path)
        else:
            paths.append(f)
    return paths


def _rename(partial, names):
    """The partial with downloaded paths replaced by their s3:// names."""
    if not names:
        return partial
    d = json.loads(partial)
    d["files"] = [names.get(f, f) for f in d["files"]]
    for w in d["warnings"]:
        w["file"] = names.get(w["file"], w["file"])
    for e in d["entries"]:
        if "file" in e["finding"]:
            e["finding"]["file"] = names.get(e["finding"]["file"], e["finding"]["file"])
    return json.dumps(d)


def scan_task(files, sigma, baseline, since, until):
    from . import _trail
    with tempfile.TemporaryDirectory(prefix="iamwarden-") as tmp:
        paths = _local(files, tmp)
        names = {p: f for p, f in zip(paths, files) if p != f}
        return _rename(_trail.scan(paths, sigma, baseline, since, until), names)


def learn_task(files, since, until):
    from . import _trail
    with tempfile.TemporaryDirectory(prefix="iamwarden-") as tmp:
        return _trail.learn(_local(files, tmp), since, until)


# ---- the client ----------------------------------------------------------------------------------

def _chunks(files, per_task):
    return [files[i:i + per_task] for i in range(0, len(files), per_task)]


def _client(args):
    try:
        import distributed  # noqa: PLC0415
    except ImportError:
        raise InputError("Dask is not installed (apt install python3-distributed)") from None
    if args.scheduler:
        return distributed.Client(args.scheduler), None
    cluster = distributed.LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    return distributed.Client(cluster), cluster


def _run(args, task, extra):
    files = list_files(args.prefixes)
    client, cluster = _client(args)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        per_task = args.files_per_task or max(1, -(-len(files) // (workers * 4)))
        futures = [client.submit(task, chunk, *extra, pure=False) for chunk in _chunks(files, per_task)]
        return client.gather(futures), files
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def detect(args):
    from . import _trail
    try:  # fail early, on the client: a rule that does not load, a bad time, a missing baseline
        _trail.scan([], args.sigma, args.baseline, args.since, args.until)
    except ValueError as e:
        raise InputError(str(e)) from None
    partials, _ = _run(args, scan_task, (args.sigma, args.baseline, args.since, args.until))
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    report, warnings, counts = _trail.finish(partials, args.format, now)
    for w in warnings:
        print(f"iamwarden: warning: {w}", file=sys.stderr)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(report)
    else:
        sys.stdout.write(report)
    if not args.quiet:
        print(f"iamwarden: read {counts['events']} events from {counts['files']} files in {len(partials)} tasks, "
              f"{counts['findings']} findings", file=sys.stderr)
    if args.strict and warnings:
        return 2
    findings = json.loads(_trail.finish(partials, "json", now)[0])["findings"] if args.format != "json" else \
        json.loads(report)["findings"]
    at = SEVERITIES.index(args.fail_on)
    return 1 if any(SEVERITIES.index(f["severity"]) >= at for f in findings) else 0


def baseline(args):
    from . import _trail
    try:
        _trail.learn([], args.since, args.until)
    except ValueError as e:
        raise InputError(str(e)) from None
    partials, files = _run(args, learn_task, (args.since, args.until))
    try:
        principals = _trail.save_baseline(partials, args.output)
    except ValueError as e:
        raise InputError(str(e)) from None
    if not args.quiet:
        print(f"iamwarden: wrote {args.output} ({principals} principals from {len(files)} files)", file=sys.stderr)
    return 0


def parser():
    p = argparse.ArgumentParser(prog="python3 -m iamwarden.dask",
                                description="iamwarden trail detect/baseline over many machines with Dask.",
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog="examples:\n"
                                       "  python3 -m iamwarden.dask detect AWSLogs/ --format json -o findings.json\n"
                                       "  python3 -m iamwarden.dask detect s3://org-trail/AWSLogs/ --scheduler tcp://10.0.0.5:8786\n"
                                       "  python3 -m iamwarden.dask baseline AWSLogs/ --until 2026-10-31 --output baseline.db")
    sub = p.add_subparsers(dest="command", required=True)

    def common(c):
        c.add_argument("prefixes", nargs="+", metavar="PREFIX", help="local files or directories, or s3://bucket/prefix")
        c.add_argument("--scheduler", help="the Dask scheduler (tcp://host:8786); default: a LocalCluster here")
        c.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes (default 2)")
        c.add_argument("--files-per-task", type=int, default=0, help="files per task (default: 4 tasks per worker)")
        c.add_argument("--since", help="only events at or after this time (ISO 8601)")
        c.add_argument("--until", help="only events at or before this time (ISO 8601)")
        c.add_argument("-q", "--quiet", action="store_true", help="no notes on stderr")

    d = sub.add_parser("detect", help="built-in detections and Sigma rules, as `iamwarden trail detect`")
    common(d)
    d.add_argument("--sigma", action="append", default=[], help="Sigma rules: a .yml file or a directory (repeatable)")
    d.add_argument("--baseline", help="a baseline database (read by every worker)")
    d.add_argument("--format", default="json", help="json (default), text, sarif, csv, junit, asff, ocsf, html")
    d.add_argument("-o", "--output", help="write the report here instead of stdout")
    d.add_argument("--fail-on", default="low", choices=SEVERITIES, help="exit 1 on a finding at or above (default low)")
    d.add_argument("--strict", action="store_true", help="exit 2 when any part of the input could not be read")
    b = sub.add_parser("baseline", help="learn a baseline, as `iamwarden trail baseline`")
    common(b)
    b.add_argument("--output", required=True, help="the baseline database to write (SQLite; replaced)")
    return p


def main(argv=None):
    args = parser().parse_args(argv)
    try:
        return detect(args) if args.command == "detect" else baseline(args)
    except (InputError, ValueError) as e:
        print(f"iamwarden: error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
