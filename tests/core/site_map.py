"""What the site offers, found by walking it like a browser: every page's links and forms.

The junk tests feed each route its own form fields and URL parts, so a new route, a new form or
a new field is covered as soon as some page links to it, without anyone keeping a list.
"""

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit

from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

SOURCE = Path(__file__).resolve().parents[2] / "participation"
HOST = "http://localhost"


@dataclass
class Form:
    """A form as a browser would send it: `fields` maps each name to the values the page offers
    (the first one is what a browser sends untouched); `buttons` are the submit buttons' values."""

    method: str
    action: str
    fields: dict[str, list[str]] = field(default_factory=dict)
    buttons: list[tuple[str, str]] = field(default_factory=list)
    file_fields: set[str] = field(default_factory=set)

    def defaults(self) -> dict[str, list[str]]:
        return {name: values[:1] for name, values in self.fields.items()}


class PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._select_values: list[str] = []
        self._selected: list[str] = []
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "option" and self._select is not None:
            (self._selected if "selected" in attrs else self._select_values).append(attrs.get("value", ""))
        elif tag == "form":
            self._form = Form(method=attrs.get("method", "get").upper(), action=attrs.get("action", ""))
            self.forms.append(self._form)
        elif self._form is None or not attrs.get("name"):
            return
        elif tag == "input":
            kind, name, value = attrs.get("type", "text"), attrs["name"], attrs.get("value", "")
            if kind in ("submit", "image"):
                self._form.buttons.append((name, value))
            elif kind == "file":
                self._form.file_fields.add(name)
                self._form.fields.setdefault(name, [""])
            elif kind in ("checkbox", "radio"):
                values = self._form.fields.setdefault(name, [])
                values.insert(0, value) if "checked" in attrs else values.append(value)
            else:
                self._form.fields.setdefault(name, []).append(value)
        elif tag == "button" and attrs.get("type", "submit") == "submit":
            self._form.buttons.append((attrs["name"], attrs.get("value", "")))
        elif tag == "select":
            self._select, self._select_values, self._selected = attrs["name"], [], []
        elif tag == "textarea":
            self._textarea, self._text = attrs["name"], ""

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            self._form.fields.setdefault(self._select, []).extend(self._selected + self._select_values)
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form.fields.setdefault(self._textarea, []).append(self._text)
            self._textarea = None


def parse_page(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    return parser


@dataclass
class SiteMap:
    """Concrete URLs per endpoint, the forms that post to each endpoint, and query parameter names."""

    urls: dict[str, list[str]] = field(default_factory=dict)
    forms: dict[str, list[Form]] = field(default_factory=dict)
    query_names: set[str] = field(default_factory=set)

    def add_url(self, endpoint: str, url: str) -> None:
        known = self.urls.setdefault(endpoint, [])
        if url not in known:
            known.append(url)


def endpoint_of(app, url: str, method: str = "GET") -> str | None:
    parts = urlsplit(url)
    try:
        endpoint, _values = app.url_map.bind("localhost").match(parts.path, method=method)
    except RequestRedirect as redirect:
        return endpoint_of(app, redirect.new_url, method)
    except HTTPException:
        return None
    return endpoint


def path_values(app, url: str, method: str) -> tuple[str, dict]:
    """The endpoint of `url` and its URL parts as text (as they appeared in the path)."""
    rule, values = app.url_map.bind("localhost").match(urlsplit(url).path, method=method, return_rule=True)
    return rule, values


def build_path(rule, values: dict[str, str]) -> str:
    """The rule's path with `values` put in as they are, even where a converter would refuse them."""
    def part(match):
        return quote(str(values[match.group(1)]), safe="")

    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", part, rule.rule)


def source_query_names() -> set[str]:
    """Query parameters the code reads (`request.args.get("seite")`, `request.args["x"]`)."""
    names = set()
    for path in SOURCE.rglob("*.py"):
        names.update(re.findall(r"request\.args(?:\.get\(|\[)\s*[\"'](\w+)[\"']", path.read_text()))
    return names


def crawl(app, clients, seeds: list[str], per_endpoint: int = 3, limit: int = 400) -> SiteMap:
    """Walk the site from `seeds` with each client (anonymous, staff...), following same-site
    links, redirects and GET forms, and collect each endpoint's URLs and forms (at most
    `per_endpoint` pages of one endpoint are read, besides the seeds)."""
    site = SiteMap(query_names=source_query_names())
    for client in clients:
        queue, seen, visits = deque(seeds), set(), {}
        while queue and len(seen) < limit:
            url = queue.popleft()
            if url in seen:
                continue
            seen.add(url)
            endpoint = endpoint_of(app, url)
            # URLs with a query (a chosen filter, a GET form sent) count apart from those without.
            key = (endpoint, "?" in url)
            if endpoint in (None, "static") or (visits.get(key, 0) >= per_endpoint and url not in seeds):
                continue
            visits[key] = visits.get(key, 0) + 1
            response = client.get(url)
            site.query_names.update(name for name, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True))
            if response.status_code in (301, 302, 303):
                queue.append(_local(url, response.location))
                response.close()
                continue
            if response.status_code < 400:
                site.add_url(endpoint, url)
            if response.mimetype == "application/json":
                queue.extend(_json_links(response.get_json()))
            elif response.mimetype == "text/html":
                page = parse_page(response.get_data(as_text=True))
                queue.extend(filter(None, (_local(url, link) for link in page.links)))
                queue.extend(filter(None, (_add_form(app, site, url, form) for form in page.forms)))
            response.close()
    return site


def _add_form(app, site: SiteMap, page_url: str, form: Form) -> str | None:
    """Record a POST form; return the URL a GET form leads to with its first values."""
    form.action = _local(page_url, form.action or page_url)
    if not form.action:
        return None
    if form.method == "GET":
        site.query_names.update(form.fields)
        query = urlencode([(name, values[0]) for name, values in form.fields.items() if values])
        return form.action.split("?")[0] + "?" + query
    endpoint = endpoint_of(app, form.action, "POST")
    if endpoint is None:
        return None
    endpoint = endpoint_of(app, form.action, "POST")
    if endpoint is None:
        return
    known = site.forms.setdefault(endpoint, [])
    if len(known) < 6 and all(item.action != form.action or item.fields.keys() != form.fields.keys() for item in known):
        known.append(form)
    return None


def _local(base: str, link: str) -> str | None:
    absolute = urljoin(HOST + base, link)
    if not absolute.startswith(HOST + "/"):
        return None
    parts = urlsplit(absolute)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _json_links(value) -> list[str]:
    if isinstance(value, dict):
        return [link for item in value.values() for link in _json_links(item)]
    if isinstance(value, list):
        return [link for item in value for link in _json_links(item)]
    if isinstance(value, str) and value.startswith(HOST + "/"):
        return [_local("/", value)]
    return []


