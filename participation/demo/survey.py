"""The demo survey: the realistic questions of DOMAIN.md, using every question type.

Texts are (German, English) pairs. Options may carry life-area slugs for the derivation step.
"""

SLUG = "digitales-wolmirstedt"
TITLE = ("Wie digital ist Wolmirstedt? Ihre Meinung zählt", "How digital is Wolmirstedt? Your opinion counts")
INTRO = (
    "Die Stadt erarbeitet eine Digitalisierungsstrategie. Mit dieser Umfrage möchten wir wissen, wie Sie das "
    "Internet nutzen, was Ihnen fehlt und welche Lebensbereiche Ihnen am wichtigsten sind.",
    "The town is drawing up a digitalization strategy. With this survey we would like to know how you use the "
    "internet, what you are missing and which life areas matter most to you.",
)
WEEKS_OPEN = 8

CONNECTIONS = [
    ("DSL über die Telefonleitung", "DSL over the phone line"),
    ("Kabel (Fernsehkabel)", "Cable (TV cable)"),
    ("Glasfaser", "Fibre"),
    ("Nur über das Handy (Mobilfunk)", "Only through the mobile phone network"),
    ("Ich habe keinen Internetanschluss", "I have no internet connection"),
]

LIFE_AREA_ITEMS = [
    "digitales-rathaus", "digitale-infrastruktur", "information-beteiligung", "bildung-schule-jugend",
    "gesundheit-pflege-senioren", "mobilitaet-verkehr", "wirtschaft-handel-arbeit", "ehrenamt-vereine",
    "kultur-freizeit-tourismus", "energie-umwelt-klima", "wohnen-sicherheit-nahversorgung", "digitale-teilhabe",
]

