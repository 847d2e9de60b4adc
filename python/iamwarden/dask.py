"""CloudTrail detection over many machines with Dask.

    python3 -m iamwarden.dask detect PREFIX... [--scheduler ADDR] [--sigma RULES]... [--baseline FILE]
                                   [--since TIME] [--until TIME] [--format FORMAT] [-o FILE] [--endpoint-url URL]
    python3 -m iamwarden.dask baseline PREFIX... --output FILE [--scheduler ADDR] [--since] [--until]

PREFIX is a local directory or file (read by the workers: a shared file system), or
s3://bucket/prefix (needs boto3 on the client and the workers): the client lists the objects, each
worker downloads its own through the same endpoint (--endpoint-url or the client's
AWS_ENDPOINT_URL, sent with the tasks) with the worker's own AWS credentials; a LocalCluster
started here inherits this environment, credentials included.

The files are split into tasks of consecutive files; each worker scans its files into a partial
result (iamwarden._trail.scan), and the client merges the partials in file order
(iamwarden._trail.finish), so the findings, their order and the cross-file detections
(access-denied-burst, console-login-failures, new-region, first-seen-api, ...) are those of
`iamwarden trail detect` over the same files. Baselines merge the same way. Without --scheduler a
LocalCluster runs on this machine (--workers processes).

Exit status as the CLI: 0 no findings (at or above --fail-on), 1 findings, 2 bad input or usage.
"""
import argparse
import concurrent.futures
import datetime
import json
import os
import sys
import tempfile
import threading

SEVERITIES = ["info", "low", "medium", "high", "critical"]


class InputError(Exception):
    pass


# ---- S3 ------------------------------------------------------------------------------------------

_clients = {}
_clients_lock = threading.Lock()


def _s3(endpoint):
    """The S3 client of this process for `endpoint` (None: AWS), made once: clients are thread-safe
    and slow to make."""
    try:
        import boto3  # noqa: PLC0415 (only for s3:// prefixes)
    except ImportError:
        raise InputError("s3:// prefixes need boto3 on the client and on every worker "
                         "(apt install python3-boto3)") from None
    with _clients_lock:
        if endpoint not in _clients:
            _clients[endpoint] = boto3.session.Session().client("s3", endpoint_url=endpoint)
        return _clients[endpoint]


def _aws_error(what, e):
    """An InputError for the boto3 error `e` met on `what`, or None if `e` is not one."""
    import botocore.exceptions  # noqa: PLC0415
    if isinstance(e, botocore.exceptions.ClientError):
        error = e.response.get("Error", {})
        code = error.get("Code", "")
        if code == "NoSuchBucket":
            return InputError(f"{what}: no such bucket")
        if code in ("NoSuchKey", "404"):
            return InputError(f"{what}: no such object (deleted since it was listed?)")
        return InputError(f"{what}: {code}: {error.get('Message') or e}")
    if isinstance(e, botocore.exceptions.NoCredentialsError):
        return InputError(f"{what}: no AWS credentials (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or "
                          "AWS_PROFILE; with --scheduler every worker needs credentials of its own)")
    if isinstance(e, botocore.exceptions.BotoCoreError):
        return InputError(f"{what}: {e}")
    return None


def _split_s3(uri):
    bucket, _, key = uri[len("s3://"):].partition("/")
    if not bucket:
        raise InputError(f"{uri}: no bucket (s3://bucket/prefix)")
    return bucket, key


def endpoint_url(args):
    """The S3 endpoint the client lists and the workers download from: --endpoint-url, else
    AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL of the client's environment, else AWS."""
    return args.endpoint_url or os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL") or None


# ---- listing -------------------------------------------------------------------------------------

EVENT_SUFFIXES = (".json", ".jsonl", ".ndjson", ".gz")  # as the CLI, which also skips digest files


def _list_s3(uri, endpoint):
    bucket, prefix = _split_s3(uri)
    keys = []
    digests = 0
    s3 = _s3(endpoint)
    try:
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
            for o in page.get("Contents", []):
                k = o["Key"]
                if not k.rpartition("/")[2].endswith(EVENT_SUFFIXES):
                    continue
                if "CloudTrail-Digest" in k:
                    digests += 1
                else:
                    keys.append(k)
    except Exception as e:  # noqa: BLE001 (boto3's errors become InputError, others propagate)
        error = _aws_error(f"s3://{bucket}", e)
        if error is None:
            raise
        raise error from None
    if not keys:
        raise InputError(f"no CloudTrail event files found in {uri} (*.json, *.json.gz, *.jsonl, *.ndjson, *.gz"
                         + ("; digest files skipped)" if digests else ")"))
    return [f"s3://{bucket}/{k}" for k in sorted(keys)]


