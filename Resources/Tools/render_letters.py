"""Renders letters to one PDF with WeasyPrint's Python API.

Each letter is its own document, so that its page numbers start at 1 (page 2 of a letter says
"Seite 2" even in a batch of a hundred), and the pages are joined into one PDF. Only data: URLs
may be loaded (the municipality's logo): a letter can make the renderer fetch no file or host.

A large batch is laid out by several processes (WeasyPrint uses one core; a letter takes about
0.13 s): each renders a run of letters to a part, and the parts are joined in order with pypdf.

Usage: python render_letters.py [--workers N] STYLESHEET OUTPUT.pdf LETTER.html [LETTER.html ...]
"""
import os
import signal
import sys
import traceback

from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher


def render(stylesheet, letters, output):
    fetcher = URLFetcher(timeout=5, allowed_protocols={"data"})
    css = CSS(filename=stylesheet, url_fetcher=fetcher)
    documents = [HTML(filename=path, url_fetcher=fetcher).render(stylesheets=[css]) for path in letters]
    pages = [page for document in documents for page in document.pages]
    documents[0].copy(pages).write_pdf(output)


def die_with_parent():
    # The app stops a renderer that hangs by terminating this process; its helpers must stop with it.
    try:
        import ctypes
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def join(parts, output):
    from pypdf import PdfWriter, PdfReader
    from pypdf.generic import NameObject

    writer = PdfWriter()
    for part in parts:
        writer.append(part)
    first = PdfReader(parts[0])
    if first.metadata:
        writer.add_metadata({key: value for key, value in first.metadata.items()})
    language = first.trailer["/Root"].get("/Lang")
    if language is not None:
        writer._root_object[NameObject("/Lang")] = language
    writer.write(output)


def render_in_parts(stylesheet, letters, output, workers):
    size = -(-len(letters) // workers)
    runs = [letters[start:start + size] for start in range(0, len(letters), size)]
    parts = [f"{output}.part{index}" for index in range(len(runs))]
    parent = os.getpid()
    children = []
    for run, part in zip(runs[1:], parts[1:]):
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                die_with_parent()
                if os.getppid() == parent:  # the parent may have died before prctl took effect
                    render(stylesheet, run, part)
                    code = 0
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(code)
        children.append(pid)

    def kill_children():
        for pid in children:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def stop(signum, frame):
        kill_children()
        raise SystemExit(1)

    signal.signal(signal.SIGTERM, stop)
    try:
        render(stylesheet, runs[0], parts[0])
    except BaseException:
        kill_children()
        raise
    failed = [pid for pid in children if os.waitpid(pid, 0)[1] != 0]
    # Reaped: their ids may be reused by other processes, which a later SIGTERM must not kill.
    children.clear()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if failed:
        raise SystemExit("a part of the batch failed")
    join(parts, output)
    for part in parts:
        os.remove(part)


def main(arguments):
    workers = 1
    if arguments[:1] == ["--workers"]:
        workers, arguments = int(arguments[1]), arguments[2:]
    stylesheet, output, letters = arguments[0], arguments[1], arguments[2:]
    if not letters:
        raise SystemExit("no letters")
    workers = max(1, min(workers, len(letters)))
    if workers > 1:
        try:
            import pypdf  # noqa: F401 (joins the parts; without it, one process renders all)
        except ImportError:
            workers = 1
    if workers == 1:
        render(stylesheet, letters, output)
    else:
        render_in_parts(stylesheet, letters, output, workers)


if __name__ == "__main__":
    main(sys.argv[1:])
