import re
def test_dbg(page, keyboard_user, count_responses):
    import test_resident_survey as t
    kb = keyboard_user(page)
    t.open_survey(page, kb)
    kb.tab_to('input[name="q1"]'); kb.press("Space")
    kb.tab_to('input[name="q2"]'); kb.press("Space")
    for n in range(4):
        kb.activate(t.NEXT)
    print(page.url)
    kb.activate(t.SUBMIT)
    print(page.url, count_responses())
    r = page.go_back()
    print("back", page.url, r and r.status, r and r.from_service_worker, page.locator("#submission_key").input_value())
    print(page.locator("main").inner_text()[:300])
    kb.activate(t.SUBMIT)
    print(page.url, count_responses())
    print(page.locator("main").inner_text()[:300])
