"""QUALITY.md: generated junk posted to paper entry and import never causes a server error."""

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.helpers import demo_questions, form_fields
from tests.paper.conftest import IMPORT, SHEET, open_sitting

junk_text = st.one_of(
    st.text(max_size=40),
    st.integers(-10**6, 10**6).map(str),
    st.sampled_from(["na", "", " ", "1e309", "NaN", "١٢", "\x00", "<script>", "'; DROP TABLE answers;--"]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_junk_posted_as_a_sheet_never_causes_a_server_error(editor, data):
    html = open_sitting(editor)
    questions = demo_questions()
    names = [f"q{question.id}" for question in questions.values()]
    names += [f"q{questions['importance'].id}_{option.id}" for option in questions["importance"].options[:3]]
    names += [f"q{questions['contact'].id}_place{place}" for place in (1, 2, 9)]
    fields = data.draw(st.dictionaries(st.sampled_from(names + ["junk", "submission_key"]), st.lists(junk_text, max_size=4), max_size=12))
    response = editor.post(SHEET, data={**form_fields(html), **fields})
    assert response.status_code in (302, 400, 422), response.status_code


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=2000) | st.text(max_size=500).map(lambda text: text.encode("utf-8", "surrogatepass")))
def test_junk_uploaded_as_a_file_never_causes_a_server_error(editor, content):
    token = form_fields(editor.get(IMPORT).get_data(as_text=True))["csrf_token"]
    boundary, body = encode_multipart({"csrf_token": token, "file": FileStorage(io.BytesIO(content), "x.csv")})
    response = editor.post(IMPORT, data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code in (302, 409, 422), response.status_code
