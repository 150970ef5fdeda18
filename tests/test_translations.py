"""German is the source; English must be complete and keep every placeholder."""

import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def extract(tmp_path) -> list:
    target = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [str(pybabel), "extract", "-F", "babel.cfg", "-k", "_l", "-o", str(target), "."],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with target.open("rb") as handle:
        return [message for message in read_po(handle) if message.id]


def english():
    with (ROOT / "translations/en/LC_MESSAGES/messages.po").open("rb") as handle:
        return read_po(handle)


def test_every_text_has_an_english_translation(tmp_path):
    catalog = english()
    missing = []
    for message in extract(tmp_path):
        translated = catalog.get(message.id)
        strings = translated.string if translated else None
        if not translated or "fuzzy" in translated.flags or not (all(strings) if isinstance(strings, tuple) else strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    assert missing == [], f"{len(missing)} texts lack an English translation, e.g. {missing[:5]}"


def test_translations_keep_their_placeholders():
    for message in english():
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(PLACEHOLDER.findall(ids[0]))
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) <= expected | set(PLACEHOLDER.findall(ids[-1])), message.id
