"""Why a published version is withdrawn, in plain words for the pages, the API and staff.

The code is stored in `ResultSnapshot.withdrawn_reason`; the words are chosen when shown, in the
reader's language.
"""

from flask_babel import gettext as _

#: A later version counts responses (late paper forms) this one does not.
RESPONSES_ADDED = "responses_added"


def explanation(reason: str) -> str:
    """One or two sentences for residents: why this version is no longer shown."""
    if reason == RESPONSES_ADDED:
        return _(
            "Nach dieser Fassung sind noch ausgefüllte Papierfragebögen eingegangen. Sie sind in der "
            "aktuellen Fassung mitgezählt. Beide Fassungen nebeneinander würden verraten, was auf "
            "diesen Bögen steht. Deshalb ist diese Fassung zurückgezogen."
        )
    return _("Diese Fassung ist zurückgezogen und wurde durch eine neuere ersetzt.")


def short_reason(reason: str) -> str:
    """A few words for a list of versions."""
    if reason == RESPONSES_ADDED:
        return _("zurückgezogen: später eingegangene Papierbögen sind in einer neueren Fassung mitgezählt")
    return _("zurückgezogen")
