"""A Dask LocalCluster of worker processes (2 by default) for the end-to-end tests, standing in
for a remote cluster: the workers have the environment of this process, not that of the client.

Usage: python3 dask_cluster.py ADDRESS_FILE [WORKERS]
Writes the scheduler's address (tcp://127.0.0.1:PORT) to ADDRESS_FILE once the workers are up,
then runs until SIGTERM, when it closes the cluster (workers included).
"""
import os
import signal
import sys
import time

import distributed


def main():
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  scheduler_port=0, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            client.wait_for_workers(workers)
        with open(sys.argv[1] + ".tmp", "w") as f:
            f.write(cluster.scheduler_address)
        os.replace(sys.argv[1] + ".tmp", sys.argv[1])
        while True:
            time.sleep(0.2)


if __name__ == "__main__":
    main()
