"""The base of every form on the site: it reads only what an HTML form of ours can send.

Flask-WTF's FlaskForm merges `request.files` into the form data and reads a JSON body as form
data. A file posted under a text field's name then reached StringFields as a FileStorage
(`TypeError: object of type 'FileStorage' has no len()`), and JSON lists and numbers reached
them as such. Our forms are HTML forms: they read `request.form` (already cleaned of control
characters, core/inputs.py), uploads only for their own file fields, and a JSON body not at all,
so such a request gets the form's normal validation messages.
"""

from flask import request
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto
from werkzeug.datastructures import CombinedMultiDict, MultiDict
from wtforms.fields import FileField  # MultipleFileField is one too

SUBMIT_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class Form(FlaskForm):
    class Meta:
        def wrap_formdata(self, form, formdata):
            if formdata is not _Auto:
                return formdata
            if request.method not in SUBMIT_METHODS:
                return None
            file_names = {field.name for field in form if isinstance(field, FileField)}
            uploads = [(name, upload) for name, upload in request.files.items(multi=True) if name in file_names]
            if uploads:
                texts = [(name, value) for name, value in request.form.items(multi=True) if name not in file_names]
                return CombinedMultiDict((MultiDict(uploads), MultiDict(texts)))
            # Like Flask-WTF: no form data at all leaves the fields at their defaults.
            return request.form or None
