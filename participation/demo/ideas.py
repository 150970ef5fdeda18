"""Demo idea boards: one for the whole town and one per locality, with a handful of ideas.

Ideas follow what residents of small towns in Saxony-Anhalt actually ask for (DOMAIN.md: the 2020
idea collection named economy, care and housing, and mobility as priorities).
"""

import datetime as dt
import secrets

from sqlalchemy import select

from participation.extensions import db
from participation.ideas.models import Idea, IdeaBoard, IdeaSupport
from participation.localities.models import LifeArea, Locality
from participation.pages.models import ProcessStep

TOWN_BOARD = "ganze-stadt"
#: The process step the boards belong to: the Zukunftswerkstatt.
STEP_NUMBER = 3

# board slug, locality slug (None: whole town), life area, title, text, display name, supports,
# (status, official answer) or None; ideas without "approved" wait for the moderation.
IDEAS = [
    (TOWN_BOARD, None, "digitales-rathaus", "Termine im Bürgerbüro online buchen",
     "Ich möchte für Personalausweis und Ummeldung einen Termin im Internet buchen können, statt morgens anzurufen und in der Warteschleife zu hängen. Eine Erinnerung am Vortag wäre schön.",
     "Renate", 14, ("accepted", "Die Online-Terminvergabe für das Bürgerbüro wird als Maßnahme in die Digitalisierungsstrategie aufgenommen. Telefonische Termine bleiben möglich.")),
    (TOWN_BOARD, None, "digitale-teilhabe", "Handy-Sprechstunde für Ältere in der Bibliothek",
     "Einmal in der Woche könnten Schülerinnen und Schüler in der Stadtbibliothek älteren Menschen zeigen, wie man Videoanrufe macht, Fotos verschickt oder Online-Banking sicher nutzt.",
     "", 9, ("review", "Wir sprechen mit der Stadtbibliothek und dem Gymnasium, wie eine solche Sprechstunde organisiert werden kann.")),
    ("mose", "mose", "digitale-infrastruktur", "Schnelles Internet für Mose",
     "In Mose bricht das Internet abends oft ein, Homeoffice ist kaum möglich. Bitte setzen Sie sich beim Landkreis für den Glasfaserausbau in unserem Ortsteil ein.",
     "Mosaner", 11, None),
    ("elbeu", "elbeu", "mobilitaet-verkehr", "Rufbus per App und Telefon bestellen",
     "Der Bus fährt am Wochenende kaum. Ein Rufbus, den man per App oder Telefon bestellen kann, würde Elbeu besser mit der Kernstadt und dem Bahnhof verbinden.",
     "", 6, ("declined", "Ein eigener Rufbus ist für die Stadt allein nicht finanzierbar. Der Landkreis prüft 2026 ein kreisweites Rufbus-Angebot; Ihre Idee geben wir dorthin weiter.")),
    ("farsleben", "farsleben", "ehrenamt-vereine", "Gemeinsamer Online-Kalender der Vereine",
     "Sportverein, Feuerwehr und Heimatverein planen ihre Feste oft am selben Wochenende. Ein gemeinsamer Kalender auf der Website der Stadt würde helfen.",
     "Jens", 4, None),
    ("glindenberg", "glindenberg", "energie-umwelt-klima", "Straßenlaternen nachts nach Bedarf dimmen",
     "Mit Bewegungsmeldern könnten die Laternen in den Nebenstraßen nachts gedimmt werden. Das spart Strom und Geld.",
     "", 0, "pending"),
]


def load_demo_ideas(today: dt.date) -> bool:
    """Create the boards and the demo ideas unless the boards exist; True when created."""
    if db.session.scalars(select(IdeaBoard.id).where(IdeaBoard.slug == TOWN_BOARD)).first():
        return False
    step = db.session.scalars(select(ProcessStep).where(ProcessStep.number == STEP_NUMBER)).one_or_none()
    localities = {locality.slug: locality for locality in db.session.scalars(select(Locality))}
    areas = {area.slug: area for area in db.session.scalars(select(LifeArea))}
    boards = {
        TOWN_BOARD: IdeaBoard(
            slug=TOWN_BOARD, title="Ideen für die ganze Stadt", position=0,
            description="Ideen, die Wolmirstedt und alle Ortschaften betreffen.",
            translations={"en": {"title": "Ideas for the whole town", "description": "Ideas that concern Wolmirstedt and all its localities."}},
            locality_id=None, process_step_id=step.id if step else None, moderation="pre", is_open=True,
        )
    }
    for position, locality in enumerate(sorted(localities.values(), key=lambda item: item.position), 1):
        boards[locality.slug] = IdeaBoard(
            slug=locality.slug, title=f"Ideen für {locality.name}", position=position,
            description=f"Was würde das Leben in {locality.name} digital leichter machen?",
            translations={"en": {"title": f"Ideas for {locality.name}", "description": f"What would make life in {locality.name} easier, digitally?"}},
            locality_id=locality.id, process_step_id=step.id if step else None, moderation="pre", is_open=True,
        )
    db.session.add_all(boards.values())
    db.session.flush()
    for board_slug, locality_slug, area_slug, title, body, name, supports, outcome in IDEAS:
        if board_slug not in boards or area_slug not in areas:
            continue
        pending = outcome == "pending"
        status, answer = outcome if isinstance(outcome, tuple) else ("received", "")
        idea = Idea(
            board_id=boards[board_slug].id, locality_id=localities[locality_slug].id if locality_slug in localities else None,
            life_area_id=areas[area_slug].id, title=title, body=body, display_name=name, created_on=today,
            # A random hash: nobody holds the follow link of a demo idea.
            follow_hash=secrets.token_hex(32), moderation="pending" if pending else "approved", reviewed=not pending,
            hidden=False, status=status, official_answer=answer, answered_on=today if answer else None,
            moderator_message="", edit_note="",
        )
        db.session.add(idea)
        db.session.flush()
        db.session.add_all(IdeaSupport(idea_id=idea.id, key_hash=secrets.token_hex(32)) for _ in range(supports))
    db.session.flush()
    return True
