"""Read the data tables of a result page the way a screen reader does: caption, headers, cells."""

from html.parser import HTMLParser


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables: dict[str, dict] = {}
        self._table = None
        self._cell = None
        self._row = None
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._table = {"caption": "", "id": "", "head": [], "rows": []}
        elif tag == "caption" and self._table is not None:
            self._in_caption = True
            self._table["id"] = attrs.get("id", "")
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("th", "td") and self._row is not None:
            self._cell = {"tag": tag, "text": "", "scope": attrs.get("scope"), "links": []}
        elif tag == "a" and self._cell is not None:
            self._cell["links"].append(attrs.get("href"))

    def handle_data(self, data):
        if self._in_caption:
            self._table["caption"] += data
        elif self._cell is not None:
            self._cell["text"] += data

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False
        elif tag in ("th", "td") and self._cell is not None:
            self._cell["text"] = " ".join(self._cell["text"].split())
            self._row.append(self._cell)
            self._cell = None
        elif tag == "tr" and self._row is not None:
            target = "head" if all(c["scope"] == "col" for c in self._row) else "rows"
            self._table[target].append(self._row)
            self._row = None
        elif tag == "table" and self._table is not None:
            self.tables[self._table["id"]] = self._table
            self._table = None


def tables(html: str) -> dict[str, dict]:
    """{caption id: {"caption", "head": [[cell]], "rows": [[cell]]}}; a cell is {tag, text, scope, links}."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def rows_by_header(table: dict) -> dict[str, list[str]]:
    """Row header text -> texts of the row's data cells."""
    return {row[0]["text"]: [cell["text"] for cell in row[1:]] for row in table["rows"]}
