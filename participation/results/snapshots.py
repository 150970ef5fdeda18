"""The published form of a survey's results: what a `ResultSnapshot.data` holds.

Every consumer (result pages, charts, the JSON API, exports, the derivation step) reads this and
nothing else, so the numbers are the same everywhere. Built once by `build_snapshot_data` from the
privacy gate's output; never changed afterwards.

Format (version 1)
------------------
Texts are ``{"de": ..., "en": ...}`` (English may be missing: fall back to German). Group keys are
``"town"``, ``"locality:<slug>"`` or ``"<dimension key>:<level key>"`` for a demographic, e.g.
``"demo17:o88"``.

    {
      "format": 1,
      "survey": {"slug": str, "title": text, "intro": text},
      "version": int, "published_on": "YYYY-MM-DD", "reason": str,
      "policy": {"MIN_CELL": 5, "MIN_GROUP": 10, "HOMOGENEITY_GROUP": 20, "MIN_FREE_TEXT_GROUP": 10},
      "dimensions": [                       # the published breakdowns, localities first
        {"key": "locality", "label": text,
         "levels": [{"key": "locality:mose", "slug": "mose", "label": text}, ...]},
        {"key": "demo17", "label": text, "levels": [{"key": "demo17:o88", "label": text}, ...]}
      ],
      "respondents": <table>,               # how many took part: categories are the localities
      "questions": [
        {"id": int, "number": int (1, 2, ... in survey order), "kind": str, "prompt": text,
         "help": text, "life_areas": [slug, ...],
         "scale": {"min": int, "max": int, "label_min": text, "label_max": text} | null,
         "unit": text,                       # number questions
         "tables": [<table>, ...],           # see below
         "quotes": [{"group": "town" | "locality:<slug>", "text": str}, ...]}   # shuffled
      ]
    }

A <table> is one gated table:

    {"key": str, "label": text | null,     # label: the option (multiple, ranking) or item (matrix)
     "measure": "distribution" | "share" | "places" | "answered",
     "categories": [{"key": str, "label": text, "value": number | null}, ...],
     "withheld": bool,                      # true: nothing of this table is published
     "groups": [
       {"key": "town", "n": int | null,
        "n_marker": null | "fewer_than_min_group" | "protected",
        "marker": null | "fewer_than_min_group" | "protected",   # why no distribution is shown
        "cells": [{"count": int | null, "percent": float | null,
                   "marker": null | "fewer_than_min_cell" | "protected"}, ...],
        "mean": float | null, "median": str | null},              # median: a category key
       ...]}

Tables per question kind:
- single, demographic, locality: one "distribution" table over the options (+ "na" = keine Angabe).
- multiple: one "share" table per option, categories ["chosen", "not_chosen"]; n is everyone who
  answered the question.
- scale: one "distribution" over the values min..max (+ "na"), with mean and median.
- matrix: one "distribution" table per item, like a scale.
- ranking: one "places" table per option, categories "place1".."placeN" and "not_ranked"; the value
  of a category is its points (N for place 1 ... 1 for place N, 0 not ranked), the mean is the
  average points.
- number: one "distribution" over pre-declared bins of the allowed range; median is a bin.
- short_text, long_text: one "answered" table, categories ["answered", "not_answered"] over all
  respondents of the group; the texts themselves appear only as moderated quotes.

Markers: a hidden count is "fewer_than_min_cell" (1 to MIN_CELL-1, shown as "fewer than 5") or
"protected" (hidden so that other numbers cannot give it away). A group below MIN_GROUP shows
"fewer_than_min_group" ("fewer than 10 answers"). Any other reason to hide a group's distribution
(everyone answered alike, the group differs from the town by a handful of people) is shown as
"protected" on purpose: naming the reason would tell what it hides.
"""
