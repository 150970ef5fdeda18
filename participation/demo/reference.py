"""Reference data of the demo installation: Wolmirstedt's localities, life areas and process steps.

Another town replaces this data, not code (see DOMAIN.md for the sources of these facts).
"""

LOCALITIES = [
    # slug, name, inhabitants (Kernstadt derived from the town total of about 11,800)
    ("wolmirstedt", "Wolmirstedt (Kernstadt)", 8300),
    ("elbeu", "Elbeu", 991),
    ("farsleben", "Farsleben", 882),
    ("glindenberg", "Glindenberg", 1280),
    ("mose", "Mose", 315),
]

LIFE_AREAS = [
    # slug, German name, German description, English name, English description
    ("digitales-rathaus", "Digitales Rathaus & Verwaltung", "Online-Dienste der Verwaltung, Termine, Onlinezugangsgesetz (OZG)",
     "Digital town hall & administration", "Online services of the administration, appointments, Online Access Act (OZG)"),
    ("digitale-infrastruktur", "Digitale Infrastruktur", "Breitband, Mobilfunk, öffentliches WLAN",
     "Digital infrastructure", "Broadband, mobile network, public Wi-Fi"),
    ("information-beteiligung", "Information & Bürgerbeteiligung", "Informationen der Stadt und Mitreden online",
     "Information & participation", "Information from the town and having a say online"),
    ("bildung-schule-jugend", "Bildung, Schule & Jugend", "Digitale Schulen, Angebote für Kinder und Jugendliche",
     "Education, schools & youth", "Digital schools, offers for children and young people"),
    ("gesundheit-pflege-senioren", "Gesundheit, Pflege & Senioren", "Telemedizin, Pflege, Unterstützung im Alter",
     "Health, care & older people", "Telemedicine, care, support in old age"),
    ("mobilitaet-verkehr", "Mobilität & Verkehr", "Bus und Bahn, Parken, Rufbus, Radverkehr",
     "Mobility & transport", "Bus and train, parking, on-demand bus, cycling"),
    ("wirtschaft-handel-arbeit", "Wirtschaft, Handel & Arbeit", "Örtliche Betriebe, Handel, Arbeiten von zu Hause",
     "Economy, trade & work", "Local businesses, shops, working from home"),
    ("ehrenamt-vereine", "Ehrenamt, Vereine & Gemeinschaft", "Vereinsleben, Nachbarschaft, Ehrenamt",
     "Volunteering, clubs & community", "Club life, neighbourhood, volunteering"),
    ("kultur-freizeit-tourismus", "Kultur, Freizeit & Tourismus", "Veranstaltungen, Bibliothek, Freizeit, Gäste",
     "Culture, leisure & tourism", "Events, library, leisure, visitors"),
    ("energie-umwelt-klima", "Energie, Umwelt & Klima", "Energie sparen, Umweltdaten, Klimaschutz",
     "Energy, environment & climate", "Saving energy, environmental data, climate protection"),
    ("wohnen-sicherheit-nahversorgung", "Wohnen, Sicherheit & Nahversorgung", "Wohnen, Sicherheit im Ort, Einkaufen vor Ort",
     "Housing, safety & local supply", "Housing, safety in the neighbourhood, local shopping"),
    ("digitale-teilhabe", "Digitale Teilhabe & Kompetenzen", "Hilfe beim Einstieg, Kurse, niemand wird abgehängt",
     "Digital inclusion & skills", "Help getting started, courses, nobody left behind"),
]

PROCESS_STEPS = [
    # number, state, German title, German description, English title, English description
    (1, "done", "Ziele und Positionierung", "Der Stadtrat hat am 30.11.2023 beschlossen, eine Digitalisierungsstrategie zu erarbeiten, und die Ziele festgelegt.",
     "Goals and positioning", "On 30 November 2023 the town council decided to draw up a digitalization strategy and set its goals."),
    (2, "done", "IST-Analyse", "Die Verwaltung hat erhoben, was es in Wolmirstedt heute schon digital gibt und wo es fehlt.",
     "Current-state analysis", "The administration surveyed what Wolmirstedt already offers digitally and where gaps remain."),
    (3, "current", "Zukunftswerkstatt „Digitalisierung“", "Bürgerinnen und Bürger, Betriebe, Vereine und Schulen sagen, was sie stört und was sie sich wünschen: in Umfragen, Ideensammlungen und Werkstätten.",
     "Future workshop “Digitalization”", "Residents, businesses, clubs and schools say what bothers them and what they wish for: in surveys, idea collections and workshops."),
    (4, "upcoming", "Lebensbereiche ableiten", "Aus den Ergebnissen werden die Lebensbereiche abgeleitet, nach denen die Maßnahmen geordnet werden.",
     "Deriving the life areas", "The results are used to derive the life areas by which the measures are grouped."),
    (5, "upcoming", "Digitalisierungsstrategie „Wolmirstedt“", "Die Strategie mit Maßnahmen je Lebensbereich geht zur Entscheidung in den Stadtrat.",
     "Digitalization strategy “Wolmirstedt”", "The strategy with measures for each life area goes to the town council for decision."),
]