def list_files(prefixes, endpoint=None):
    """The event files under `prefixes`, in the order the CLI reads them (s3:// prefixes listed
    through `endpoint`)."""
    from . import _trail
    out = []
    for p in prefixes:
        if p.startswith("s3://"):
            out += _list_s3(p, endpoint)
            continue
        try:
            out += _trail.files([p])
        except ValueError as e:
            raise InputError(str(e)) from None
    return out


# ---- tasks (run on the workers) ------------------------------------------------------------------

DOWNLOADS = 8  # objects a task downloads at once: S3 latency, not bandwidth, bounds small objects


def _download(uri, path, endpoint):
    bucket, key = _split_s3(uri)
    s3 = _s3(endpoint)
    try:
        body = s3.get_object(Bucket=bucket, Key=key)["Body"]
        with open(path, "wb") as out:
            for chunk in iter(lambda: body.read(1 << 20), b""):
                out.write(chunk)
    except Exception as e:  # noqa: BLE001 (boto3's errors become InputError, others propagate)
        error = _aws_error(uri, e)
        if error is None:
            raise
        raise error from None


def _local(files, directory, endpoint):
    """Local paths for `files`, downloading s3:// objects into `directory`."""
    paths = [f if not f.startswith("s3://") else os.path.join(directory, f"{i:06d}-" + os.path.basename(f))
             for i, f in enumerate(files)]
    remote = [(f, p) for f, p in zip(files, paths) if f != p]
    if remote:
        with concurrent.futures.ThreadPoolExecutor(min(DOWNLOADS, len(remote))) as pool:
            for done in [pool.submit(_download, f, p, endpoint) for f, p in remote]:
                done.result()
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


def scan_task(files, endpoint, sigma, baseline, since, until):
    from . import _trail
    with tempfile.TemporaryDirectory(prefix="iamwarden-") as tmp:
        paths = _local(files, tmp, endpoint)
        names = {p: f for p, f in zip(paths, files) if p != f}
        return _rename(_trail.scan(paths, sigma, baseline, since, until), names)


def learn_task(files, endpoint, since, until):
    from . import _trail
    with tempfile.TemporaryDirectory(prefix="iamwarden-") as tmp:
        return _trail.learn(_local(files, tmp, endpoint), since, until)


# ---- the client ----------------------------------------------------------------------------------

def _chunks(files, per_task):
    return [files[i:i + per_task] for i in range(0, len(files), per_task)]


def _client(args):
    try:
        import distributed  # noqa: PLC0415
    except ImportError:
        raise InputError("Dask is not installed (apt install python3-distributed)") from None
    if args.scheduler:
        try:
            return distributed.Client(args.scheduler), None
        except (OSError, TimeoutError) as e:
            raise InputError(f"cannot reach the Dask scheduler {args.scheduler}: {e}") from None
    cluster = distributed.LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    return distributed.Client(cluster), cluster


def _run(args, task, extra):
    endpoint = endpoint_url(args)
    files = list_files(args.prefixes, endpoint)
    client, cluster = _client(args)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        per_task = args.files_per_task or max(1, -(-len(files) // (workers * 4)))
        futures = [client.submit(task, chunk, endpoint, *extra, pure=False) for chunk in _chunks(files, per_task)]
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
                                       "  python3 -m iamwarden.dask detect s3://trail/AWSLogs/ --endpoint-url http://127.0.0.1:5000\n"
                                       "  python3 -m iamwarden.dask baseline AWSLogs/ --until 2026-10-31 --output baseline.db")
    sub = p.add_subparsers(dest="command", required=True)

    def common(c):
        c.add_argument("prefixes", nargs="+", metavar="PREFIX", help="local files or directories, or s3://bucket/prefix")
        c.add_argument("--scheduler", help="the Dask scheduler (tcp://host:8786); default: a LocalCluster here")
        c.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes (default 2)")
        c.add_argument("--endpoint-url", metavar="URL",
                       help="the S3 endpoint for s3:// prefixes, used by the client and sent to the workers "
                            "(default: AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL, else AWS)")
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
    # Run as iamwarden.dask, not __main__, so that the tasks reach the workers by name (the
    # workers import iamwarden) and the S3 client cache above lives on in each worker process.
    from iamwarden import dask as _module  # noqa: PLC0415
    sys.exit(_module.main())