PAGES = [
    {
        "title": ("Ihr Wohnort und Ihr Anschluss", "Where you live and your connection"),
        "questions": [
            {"key": "locality", "kind": "locality", "required": True,
             "prompt": ("In welcher Ortschaft wohnen Sie?", "In which locality do you live?"),
             "help": ("Alle Ortschaften haben dieselbe Postleitzahl. Deshalb fragen wir direkt.",
                      "All localities share one postcode, so we ask directly.")},
            {"key": "connection", "kind": "single", "required": True, "life_areas": ["digitale-infrastruktur"],
             "prompt": ("Wie sind Sie zu Hause mit dem Internet verbunden?", "How do you connect to the internet at home?"),
             "options": [(de, en, []) for de, en in CONNECTIONS]},
        ],
    },
    {
        "title": ("Internet und Mobilfunk", "Internet and mobile reception"),
        "questions": [
            {"key": "satisfaction", "kind": "scale", "min": 1, "max": 5, "allow_no_answer": True,
             "life_areas": ["digitale-infrastruktur"], "show_if": ("connection", [0, 1, 2, 3]),
             "prompt": ("Wie zufrieden sind Sie mit Ihrem Internetanschluss?", "How satisfied are you with your internet connection?"),
             "label_min": ("gar nicht zufrieden", "not at all satisfied"), "label_max": ("sehr zufrieden", "very satisfied")},
            {"key": "outages", "kind": "single", "life_areas": ["digitale-infrastruktur"],
             "show_if": ("connection", [0, 1, 2, 3]),
             "prompt": ("Wie oft war das Internet bei Ihnen zu Hause in den letzten 12 Monaten nicht nutzbar?",
                        "How often was the internet unusable at your home in the last 12 months?"),
             "options": [("Nie", "Never", []), ("Ein- bis zweimal", "Once or twice", []),
                         ("Etwa monatlich", "About once a month", []), ("Etwa wöchentlich", "About once a week", []),
                         ("Fast täglich", "Almost every day", [])]},
            {"key": "reception", "kind": "scale", "min": 1, "max": 5, "allow_no_answer": True,
             "life_areas": ["digitale-infrastruktur"],
             "prompt": ("Wie ist der Handyempfang dort, wo Sie wohnen?", "How is mobile reception where you live?"),
             "label_min": ("sehr schlecht", "very poor"), "label_max": ("sehr gut", "very good")},
            {"key": "household", "kind": "number", "min": 0, "max": 20,
             "unit": ("Personen", "people"),
             "prompt": ("Wie viele Personen in Ihrem Haushalt nutzen das Internet?",
                        "How many people in your household use the internet?")},
        ],
    },
    {
        "title": ("Ihr digitaler Alltag", "Your digital everyday life"),
        "questions": [
            {"key": "frequency", "kind": "single", "life_areas": ["digitale-teilhabe"],
             "prompt": ("Wie oft nutzen Sie das Internet für alltägliche Dinge?", "How often do you use the internet for everyday things?"),
             "options": [("Täglich", "Daily", []), ("Mehrmals pro Woche", "Several times a week", []),
                         ("Seltener", "Less often", []), ("Nie", "Never", [])]},
            {"key": "skills", "kind": "scale", "min": 1, "max": 5, "allow_no_answer": True,
             "life_areas": ["digitale-teilhabe"],
             "prompt": ("Wie schätzen Sie Ihre eigenen digitalen Fähigkeiten ein?", "How would you rate your own digital skills?"),
             "label_min": ("Anfänger", "beginner"), "label_max": ("sehr sicher", "very confident")},
            {"key": "services", "kind": "multiple", "life_areas": ["digitales-rathaus"],
             "prompt": ("Welche Behördengänge würden Sie gern online erledigen?", "Which administrative services would you like to handle online?"),
             "options": [("Personalausweis und Reisepass", "ID card and passport", ["digitales-rathaus"]),
                         ("Müllabfuhr und Sperrmüll", "Waste collection and bulky waste", ["energie-umwelt-klima"]),
                         ("Kfz-Zulassung", "Vehicle registration", ["mobilitaet-verkehr"]),
                         ("Ummelden bei Umzug", "Change of address", ["digitales-rathaus"]),
                         ("Termine im Bürgerbüro buchen", "Booking appointments at the citizens' office", ["digitales-rathaus"]),
                         ("Anträge für Kita und Schule", "Applications for nursery and school", ["bildung-schule-jugend"]),
                         ("Gewerbe anmelden", "Registering a business", ["wirtschaft-handel-arbeit"])]},
            {"key": "barriers", "kind": "multiple", "max_choices": 3, "life_areas": ["digitale-teilhabe"],
             "prompt": ("Was hält Sie davon ab, Online-Angebote zu nutzen?", "What keeps you from using online services?"),
             "options": [("Ich kenne die Angebote nicht", "I do not know the services", ["information-beteiligung"]),
                         ("Sorgen um den Datenschutz", "Worries about data protection", []),
                         ("Es ist mir zu kompliziert", "It is too complicated for me", ["digitale-teilhabe"]),
                         ("Mir fehlt das passende Gerät", "I lack the right device", ["digitale-teilhabe"]),
                         ("Ich habe kein (gutes) Internet", "I have no (good) internet", ["digitale-infrastruktur"]),
                         ("Mir fehlt der persönliche Kontakt", "I miss personal contact", [])]},
        ],
    },
    {
        "title": ("Verwaltung und Lebensbereiche", "Administration and life areas"),
        "questions": [
            {"key": "contact", "kind": "ranking", "life_areas": ["digitales-rathaus"],
             "prompt": ("Wie nehmen Sie am liebsten Kontakt mit der Verwaltung auf? Bitte ordnen Sie.",
                        "How do you prefer to contact the administration? Please rank."),
             "options": [("Telefon", "Phone", []), ("E-Mail", "E-mail", []), ("Chat auf der Website", "Chat on the website", []),
                         ("Videogespräch", "Video call", []), ("Persönlich im Rathaus", "In person at the town hall", [])]},
            {"key": "importance", "kind": "matrix", "min": 1, "max": 5, "allow_no_answer": True,
             "prompt": ("Wie wichtig ist Ihnen Digitalisierung in diesen Lebensbereichen?",
                        "How important is digitalization to you in these life areas?"),
             "label_min": ("unwichtig", "unimportant"), "label_max": ("sehr wichtig", "very important"),
             "items_from_life_areas": True},
            {"key": "top3", "kind": "ranking", "max_choices": 3,
             "prompt": ("Welche drei Lebensbereiche sollen zuerst angegangen werden?",
                        "Which three life areas should be tackled first?"),
             "items_from_life_areas": True},
        ],
    },
    {
        "title": ("Ihre Ideen und Angaben zur Person", "Your ideas and about you"),
        "questions": [
            {"key": "first_service", "kind": "short_text", "max_length": 150, "life_areas": ["digitales-rathaus"],
             "prompt": ("Welches Online-Angebot der Stadt würden Sie als Erstes nutzen?",
                        "Which online service of the town would you use first?")},
            {"key": "vision", "kind": "long_text", "max_length": 2000,
             "prompt": ("Was stellen Sie sich unter einem „digitalen Wolmirstedt“ vor?",
                        "What do you picture as a “digital Wolmirstedt”?"),
             "help": ("Ihre Ideen, Wünsche oder Sorgen – in Ihren eigenen Worten.",
                      "Your ideas, wishes or worries – in your own words.")},
            {"key": "age", "kind": "demographic", "allow_no_answer": True,
             "prompt": ("Wie alt sind Sie?", "How old are you?"),
             "help": ("Damit sehen wir, ob alle Altersgruppen mitgemacht haben.", "This shows us whether all age groups took part."),
             "options": [("unter 18 Jahre", "under 18", []), ("18 bis 29 Jahre", "18 to 29", []),
                         ("30 bis 44 Jahre", "30 to 44", []), ("45 bis 59 Jahre", "45 to 59", []),
                         ("60 bis 74 Jahre", "60 to 74", []), ("75 Jahre und älter", "75 and older", [])]},
        ],
    },
]
