"""A resident's steps through the demo survey with an access code."""

from tests.helpers import DEMO_PATH, Resident, demo_answers, form_fields


def start_with_code(client, typed: str):
    """Open the intro and start with the typed code; returns (response, resident)."""
    resident = Resident(client)
    resident.open(DEMO_PATH)
    response = client.post(DEMO_PATH + "/beginnen", data={**form_fields(resident.html), "code": typed})
    if response.status_code == 302:
        resident.open(response.location)
    else:
        resident.html = response.get_data(as_text=True)
    return response, resident


def answer_up_to_last_page(resident) -> dict:
    """Answer pages 1-4 of the demo survey; return the form that sends the last page."""
    pages = demo_answers()
    for number, answers in enumerate(pages[:4], 1):
        response = resident.post_page(number, answers)
        assert response.status_code == 302, (number, response.status_code)
    return {**form_fields(resident.html), **pages[4], "action": "submit"}
