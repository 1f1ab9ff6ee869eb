"""Sphinx extension: execute the book's notebooks in parallel before Sphinx reads them.

myst-nb executes each notebook when it reads it, one after another. With ``nb_execution_mode = "cache"``
it first looks the notebook up in its jupyter-cache; this extension fills that cache beforehand, running
every notebook that has no cached outputs in a pool of processes (one per core), so that the read phase
only merges cached outputs. A notebook that fails here is simply not cached: myst-nb then executes it
again while reading and reports the error as usual, so the strictness of the build is unchanged.

The pages start executing as soon as myst-nb has its configuration, before sphinx-autodoc2 analyses the
package, and run while it does; their results are gathered once every extension has started.

jupyter-cache recognises a notebook by its code alone. A page's outputs also depend on the library modules
its code imports and on the environment, so each cached page is recorded with the key of those
(``lstmnotes.ledger.deps.page_key``); a page whose key has changed since is executed afresh, and only such a page.
"""

from __future__ import annotations

import json
import os
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from jupyter_cache.executors.utils import single_nb_execution
from myst_nb.core.read import create_nb_reader
from sphinx.application import Sphinx
from sphinx.util import logging
from traitlets.config import Config

from lstmnotes.ledger import deps

logger = logging.getLogger(__name__)


def _execute(notebook: Any, cwd: str, timeout: int | None) -> tuple[Any, float, str | None]:
    """Run one notebook in a worker process; return it with its outputs, the time and any error.

    The kernel talks to the worker over local sockets (IPC) in a folder of its own instead of TCP on the
    loopback: nothing listens on a port, and the kernel has no reason to warn that its traffic is
    unencrypted.
    """
    with tempfile.TemporaryDirectory(prefix="lstmnotes-kernel-") as sockets:
        kernel = Config({"KernelManager": {"transport": "ipc", "ip": str(Path(sockets) / "k")}})
        result = single_nb_execution(
            notebook, cwd=cwd, timeout=timeout, allow_errors=False, config=kernel
        )
    return result.nb, result.time, result.exc_string if result.err is not None else None


def _prefetch(app: Sphinx) -> None:
    """Find the pages whose cached outputs are missing or stale and start executing them (without waiting)."""
    app.lstmnotes_executed = set()  # type: ignore[attr-defined]
    app.lstmnotes_prefetch = None  # type: ignore[attr-defined]
    nb_config = app.env.mystnb_config  # type: ignore[attr-defined]
    if nb_config.execution_mode != "cache" or not nb_config.execution_cache_path:
        return
    cache = get_cache(nb_config.execution_cache_path)
    keys_file = Path(nb_config.execution_cache_path) / "page-keys.json"
    keys = json.loads(keys_file.read_text()) if keys_file.exists() else {}
    pending = []
    for docname in sorted(app.env.found_docs):
        path = Path(app.env.doc2path(docname))
        if path.suffix != ".md":
            continue
        text = path.read_text(encoding="utf8")
        reader = create_nb_reader(str(path), app.env.myst_config, nb_config, text)  # type: ignore[attr-defined]
        if reader is None:
            continue
        notebook = reader.read(text)
        key = deps.page_key("\n".join(c.source for c in notebook.cells if c.cell_type == "code"))
        try:
            record = cache.match_cache_notebook(notebook)
        except KeyError:
            pending.append((docname, path, notebook, key))
            continue
        if keys.get(docname) != key:
            cache.remove_cache(record.pk)
            pending.append((docname, path, notebook, key))
    if not pending:
        return
    workers = min(len(pending), os.cpu_count() or 1)
    logger.info(f"executing {len(pending)} notebooks in {workers} processes")
    pool = ProcessPoolExecutor(max_workers=workers)
    jobs = [
        (
            docname,
            path,
            key,
            pool.submit(_execute, notebook, str(path.parent), nb_config.execution_timeout),
        )
        for docname, path, notebook, key in pending
    ]
    app.lstmnotes_prefetch = (pool, jobs, cache, keys, keys_file)  # type: ignore[attr-defined]


def _gather(app: Sphinx) -> None:
    """Wait for the pages started by {py:func}`_prefetch` and put each one that ran without error in the cache."""
    started = getattr(app, "lstmnotes_prefetch", None)
    if started is None:
        return
    app.lstmnotes_prefetch = None  # type: ignore[attr-defined]
    pool, jobs, cache, keys, keys_file = started
    with pool:
        for docname, path, key, job in jobs:
            try:
                notebook, seconds, error = job.result()
            except Exception as failure:  # noqa: BLE001  (myst-nb executes it again and reports)
                notebook, seconds, error = None, 0.0, str(failure)
            if error is None:
                bundle = CacheBundleIn(notebook, str(path), data={"execution_seconds": seconds})
                cache.cache_notebook_bundle(bundle, check_validity=False, overwrite=True)
                keys[docname] = key
                app.lstmnotes_executed.add(docname)  # type: ignore[attr-defined]
                logger.info(f"executed {docname} in {seconds:.1f} s")
    keys_file.write_text(json.dumps(keys, indent=1, sort_keys=True))


def _executed(
    app: Sphinx, env: Any, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """The pages executed afresh are read again, though their text has not changed: their outputs have."""
    return sorted(getattr(app, "lstmnotes_executed", set()) - added - removed)


def setup(app: Sphinx) -> dict[str, Any]:
    # after myst-nb's own builder-inited handler, which creates app.env.mystnb_config (this extension is
    # set up after myst-nb), and before sphinx-autodoc2's, which the rebuild extension connects afresh
    app.connect("builder-inited", _prefetch)
    app.connect("builder-inited", _gather, priority=999)
    app.connect("env-get-outdated", _executed)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
