"""Ready-made group polls: short, in plain words, each question tagged with the life areas its
answers speak to (DOMAIN.md), so a handed-over result feeds the life-area derivation.

Plain data: (German, English) texts; the life areas by slug (a town without one of them gets the
question untagged). "blank" starts with no questions: the organiser adds them in the builder.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TemplateQuestion:
    kind: str
    prompt: tuple[str, str]
    options: tuple[tuple[str, str], ...] = ()
    life_areas: tuple[str, ...] = ()
    option_life_areas: tuple[tuple[str, ...], ...] = ()
    required: bool = False
    max_choices: int | None = None
    scale: tuple[tuple[str, str], tuple[str, str]] | None = None  # words for 1 and 5
    max_length: int | None = None


@dataclass(frozen=True)
class PollTemplate:
    key: str
    title: tuple[str, str]
    intro: tuple[str, str]
    questions: tuple[TemplateQuestion, ...] = field(default_factory=tuple)


SCHOOL = PollTemplate(
    key="school_digital_life",
    title=("Digitales Leben in unserer Klasse", "Digital life in our class"),
    intro=(
        "Fünf kurze Fragen dazu, wie ihr digital unterwegs seid und was ihr euch in Wolmirstedt wünscht. "
        "Eure Antworten bleiben anonym: Wir sehen nur, wie viele etwas gewählt haben.",
        "Five short questions on how you use digital things and what you would like in Wolmirstedt. "
        "Your answers stay anonymous: we only see how many chose something.",
    ),
    questions=(
        TemplateQuestion(
            "single",
            ("Wie bist du meistens im Internet?", "How are you online most of the time?"),
            options=(
                ("Mit dem Handy über mobile Daten", "On my phone with mobile data"),
                ("Über das WLAN zu Hause", "Through the Wi-Fi at home"),
                ("Über das WLAN in der Schule", "Through the Wi-Fi at school"),
                ("Kaum oder gar nicht", "Hardly or not at all"),
            ),
            life_areas=("digitale-infrastruktur",),
            required=True,
        ),
        TemplateQuestion(
            "scale",
            ("Wie gut funktioniert das WLAN in deiner Schule?", "How well does the Wi-Fi at your school work?"),
            life_areas=("bildung-schule-jugend", "digitale-infrastruktur"),
            scale=(("sehr schlecht", "very badly"), ("sehr gut", "very well")),
        ),
        TemplateQuestion(
            "multiple",
            ("Was wünschst du dir digital in Wolmirstedt am meisten?",
             "What would you most like to have digitally in Wolmirstedt?"),
            options=(
                ("Freies WLAN an Treffpunkten", "Free Wi-Fi where people meet"),
                ("Bus-Abfahrtszeiten live auf dem Handy", "Live bus times on my phone"),
                ("Freizeitangebote online finden und buchen", "Find and book leisure activities online"),
                ("Bessere Technik in der Schule", "Better technology at school"),
                ("Hilfe bei Sicherheit und Datenschutz im Netz", "Help with safety and privacy online"),
                ("Mitreden bei Plänen der Stadt", "Having a say in the town's plans"),
            ),
            option_life_areas=(
                ("digitale-infrastruktur",), ("mobilitaet-verkehr",), ("kultur-freizeit-tourismus",),
                ("bildung-schule-jugend",), ("digitale-teilhabe",), ("information-beteiligung",),
            ),
            max_choices=3,
        ),
        TemplateQuestion(
            "scale",
            ("Wie gut fühlst du dich über Angebote für Jugendliche in der Stadt informiert?",
             "How well informed do you feel about what the town offers young people?"),
            life_areas=("information-beteiligung", "bildung-schule-jugend"),
            scale=(("gar nicht", "not at all"), ("sehr gut", "very well")),
        ),
        TemplateQuestion(
            "short_text",
            ("Was sollte die Stadt als Erstes anpacken?", "What should the town tackle first?"),
            max_length=200,
        ),
    ),
)

CLUB = PollTemplate(
    key="club_digital_needs",
    title=("Was unser Verein digital braucht", "What our club needs digitally"),
    intro=(
        "Vier kurze Fragen für Vereinsmitglieder: wie der Verein heute arbeitet und wobei digitale Hilfe nützen würde. "
        "Anonym: Gezeigt wird nur, wie viele etwas gewählt haben.",
        "Four short questions for club members: how the club works today and where digital help would be useful. "
        "Anonymous: only how many chose something is shown.",
    ),
    questions=(
        TemplateQuestion(
            "single",
            ("Wie organisiert sich unser Verein heute vor allem?", "How does our club mainly organise itself today?"),
            options=(
                ("Mit Papier, Aushang und Telefon", "With paper, notice boards and phone calls"),
                ("Per E-Mail", "By e-mail"),
                ("In Messenger-Gruppen", "In messenger groups"),
                ("Mit einer Vereinssoftware oder App", "With club software or an app"),
            ),
            life_areas=("ehrenamt-vereine",),
            required=True,
        ),
        TemplateQuestion(
            "multiple",
            ("Wobei würde digitale Unterstützung dem Verein am meisten helfen?",
             "Where would digital support help the club most?"),
            options=(
                ("Mitglieder und Beiträge verwalten", "Managing members and fees"),
                ("Räume und Hallen der Stadt online buchen", "Booking the town's rooms and halls online"),
                ("Neue Mitglieder und Ehrenamtliche gewinnen", "Finding new members and volunteers"),
                ("Fördermittel online beantragen", "Applying for grants online"),
                ("Veranstaltungen bekannt machen", "Announcing events"),
                ("Schulungen für Ehrenamtliche", "Training for volunteers"),
            ),
            option_life_areas=(
                ("ehrenamt-vereine",), ("digitales-rathaus",), ("ehrenamt-vereine",),
                ("digitales-rathaus",), ("kultur-freizeit-tourismus",), ("digitale-teilhabe",),
            ),
            max_choices=3,
        ),
        TemplateQuestion(
            "scale",
            ("Wie zufrieden sind Sie mit dem Internet dort, wo der Verein sich trifft?",
             "How satisfied are you with the internet where the club meets?"),
            life_areas=("digitale-infrastruktur", "ehrenamt-vereine"),
            scale=(("gar nicht zufrieden", "not at all satisfied"), ("sehr zufrieden", "very satisfied")),
        ),
        TemplateQuestion(
            "short_text",
            ("Was sollte die Stadt für Vereine digital tun?", "What should the town do digitally for clubs?"),
            max_length=200,
        ),
    ),
)

BLANK = PollTemplate(
    key="blank",
    title=("Umfrage der Gruppe", "Group poll"),
    intro=("", ""),
)

TEMPLATES = {template.key: template for template in (SCHOOL, CLUB, BLANK)}
