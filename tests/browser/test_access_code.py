"""Access codes in a real browser: the QR link's fragment fills the field and never reaches a log;
an editor's printed sheet is laid out for A4 and its codes open the survey."""

import re

SURVEY_INTRO = "/umfragen/digitales-wolmirstedt"
EXAMPLE = "ABCDE-23456"
START = 'form[action$="/beginnen"] button.primary'
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def path_of(page) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url)


def log_mentions(log_path, code: str) -> list[str]:
    forms = {code.upper(), code.upper().replace("-", ""), code.lower(), code.lower().replace("-", "")}
    return [line for line in log_path.read_text().splitlines() if any(form in line for form in forms)]


def test_the_code_from_the_link_fills_the_field_and_leaves_the_address_bar(
    page, live_server, live_server_log, codes_survey, axe
):
    response = page.goto(f"{SURVEY_INTRO}#code={EXAMPLE}")
    assert response.status == 200
    assert page.locator("#code").input_value() == EXAMPLE
    assert path_of(page) == SURVEY_INTRO  # the fragment is gone from the address bar
    assert page.evaluate("window.location.hash") == ""
    # Sending it: unknown here, so the intro comes back with the message and the code kept.
    with page.expect_navigation():
        page.locator(START).click()
    assert page.locator(".error-summary").count() == 1
    assert page.locator("#code").input_value() == EXAMPLE
    results = axe.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
    assert log_mentions(live_server_log, EXAMPLE) == []


def test_typing_the_code_works_without_javascript(new_context, live_server_log, codes_survey):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(SURVEY_INTRO)
    page.fill("#code", "abcde 23456")
    with page.expect_navigation():
        page.locator(START).click()
    assert page.locator("#code").input_value() == "abcde 23456"
    assert page.locator(".error-summary").count() == 1
    assert log_mentions(live_server_log, EXAMPLE) == []


def test_an_editor_prints_codes_and_a_resident_starts_with_one(new_context, live_server_log, live_editor, codes_survey, axe):
    editor = new_context(locale="de-DE", viewport={"width": 1000, "height": 900}).new_page()
    problems = []
    editor.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    email, password = live_editor
    editor.goto("/verwaltung/anmelden")
    editor.fill("#email", email)
    editor.fill("#password", password)
    with editor.expect_navigation():
        editor.locator("form button.primary").click()
    editor.goto("/verwaltung/zugangscodes/")
    with editor.expect_navigation():
        editor.locator(f'a[href="/verwaltung/zugangscodes/{codes_survey}"]').click()
    assert axe.run(editor, options=AXE_OPTIONS).violations_count == 0
    editor.fill("#count", "16")
    editor.select_option("#locality", label="Glindenberg")  # the longest name must fit on a slip too
    with editor.expect_navigation():
        editor.locator("form button.primary").click()
    assert editor.locator(".slip").count() == 16
    assert editor.locator(".slip svg.qr").count() == 16
    assert problems == [], problems  # e.g. a CSP violation by the inline SVG
    results = axe.run(editor, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
    printed = editor.locator(".slip .code").all_inner_texts()
    assert len(set(printed)) == 16

    # Printed: only the sheet, 8 slips to an A4 page, nothing on a slip cut off or overlapping.
    editor.emulate_media(media="print")
    assert not editor.locator(".staff-bar").is_visible() and not editor.locator(".screen-only").first.is_visible()
    assert editor.locator(".sheet-head").is_visible()
    overlaps = editor.evaluate(
        """() => [...document.querySelectorAll('.slip')].flatMap((slip, index) => {
            const box = slip.getBoundingClientRect();
            const parts = [...slip.children].map(child => child.getBoundingClientRect());
            const rows = [parts[0], parts[2], parts[3], parts[4], parts[5]];  // title, QR, address, code, note
            const found = [];
            rows.forEach((row, i) => { if (i && row.top < rows[i - 1].bottom - 0.5) found.push(`slip ${index}: row ${i} overlaps`); });
            if (parts[1].bottom > parts[3].top + 0.5) found.push(`slip ${index}: text runs into the address`);
            if (rows[4].bottom > box.bottom + 0.5) found.push(`slip ${index}: note cut off`);
            return found;
        })"""
    )
    assert overlaps == []
    pdf = editor.pdf(prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 2  # 16 slips: 8 on the first page under the heading, 8 on the second

    # A resident opens the QR link of one slip and starts the survey with its code.
    resident = new_context().new_page()
    code = printed[3]
    resident.goto(f"{SURVEY_INTRO}#code={code}")
    assert resident.locator("#code").input_value() == code
    with resident.expect_navigation():
        resident.locator(START).click()
    assert path_of(resident) == f"{SURVEY_INTRO}/seite/1"
    for code in printed:
        assert log_mentions(live_server_log, code) == [], code
