"""Renders letters to one PDF with WeasyPrint's Python API.

Each letter is its own document, so that its page numbers start at 1 (page 2 of a letter says
"Seite 2" even in a batch of a hundred), and the pages are joined into one PDF. Only data: URLs
may be loaded (the municipality's logo): a letter can make the renderer fetch no file or host.

Usage: python render_letters.py STYLESHEET OUTPUT.pdf LETTER.html [LETTER.html ...]
"""
import sys

from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher


def main(arguments):
    stylesheet, output, letters = arguments[0], arguments[1], arguments[2:]
    if not letters:
        raise SystemExit("no letters")
    fetcher = URLFetcher(timeout=5, allowed_protocols={"data"})
    css = CSS(filename=stylesheet, url_fetcher=fetcher)
    documents = [HTML(filename=path, url_fetcher=fetcher).render(stylesheets=[css]) for path in letters]
    pages = [page for document in documents for page in document.pages]
    documents[0].copy(pages).write_pdf(output)


if __name__ == "__main__":
    main(sys.argv[1:])
