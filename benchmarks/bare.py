"""The bare Flask endpoint that benchmarks compare against, served with the same gunicorn settings."""

from flask import Flask

app = Flask(__name__)


@app.post("/")
@app.get("/")
def hello():
    return "ok"
