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


def page_cell(cell: dict) -> str:
    """How the German page writes a count of the API."""
    if cell["marker"] == "fewer_than_min_cell":
        return "weniger als 5"
    if cell["marker"] == "fewer_than_min_group":
        return "weniger als 10 Antworten"
    if cell["count"] is None:
        return "geschützt"
    return f"{cell['count']:,}".replace(",", ".")


def _group(table: dict, key: str) -> dict | None:
    return next((g for g in table["groups"] if g["key"] == key), None)


def compare_page_with_api(html: str, api: dict, group_key: str) -> int:
    """Assert that every number of the group's tables on the (German) page is the API's; return
    how many were compared. A hidden value must read as its marker, never as a number."""
    page = tables(html)
    checked = 0
    for question in api["questions"]:
        table_id = f"t{question['number']}"
        first = question["tables"][0]
        if not any(_group(t, group_key) for t in question["tables"]):
            assert table_id not in page  # not broken down for this group: not on its page
            continue
        if table_id not in page:  # the page said why: the whole group is withheld
            assert all(_group(t, group_key)["marker"] or t["withheld"] for t in question["tables"]), question["number"]
            continue
        rows = page[table_id]["rows"]
        if first["measure"] in ("distribution", "answered") and question["kind"] != "matrix":
            for row, cell in zip(rows, _group(first, group_key)["cells"], strict=True):
                assert row[1]["text"] == page_cell(cell), (group_key, question["number"], row)
                if cell["percent"] is not None and not cell["marker"]:
                    assert row[2]["text"] == f"{cell['percent']:.1f}".replace(".", ",").removesuffix(",0") + " %"
                checked += 1
        elif first["measure"] == "share":
            for row, table in zip(rows, question["tables"], strict=True):
                group = _group(table, group_key)
                expected = page_cell({"marker": group["marker"], "count": None}) if group["marker"] else page_cell(group["cells"][0])
                assert row[1]["text"] == expected, (group_key, question["number"])
                checked += 1
        else:  # matrix items, ranked options: the mean comes first
            by_label = rows_by_header(page[table_id])
            for table in question["tables"]:
                group = _group(table, group_key)
                shown = by_label[table["label"]["de"]]
                if group["marker"]:
                    assert shown == [page_cell({"marker": group["marker"], "count": None})]
                elif group["mean"] is not None:
                    assert shown[0] == f"{group['mean']}".replace(".", ",").removesuffix(",0")
                    checked += 1
                else:
                    assert shown[0] == "geschützt"
    return checked
