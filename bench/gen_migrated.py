#!/usr/bin/env python3
"""Generates a "migrated site" corpus for carnet: a public-sector knowledge base moved from Jekyll.

    python3 bench/gen_migrated.py --pages 7000 --out /tmp/migrated --seed 42
    python3 bench/gen_migrated.py --pages 300 --out /tmp/small            # small instance for tests
    python3 bench/gen_migrated.py --pages 300 --out /tmp/small --errors   # plus genuine mistakes

Why this corpus. The benchmark corpus (`bench/run.py`) is made of pages carnet's authors wrote
for carnet. A site migrated from Jekyll, such as the network of public start-ups whose site
lists its members and its projects, looks nothing like it, and that is what an adopting team
brings on day one:

- Thousands of *member pages* (about 52 % of the pages) with a few keys and no text at all:
  a full name as title (French names: accents, hyphens, apostrophes, particles; a few run to
  200 characters, given names, compound surnames and a role, so their file names, made from
  the name as Jekyll sites do, reach 150 to 200 bytes), a role as description, skills as tags
  written by hand by hundreds of people (`Numérique`, `numérique`, `numerique`), and free
  fields (GitHub account, links, missions) under `extra:`.
- Hundreds of *projects*, one folder each (`projets/<slug>/_index.md`, a section) whose text
  was written in the forge's web editor and carries what Jekyll and the forge's preview
  allowed: tables, raw HTML (`<div class>`, `<iframe>`, `<details>`), Liquid leftovers
  (`{% include contact.html %}`, `{{ site.baseurl }}`, `{% raw %}`), e-mail and URL autolinks
  (`<prenom.nom@beta.gouv.fr>`), headings with accents and punctuation
  (`## Réseau beta.gouv.fr`), and links whose anchors were copied from the forge's preview,
  so they follow GitHub's slug rule (lower case, accents kept, punctuation dropped, each space
  a dash: `#réseau-betagouvfr`, `#léquipe-daccompagnement`), not carnet's.
- Each project's *dated phases* (investigation, construction, accélération...) as `event`
  pages in its folder: all-day dates, from a few days to four years, some overlapping, most
  without a place (a phase has none), a few with an online address.
- Some news (`actualites/`, dated, with tables and images, a few without alternative text),
  a small MOOC (a `course` with modules and lessons with quizzes), a few plain pages.

Everything written is valid under carnet's content model (README, "Writing pages"): every
front matter key is one the page's kind accepts, every link points to a file that exists and
every anchor to a heading that exists under GitHub's rule. What a public site treats as
policy warnings is there on purpose: images without alternative text, events without a place,
tags spelt several ways, forge-style anchors. `manifest.json` counts them, and also the valid
Markdown that other tools write and carnet once refused (e-mail autolinks, forge anchors that carnet's
own slug rule does not produce, file names over 100 bytes), which carnet must accept.

`--errors` adds a fixed set of genuine mistakes (a link to a missing page, an anchor matching
no heading under any rule, a quiz answer out of range, a typo'd key, a key of another kind,
an impossible date, an event ending before it starts, an unknown status, a missing image, a
page with broken YAML that other pages link to), each listed in `manifest.json` with its file
and line. The rest of the corpus is byte for byte the one generated without `--errors`.

Deterministic: the same arguments give the same bytes (one `random.Random(seed)`, sorted
iteration, no clock). Standard library only. Writes into a temporary folder beside `--out`
and swaps it in at the end; refuses a non-empty `--out` that is not a previous output.
"""
import argparse
import bisect
import json
import os
import posixpath
import random
import re
import shutil
import struct
import sys
import time
import unicodedata
import zlib
from dataclasses import dataclass, field
from datetime import date, timedelta

GENERATOR = "bench/gen_migrated.py"
# The day the site was migrated: every page dated before it, so nothing waits for publication.
MIGRATION_DAY = date(2025, 6, 30)
MIN_PAGES = 200

# ---------------------------------------------------------------------------------------------
# Vocabulary

GIVEN = [
    "Camille", "Léa", "Chloé", "Manon", "Inès", "Zoé", "Anaïs", "Hélène", "Éloïse", "Noémie",
    "Océane", "Gaëlle", "Cécile", "Clémence", "Thaïs", "Maëlys", "Agnès", "Bérénice", "Élodie",
    "Sophie", "Marie", "Julie", "Aurélie", "Lucie", "Mathilde", "Solène", "Margaux", "Nadège",
    "Fatoumata", "Yasmine", "Aïcha", "Leïla", "Marie-Hélène", "Anne-Sophie", "Marie-Ève",
    "Jean-Baptiste", "Jean-François", "Pierre-Yves", "Paul-Émile", "Louis-Marie", "François",
    "Jérôme", "Benoît", "Frédéric", "Loïc", "Maël", "Noé", "Raphaël", "Gaël", "Joël", "Hervé",
    "Théo", "Étienne", "Grégoire", "Rémi", "Clément", "Sébastien", "Mathieu", "Julien", "Thomas",
    "Nicolas", "Antoine", "Hugo", "Lucas", "Arthur", "Mehdi", "Karim", "Youssef", "Moussa",
    "Ibrahima", "Dimitri", "Thibault", "Ségolène", "Côme", "Anatole", "Josué", "Çağla", "Søren",
]
SURNAMES = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Lefebvre", "Mercier", "Dupont",
    "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau",
    "Blanc", "Guérin", "Müller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu",
    "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin", "Le Gall",
    "Le Goff", "Le Bihan", "Kerhervé", "N'Diaye", "Diallo", "Traoré", "Ouédraogo", "Nguyen",
    "Tran", "Da Silva", "Dos Santos", "Ben Saïd", "Benhamou", "El Amrani", "Haddad", "Fernández",
    "Pérez", "Gómez", "Østergaard", "Brémond", "Delacroix", "Desjardins", "Lemaître", "Gaillard",
    "Hébert", "Bérard", "Cazenave", "Etcheverry", "Iparraguirre", "de Villiers", "d'Hauteville",
    "de La Tour d'Auvergne", "Saint-Exupéry", "Le Floc'h", "Giraud-Lecomte", "Poulain-Mérel",
]
LONG_SURNAMES = [
    "de La Tour d'Auvergne-Lauraguais", "de Saint-Exupéry-Montbazon", "Le Floc'h de Kerhervé",
    "Ouédraogo-Traoré", "de Villiers de l'Isle-Adam", "Etcheverry-Iparraguirre",
    "Fernández de Córdoba", "Poulain-Mérel de Montaigu", "Benhamou-El Amrani",
]
ROLES = [
    "Développeuse full-stack", "Développeur full-stack", "Développeur back-end",
    "Développeuse front-end", "Designer UX", "Designer de services", "Coach agile",
    "Coach produit", "Chargée de déploiement", "Chargé de déploiement", "Intrapreneur",
    "Intrapreneuse", "Product owner", "Product manager", "Data scientist", "Data engineer",
    "Responsable de l'incubateur", "Chargée de communication", "Juriste numérique",
    "Experte accessibilité", "Expert sécurité", "Opérateur de l'infrastructure", "Ops",
    "Chargée de mission données ouvertes", "Business developer", "Responsable du produit",
]
LONG_ROLES = [
    "cheffe de projet déploiement territorial et accompagnement au changement auprès des collectivités",
    "intrapreneur, chargé de mission transformation numérique à la direction interministérielle",
    "coach produit et designer de services publics numériques, référente accessibilité",
]
EMPLOYERS = ["DINUM", "ANCT", "Octo", "Scopyleft", "Indépendant·e", "Ministère du Travail",
             "Ministère de la Transition écologique", "Pôle emploi", "ADEME", "Incubateur des territoires"]

# Tags as hand-typed by hundreds of contributors: (spelling, weight) groups share an address.
TAG_GROUPS = [
    [("Numérique", 6), ("numérique", 3), ("numerique", 1)],
    [("Données ouvertes", 5), ("données-ouvertes", 3), ("données ouvertes", 2)],
    [("Accessibilité", 4), ("accessibilité", 4)],
    [("Éducation", 3), ("éducation", 2), ("education", 1)],
    [("développement", 1)], [("design", 1)], [("produit", 1)], [("déploiement", 1)],
    [("coaching", 1)], [("data", 1)], [("sécurité", 1)], [("juridique", 1)], [("UX", 1)],
    [("agilité", 1)], [("intrapreneuriat", 1)], [("territoires", 1)], [("emploi", 1)],
    [("santé", 1)], [("écologie", 1)], [("logement", 1)], [("justice", 1)], [("transports", 1)],
    [("API", 1)], [("Python", 1)], [("JavaScript", 1)], [("Ruby on Rails", 1)], [("Django", 1)],
    [("React", 1)], [("DevOps", 1)], [("open source", 1)],
]

PROJECT_PREFIXES = [
    "Mes", "Mon", "Ma", "Signal", "Aides", "Démarches", "Place", "Data", "Pass", "API", "Carte",
    "Dossier", "Portail", "Zéro", "Objectif", "Trouver", "Rdv", "Diagnostic", "Annuaire",
    "Simulateur", "Boussole", "Tableau de bord", "Espace", "Guichet", "Réseau",
]
PROJECT_NOUNS = [
    "Aides", "Emploi", "Santé", "Territoires", "Conso", "Stage", "Logement", "Cantine", "Vélo",
    "Forêt", "Eau", "Énergie", "Culture", "Sport", "Écoles", "Collèges", "Apprentissage",
    "Handicap", "Retraite", "Justice", "Prison", "Douane", "Permis", "Carte grise", "Mobilité",
    "Inclusion", "Solidarité", "Alimentation", "Agriculture", "Pêche", "Littoral", "Déchets",
    "Recyclage", "Climat", "Biodiversité", "Bâtiment", "Rénovation", "Chaleur", "Marchés publics",
    "Subventions", "Associations", "Bénévolat", "Quartiers", "Ruralité", "Numérique", "Médiation",
    "Accueil", "Démarches", "Signalement", "Urbanisme", "Cadastre", "Élus", "Mairie",
    "Patrimoine", "Archives", "Bibliothèques", "Tourisme", "Entreprise", "Artisans", "Export",
    "Formation", "Orientation", "Jeunesse", "Séniors", "Aidants", "Vaccination", "Pharmacie",
    "Hôpital", "Urgences", "Prévention",
]
PROJECT_SUFFIXES = ["", "", "", "", " Pro", " Territoires", " Connect", " Admin", " Plus", " Île-de-France"]
INCUBATORS = [
    "l'Incubateur des territoires", "la Fabrique numérique des ministères sociaux",
    "l'incubateur de la DINUM", "la Fabrique de la mesure", "l'Atelier numérique",
    "BercyHub", "la Fabrique numérique du ministère de la Transition écologique",
]
SPONSORS = [
    "la DINUM", "l'ANCT", "l'ADEME", "le ministère du Travail", "la DGCL", "Pôle emploi",
    "le ministère de la Justice", "la CNAF", "la DGFiP", "la Région Occitanie",
]
PITCHES = [
    "aide les agents publics à {x} sans ressaisie", "permet aux usagers de {x} en quelques minutes",
    "simplifie la façon de {x} pour les collectivités", "donne aux professionnels un moyen de {x}",
    "rend visible l'offre existante pour {x}", "réduit le non-recours en aidant à {x}",
]
VERBS = [
    "trouver une aide", "déclarer un incident", "prendre rendez-vous", "suivre un dossier",
    "comparer les offres", "préparer un contrôle", "publier des données", "répondre à un appel d'offres",
    "s'orienter", "signaler un problème", "calculer ses droits", "trouver un stage",
]
CITIES = ["Paris", "Lyon", "Marseille", "Toulouse", "Lille", "Nantes", "Bordeaux", "Rennes",
          "Strasbourg", "Montpellier", "Grenoble", "Clermont-Ferrand", "Saint-Étienne", "Besançon"]
PLACES = ["Ségur, Paris", "Station F, Paris", "20 avenue de Ségur, Paris 7e", "Hôtel de Région, {c}",
          "Préfecture de {c}", "Tiers-lieu La Fabrique, {c}"]

CHAIN = ["Investigation", "Construction", "Accélération", "Consolidation", "Pérennisation"]
TERMINAL = ["Transfert", "Abandon", "Alumni"]
# Phase length ranges in days: from a few days to several years.
PHASE_DAYS = {
    "Investigation": (4, 180), "Construction": (60, 730), "Accélération": (180, 1460),
    "Consolidation": (90, 540), "Pérennisation": (365, 1460), "Transfert": (10, 365),
    "Abandon": (3, 60), "Alumni": (365, 1100),
}
PHASE_TEXT = {
    "Investigation": "l'équipe rencontre les usagers et vérifie que le problème existe",
    "Construction": "l'équipe construit un premier service et le teste avec de vrais usagers",
    "Accélération": "le service grandit et l'équipe mesure son impact",
    "Consolidation": "l'équipe stabilise le service et prépare sa pérennisation",
    "Pérennisation": "le service est repris par son administration",
    "Transfert": "le service est transféré à l'équipe qui le fera vivre",
    "Abandon": "l'équipe a arrêté le projet et documente ce qu'elle a appris",
    "Alumni": "l'équipe a passé la main ; le service continue sans l'incubateur",
}

NEWS_PATTERNS = [
    "{p} lance sa nouvelle version", "Retour sur la journée {t} à {c}", "Bilan de l'année {y} pour {p}",
    "Démo day : {n} équipes présentent leurs services", "{p} passe en phase d'accélération",
    "Appel à candidatures : rejoindre {p}", "Ce que nous avons appris avec {p}",
    "Rencontre des intrapreneurs à {c}", "{p} ouvre ses données", "Séminaire {t} de {c}",
]
NEWS_HEADINGS = ["Ce qu'il faut retenir", "En chiffres", "Les prochaines étapes", "Et après ?",
                 "Témoignages", "Ce qui a changé", "Pour aller plus loin"]
LICENCES = ["AGPL-3.0", "MIT", "EUPL-1.2", "Apache-2.0"]

MOOC = [
    ("Comprendre l'approche", [
        "Pourquoi une startup d'État", "Le problème avant la solution", "Une équipe autonome",
        "Le cycle de vie d'un service"]),
    ("Investiguer", [
        "Rencontrer les usagers", "Formuler le problème", "Le comité d'investissement"]),
    ("Construire et mesurer", [
        "Le produit minimum", "Mesurer l'impact", "Ouvrir le code et les données",
        "L'accessibilité dès le départ", "Sécuriser le service"]),
    ("Pérenniser", [
        "Préparer la suite", "Transférer un service", "Documenter ce qu'on a appris"]),
]

# ---------------------------------------------------------------------------------------------
# Slugs, YAML, PNG


def slugify(text):
    """carnet's slug (the `slug` crate): ASCII letters and digits, runs of anything else one `-`."""
    special = {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o", "Ø": "O",
               "đ": "d", "ł": "l", "·": "-"}
    text = "".join(special.get(c, c) for c in text)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def github_slug(text):
    """A heading's anchor in a forge's preview (GitHub's rule): lower case, accents kept,
    punctuation dropped, each space a dash (no collapsing: `A : B` gives `a--b`)."""
    out = []
    for c in text.lower():
        if c == " ":
            out.append("-")
        elif c in "-_" or c.isalnum() or unicodedata.category(c).startswith("M"):
            out.append(c)
    return "".join(out)


class Raw(str):
    """A scalar written into YAML as is (dates, and the mistakes `--errors` injects)."""


def yaml_scalar(value):
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False)


def yaml_lines(mapping, indent=""):
    """Block YAML for a mapping; lists of scalars inline, lists of mappings as blocks."""
    lines = []
    for key, value in mapping.items():
        if isinstance(value, dict):
            lines.append(f"{indent}{key}:")
            lines.extend(yaml_lines(value, indent + "  "))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{indent}{key}:")
            for item in value:
                sub = yaml_lines(item, indent + "    ")
                lines.append(f"{indent}  - {sub[0].lstrip()}")
                lines.extend(sub[1:])
        elif isinstance(value, list):
            lines.append(f"{indent}{key}: [{', '.join(yaml_scalar(v) for v in value)}]")
        else:
            lines.append(f"{indent}{key}: {yaml_scalar(value)}")
    return lines


def png(rgb):
    """A valid 8x8 PNG of one colour."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + bytes(rgb) * 8 for _ in range(8))
    header = struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def link_path(from_rel, to_rel):
    """`to_rel` relative to the folder of `from_rel` (both relative to `content/`)."""
    return posixpath.relpath(to_rel, posixpath.dirname(from_rel) or ".")


def host(slug, limit=30):
    """A host name label made from a slug: short, not ending with a dash."""
    return slug[:limit].rstrip("-")


def french_date(d):
    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
              "septembre", "octobre", "novembre", "décembre"]
    return f"{d.day} {months[d.month - 1]} {d.year}"


# ---------------------------------------------------------------------------------------------
# The site model


KIND_KEYS = {
    "page": set(), "value": {"order", "summary"},
    "course": {"audience", "outcomes"}, "module": {"duration", "objectives"},
    "lesson": {"duration", "objectives", "quiz", "resources"},
    "event": {"start", "end", "location", "online_url", "registration_url", "status"},
}
COMMON_KEYS = {"title", "description", "date", "updated", "tags", "authors", "draft", "publish_date",
               "expiry_date", "weight", "paginate", "slug", "aliases", "image", "image_alt", "kind",
               "template", "lang", "cascade", "extra"}


@dataclass
class Page:
    rel: str
    kind: str
    front: dict
    body: str = ""
    # GitHub slug → heading text, for the headings of the body.
    headings: dict = field(default_factory=dict)
    # (target rel, anchor or None, how: "md" or "html") of every link written in the body.
    links: list = field(default_factory=list)
    # True when --errors broke its YAML (carnet then reads nothing of it).
    broken: bool = False

    def text(self):
        front = "\n".join(yaml_lines(self.front))
        return f"---\n{front}\n---\n{self.body}"


class Body:
    """Builds one page's Markdown: blocks joined by blank lines, links recorded as written."""

    def __init__(self, page):
        self.page = page
        self.blocks = []

    def add(self, block):
        self.blocks.append(block)

    def heading(self, text, level=2):
        slug = github_slug(text)
        assert slug not in self.page.headings, (self.page.rel, text)
        self.page.headings[slug] = text
        self.blocks.append(f"{'#' * level} {text}")

    def link(self, label, target, anchor=None):
        """A Markdown link to `target` (relative to `content/`; None: this page)."""
        self.page.links.append((target or self.page.rel, anchor, "md"))
        dest = link_path(self.page.rel, target) if target else ""
        return f"[{label}]({dest}{'#' + anchor if anchor else ''})"

    def html_anchor(self, label, anchor):
        self.page.links.append((self.page.rel, anchor, "html"))
        return f'<a href="#{anchor}">{label}</a>'

    def done(self):
        self.page.body = "\n\n".join(self.blocks) + "\n" if self.blocks else ""


@dataclass
class Member:
    name: str
    rel: str
    email: str


@dataclass
class Project:
    name: str
    slug: str
    rel: str
    phases: list  # (phase name, start, end or None, rel)


class Site:
    def __init__(self, rng):
        self.rng = rng
        self.pages = {}
        self.assets = {}
        self.members = []
        self.projects = []
        self.news = []

    def add(self, page):
        assert page.rel not in self.pages, page.rel
        self.pages[page.rel] = page
        return page


# ---------------------------------------------------------------------------------------------
# Sizes


def plan(pages, rng):
    """How many pages of each sort make `pages` Markdown files in all."""
    members = round(pages * 0.52)
    projects = round(pages * 0.10)
    modules = 4 if pages >= 1000 else 3
    lessons = [rng.randint(3, len(MOOC[i][1])) for i in range(modules)]
    course = 1 + modules + sum(lessons)
    fixed = 1 + 4 + 3  # home, plain pages, the three big sections
    min_news = max(8, pages // 50)
    events = min(round(pages * 0.32), pages - members - projects - course - fixed - min_news)
    if events < 2 * projects:
        sys.exit(f"--pages {pages} is too small: at least {MIN_PAGES}")
    news = pages - members - projects - course - fixed - events
    return {"members": members, "projects": projects, "events": events, "news": news,
            "lessons": lessons}


def phase_counts(projects, events, rng):
    """2 to 6 phases per project (mostly 2 to 4), summing to `events`."""
    counts = rng.choices([2, 3, 4, 5, 6], weights=[30, 35, 20, 10, 5], k=projects)
    while sum(counts) != events:
        i = rng.randrange(projects)
        step = 1 if sum(counts) < events else -1
        if 2 <= counts[i] + step <= 6:
            counts[i] += step
    return counts


def pick_tags(rng, n):
    groups = rng.sample(TAG_GROUPS, n)
    return [rng.choices([s for s, _ in g], weights=[w for _, w in g])[0] for g in groups]


def rand_day(rng, first, last):
    return first + timedelta(days=rng.randint(0, (last - first).days))


# ---------------------------------------------------------------------------------------------
# Members


def person_name(rng):
    given = rng.choice(GIVEN)
    if rng.random() < 0.12:
        given += " " + rng.choice(GIVEN)
    surname = rng.choice(SURNAMES)
    if rng.random() < 0.08:
        surname += "-" + rng.choice(SURNAMES)
    return f"{given} {surname}"


def long_name(rng):
    """Several given names, compound surnames and a role: a slug of 150 to 200 bytes."""
    target = rng.randint(150, 200)
    givens = rng.sample(GIVEN, 3)
    surnames = rng.sample(LONG_SURNAMES, 2)
    role = rng.choice(LONG_ROLES)
    words = f"{' '.join(givens)} {' '.join(surnames)}, {role}".split(" ")
    while len(slugify(" ".join(words))) < target:
        words.insert(len(givens), rng.choice(GIVEN))
    while len(slugify(" ".join(words))) > target or len(" ".join(words)) > 200:
        words.pop()
    return " ".join(words).rstrip(",")


def unique(slug, taken):
    candidate, n = slug, 2
    while candidate in taken:
        candidate = f"{slug}-{n}"
        n += 1
    taken.add(candidate)
    return candidate


def email_of(name):
    parts = slugify(name).split("-")
    return f"{parts[0]}.{parts[-1]}@beta.gouv.fr"


def member_front(rng, name):
    front = {"title": name, "description": rng.choice(ROLES)}
    if rng.random() < 0.4:
        front["date"] = Raw(rand_day(rng, date(2014, 1, 1), MIGRATION_DAY).isoformat())
    front["tags"] = pick_tags(rng, rng.randint(1, 4))
    extra = {}
    if rng.random() < 0.7:
        extra["github"] = re.sub(r"[^a-z0-9]", "", slugify(name))[:18] + str(rng.randint(0, 99))
    if rng.random() < 0.4:
        extra["link"] = f"https://www.linkedin.com/in/{slugify(name)[:40]}"
    extra["domaine"] = rng.choice(["Développement", "Design", "Coaching", "Déploiement", "Produit",
                                   "Data", "Intraprenariat", "Animation"])
    if rng.random() < 0.3:
        start = rand_day(rng, date(2015, 1, 1), date(2023, 1, 1))
        extra["missions"] = [{"start": Raw(start.isoformat()),
                              "end": Raw((start + timedelta(days=rng.randint(90, 900))).isoformat()),
                              "employer": rng.choice(EMPLOYERS)}]
    front["extra"] = extra
    return front


def make_members(site, count):
    rng = site.rng
    taken = set()
    n_long = max(2, count // 100)
    for i in range(count):
        name = long_name(rng) if i % (count // n_long) == 0 else person_name(rng)
        stem = unique(slugify(name), taken)
        rel = f"membres/{stem}.md"
        site.add(Page(rel, "page", member_front(rng, name)))
        site.members.append(Member(name, rel, email_of(name)))


# ---------------------------------------------------------------------------------------------
# Projects and their phases


def project_names(rng, count):
    names, slugs = [], set()
    while len(names) < count:
        name = f"{rng.choice(PROJECT_PREFIXES)} {rng.choice(PROJECT_NOUNS)}{rng.choice(PROJECT_SUFFIXES)}"
        if len(names) % 9 == 4:
            name += f" : {rng.choice(VERBS)}"
        slug = slugify(name)
        if slug in slugs:
            continue
        slugs.add(slug)
        names.append((name, slug))
    return names


def phase_plan(rng, n):
    """Names and dates of a project's n phases, in order; some overlap, the last may go on."""
    names = CHAIN[:n] if n <= len(CHAIN) and rng.random() < 0.5 else CHAIN[:n - 1] + [rng.choice(TERMINAL)]
    lengths = [rng.randint(*PHASE_DAYS[p]) for p in names]
    span = sum(lengths)
    latest = MIGRATION_DAY - timedelta(days=int(span * 0.7))
    start = rand_day(rng, date(2013, 6, 1), max(latest, date(2013, 6, 2)))
    phases = []
    for name, days in zip(names, lengths):
        end = start + timedelta(days=days)
        phases.append([name, start, end])
        gap = rng.choice([-rng.randint(1, 60), 1, 1, rng.randint(1, 30)])
        start = end + timedelta(days=gap)
    if rng.random() < 0.15:
        phases[-1][2] = None
    return phases


def make_projects(site, counts):
    rng = site.rng
    for (name, slug), n in zip(project_names(rng, len(counts)), counts):
        rel = f"projets/{slug}/_index.md"
        phases = []
        for phase, start, end in phase_plan(rng, n):
            phases.append((phase, start, end, f"projets/{slug}/{start.isoformat()}-{slugify(phase)}.md"))
        site.projects.append(Project(name, slug, rel, phases))


def project_front(rng, project, i):
    first = project.phases[0][1]
    front = {
        "title": project.name,
        "description": f"{project.name} {rng.choice(PITCHES).format(x=rng.choice(VERBS))}.",
        "date": Raw(first.isoformat()),
        "tags": pick_tags(rng, rng.randint(1, 3)),
        "aliases": [f"/startups/{project.slug}.html"],
        "cascade": {"kind": "event"},
        "extra": {
            "incubator": rng.choice(INCUBATORS), "sponsors": [rng.choice(SPONSORS)],
            "repository": f"https://github.com/betagouv/{project.slug}",
            "link": f"https://{host(project.slug)}.beta.gouv.fr", "licence": rng.choice(LICENCES),
        },
    }
    if i % 5 == 0:
        front["image"] = "logo.png"
        front["image_alt"] = ""
    return front


# Headings every project page has (cross-page links only aim at these) and optional ones.
ALWAYS = ["Le problème", "La solution", "Phase d'investigation", "L'équipe d'accompagnement",
          "Réseau beta.gouv.fr", "Contact"]
INVESTIGATION, TEAM = github_slug(ALWAYS[2]), github_slug(ALWAYS[3])


def project_body(site, page, project, team):
    rng = site.rng
    b = Body(page)
    lead = team[0]
    b.add(f"**{project.name}** {rng.choice(PITCHES).format(x=rng.choice(VERBS))}. "
          f"Le service est porté par {rng.choice(SPONSORS)} et incubé par {rng.choice(INCUBATORS)} ; "
          f"l'intrapreneur est {b.link(lead.name, lead.rel)}.")
    last = project.phases[-1]
    b.add(f'<div class="fr-callout">\n<p class="fr-callout__text">{project.name} est en phase '
          f"« {last[0].lower()} » depuis le {french_date(last[1])}.</p>\n</div>")
    optional = [(heading.format(year=last[1].year), write) for heading, chance, write in OPTIONAL_SECTIONS
                if rng.random() < chance]
    wanted = rng.sample(ALWAYS[:5] + [h for h, _ in optional], rng.randint(2, 3))
    b.add("Sommaire : " + " · ".join(b.link(h.lower(), None, github_slug(h)) for h in wanted))
    b.heading("Le problème")
    b.add(f"Aujourd'hui, {rng.choice(VERBS)} demande en moyenne {rng.randint(3, 12)} démarches "
          f"et {rng.randint(2, 40)} jours[^1]. {PHASE_TEXT['Investigation'].capitalize()}.")
    b.heading("La solution")
    b.add(f'<img src="{{{{ site.baseurl }}}}/img/startups/{project.slug}.png" alt="Capture d\'écran de {project.name}">')
    b.add(f"Le service permet de {rng.choice(VERBS)} et de {rng.choice(VERBS)}. "
          f"Il est ouvert à tous sur <https://{host(project.slug)}.beta.gouv.fr>.")
    b.heading("Phase d'investigation")
    first = project.phases[0]
    b.add(f"Commencée le {french_date(first[1])}, elle a duré "
          f"{((first[2] or MIGRATION_DAY) - first[1]).days} jours : voir "
          f"{b.link('la fiche de la phase', first[3])}. La suite : "
          + ", ".join(b.link(p[0].lower(), p[3]) for p in project.phases[1:]) + ".")
    for heading, write in optional:
        write(b, rng, heading, project)
    if rng.random() < 0.3:
        b.add("<details>\n<summary>Historique du projet</summary>\n\n"
              + "\n".join(f"- {p[1].isoformat()} : {p[0]}" for p in project.phases) + "\n\n</details>")
    team_section(b, rng, project, team)
    network_section(b, rng, site, project)
    b.heading("Contact")
    b.add("{% include contact.html %}")
    b.add(f"Écrivez-nous à <contact@{host(project.slug)}.beta.gouv.fr> ou à {b.link('l’équipe', None, TEAM)}.")
    b.add(f"[^1]: Mesure faite pendant la phase d'investigation, auprès de {rng.randint(8, 60)} usagers.")
    b.done()


def impact_section(b, rng, heading, project):
    b.heading(heading)
    year = project.phases[-1][1].year
    rows = "\n".join(f"| {label} | {rng.randint(10, 900)} | {rng.randint(100, 9000)} |"
                     for label in ["Usagers par mois", "Dossiers traités", "Collectivités"])
    b.add(f"| Indicateur | {year - 1} | {year} |\n|---|---:|---:|\n{rows}")
    b.add('<iframe src="https://stats.beta.gouv.fr/public/dashboard/'
          f'{rng.getrandbits(64):016x}" title="Statistiques de {project.name}" width="100%" height="600"></iframe>')


def roadmap_section(b, rng, heading, project):
    b.heading(heading)
    items = ["Ouvrir le service à toute la France", "Publier les données en open data",
             "Atteindre 1 000 usagers par mois", "Audit d'accessibilité", "Déclaration RGPD"]
    b.add("\n".join(f"- [{'x' if rng.random() < 0.5 else ' '}] {i}" for i in rng.sample(items, 3)))


def developers_section(b, rng, heading, project):
    b.heading(heading)
    b.add(f"Le code est ouvert, sous licence {rng.choice(LICENCES)} :")
    b.add(f"```sh\ngit clone https://github.com/betagouv/{project.slug}.git\ncd {project.slug}\nmake install && make test\n```")
    b.add("Les gabarits d'e-mail utilisent des variables : "
          "{% raw %}`{{ usager.prenom }}`{% endraw %} (reprise de l'ancien site Jekyll).")


# (heading, how often a project has it, what writes it); `Impact : …` makes GitHub's `--`.
OPTIONAL_SECTIONS = [
    ("Impact : chiffres clés ({year})", 0.5, impact_section),
    ("Feuille de route", 0.4, roadmap_section),
    ("Pour les développeurs", 0.25, developers_section),
]


def team_section(b, rng, project, team):
    b.heading("L'équipe d'accompagnement")
    b.add("\n".join(f"- {b.link(m.name, m.rel)}, {rng.choice(ROLES).lower()}" for m in team))
    b.add(f"Pour joindre l'intrapreneur : <{team[0].email}>.")
    if rng.random() < 0.3:
        b.add(f"<p>{b.html_anchor('Revenir à la phase d’investigation', INVESTIGATION)}</p>")


def network_section(b, rng, site, project):
    b.heading("Réseau beta.gouv.fr")
    others = [p for p in rng.sample(site.projects, min(4, len(site.projects))) if p is not project][:rng.randint(1, 3)]
    refs = [b.link(o.name, o.rel, github_slug(rng.choice(ALWAYS[2:5]))) for o in others]
    b.add(f"Ce projet fait partie du réseau des startups d'État ({b.link('voir plus haut', None, github_slug('Le problème'))}). "
          f"Projets voisins : {', '.join(refs)}. Fiche d'origine : <https://beta.gouv.fr/startups/{project.slug}.html>"
          + ("{:target=\"_blank\"}" if rng.random() < 0.2 else "") + ".")
    if rng.random() < 0.4:
        b.add(f'<iframe src="https://www.youtube-nocookie.com/embed/{rng.getrandbits(40):010x}" '
              f'title="Présentation de {project.name}" width="560" height="315" allowfullscreen></iframe>')


def phase_front(rng, project, phase, start, end):
    front = {"title": f"{phase} — {project.name}",
             "description": f"{PHASE_TEXT[phase].capitalize()}.",
             "start": Raw(start.isoformat())}
    if end is not None:
        front["end"] = Raw(end.isoformat())
    roll = rng.random()
    if roll < 0.12:
        front["location"] = rng.choice(PLACES).format(c=rng.choice(CITIES))
    elif roll < 0.18:
        front["online_url"] = f"https://webinaire.numerique.gouv.fr/b/{host(project.slug, 12)}-{rng.randint(100, 999)}"
    return front


def phase_body(page, rng, project, phase, team):
    if rng.random() < 0.5:
        return
    b = Body(page)
    b.add(f"Pendant cette phase, {PHASE_TEXT[phase]}. Voir {b.link('la fiche du projet', project.rel)}"
          f" et {b.link('son équipe', project.rel, TEAM)}.")
    if rng.random() < 0.3:
        b.add(f"Référent : {b.link(team[0].name, team[0].rel)}.")
    b.done()


def write_projects(site):
    rng = site.rng
    for i, project in enumerate(site.projects):
        team = rng.sample(site.members, rng.randint(2, 6))
        page = site.add(Page(project.rel, "page", project_front(rng, project, i)))
        if "image" in page.front:
            site.assets[f"projets/{project.slug}/logo.png"] = png((rng.randrange(256), 90, 160))
        project_body(site, page, project, team)
        for phase, start, end, rel in project.phases:
            event = site.add(Page(rel, "event", phase_front(rng, project, phase, start, end)))
            phase_body(event, rng, project, phase, team)


# ---------------------------------------------------------------------------------------------
# News, course, plain pages


def news_items(site, count):
    """(day, title, project) of each news item, oldest first: each is about a project already
    started on its day, and no two titles share an address."""
    rng = site.rng
    by_start = sorted(site.projects, key=lambda p: (p.phases[0][1], p.rel))
    starts = [p.phases[0][1] for p in by_start]
    items, slugs = [], set()
    while len(items) < count:
        day = rand_day(rng, date(2015, 1, 1), MIGRATION_DAY)
        started = bisect.bisect_right(starts, day)
        project = by_start[rng.randrange(started)] if started else by_start[0]
        title = rng.choice(NEWS_PATTERNS).format(
            p=project.name, c=rng.choice(CITIES), y=day.year - 1, n=rng.randint(5, 25),
            t=rng.choice(["Transfo", "accessibilité", "open data", "design", "intrapreneurs"]))
        if slugify(title) not in slugs:
            slugs.add(slugify(title))
            items.append((day, title, project))
    return sorted(items, key=lambda item: (item[0], item[1]))


def make_news(site, count):
    rng = site.rng
    for i, (day, title, project) in enumerate(news_items(site, count)):
        rel = f"actualites/{day.isoformat()}-{slugify(title)}.md"
        front = {"title": title, "description": f"{title}, le {french_date(day)}."}
        if i % 3 == 0:
            front["date"] = Raw(day.isoformat())
        if i % 7 == 0:
            front["updated"] = Raw(min(day + timedelta(days=rng.randint(1, 200)), MIGRATION_DAY).isoformat())
        front["tags"] = pick_tags(rng, rng.randint(1, 3))
        front["authors"] = [m.name for m in rng.sample(site.members, rng.randint(1, 2))]
        page = site.add(Page(rel, "page", front))
        news_body(site, page, i, day, project)
        site.news.append(page)


def news_body(site, page, i, day, project):
    rng = site.rng
    b = Body(page)
    phase = ([p for p in project.phases if p[1] <= day] or project.phases)[-1]
    member = rng.choice(site.members)
    b.add(f"{b.link(project.name, project.rel)} est entré en phase "
          f"{b.link(phase[0].lower(), phase[3])} le {french_date(phase[1])}. "
          f"{b.link(member.name, member.rel)} nous raconte.")
    if rng.random() < 0.6:
        image = page.rel[:-3] + "-photo.png"
        site.assets[image] = png((200, rng.randrange(256), 80))
        alt = "" if i % 6 == 1 else f"L'équipe de {project.name}"
        page.links.append((image, None, "md"))
        b.add(f"![{alt}]({posixpath.basename(image)})")
    heads = rng.sample(NEWS_HEADINGS, 2)
    b.heading(heads[0])
    b.add(f"Plus de {rng.randint(2, 90)} % des usagers interrogés recommandent le service[^1].")
    if rng.random() < 0.4:
        b.add("| | avant | après |\n|---|---:|---:|\n"
              f"| délai moyen (jours) | {rng.randint(20, 90)} | {rng.randint(1, 19)} |\n"
              f"| appels au support | {rng.randint(200, 900)} | {rng.randint(10, 199)} |")
    b.heading(heads[1])
    b.add(f"L'équipe de {project.name} prépare la suite avec {rng.choice(SPONSORS)}. "
          f"Elle cherche {rng.choice(ROLES).lower()} : écrivez à <{member.email}>.")
    if site.news and rng.random() < 0.5:
        earlier = rng.choice(site.news[-20:])
        b.add(f"Lire aussi : {b.link(earlier.front['title'], earlier.rel)}.")
    if rng.random() < 0.2:
        b.add("<details>\n<summary>Transcription de la vidéo</summary>\n\n"
              "« Nous avons commencé par écouter les usagers. »\n\n</details>")
    b.add(f"[^1]: Enquête menée auprès de {rng.randint(30, 400)} usagers.")
    b.done()


def make_course(site, lessons_per_module):
    rng = site.rng
    course = site.add(Page("mooc/_index.md", "course", {
        "title": "MOOC : lancer un service public numérique",
        "description": "Un parcours en ligne pour comprendre l'approche des startups d'État.",
        "kind": "course", "tags": ["Numérique", "intrapreneuriat"],
        "audience": "Agents publics qui portent un projet numérique ou veulent en lancer un",
        "outcomes": ["Expliquer les phases d'un projet", "Préparer une investigation",
                     "Mesurer l'impact d'un service", "Préparer sa pérennisation"],
    }))
    b = Body(course)
    b.add("Ce parcours reprend l'essentiel de ce que le réseau a appris. Comptez une demi-heure par leçon.")
    b.done()
    for m, count in enumerate(lessons_per_module, start=1):
        title, lessons = MOOC[m - 1]
        folder = f"mooc/{m:02d}-{slugify(title)}"
        module = site.add(Page(f"{folder}/_index.md", "module", {
            "title": title, "description": f"Module {m} du MOOC.",
            "objectives": [f"Savoir {v}" for v in rng.sample(VERBS, 2)]}))
        Body(module).done()
        for n, lesson in enumerate(lessons[:count], start=1):
            page = site.add(Page(f"{folder}/{n:02d}-{slugify(lesson)}.md", "lesson", lesson_front(rng, lesson)))
            lesson_body(site, page)


def lesson_front(rng, title):
    choices = ["Une équipe autonome", "Un cahier des charges", "Des usagers rencontrés", "Un budget annuel"]
    return {
        "title": title, "description": f"{title} : l'essentiel en un quart d'heure.",
        "duration": rng.choice([10, 15, 20, 25, 30]) if rng.random() < 0.8 else "1 h 15",
        "objectives": [f"Comprendre {title[0].lower() + title[1:]}"],
        "quiz": [
            {"question": "Qu'est-ce qui lance un projet ?", "choices": choices,
             "answer": [1, 3], "explanation": "Un problème vérifié auprès des usagers et une équipe."},
            {"question": "Combien dure une phase d'investigation ?",
             "choices": ["Quelques jours à six mois", "Cinq ans"], "answer": 1},
        ][:rng.randint(1, 2)],
        "resources": [{"title": "Le manifeste beta.gouv.fr", "url": "https://beta.gouv.fr/manifeste"},
                      {"title": "Référentiel d'accessibilité (RGAA)", "url": "https://accessibilite.numerique.gouv.fr/"}],
    }


def lesson_body(site, page):
    rng = site.rng
    b = Body(page)
    project = rng.choice(site.projects)
    b.add(f"Prenons l'exemple de {b.link(project.name, project.rel, INVESTIGATION)}.")
    b.heading("À retenir")
    b.add("- [x] Partir du problème\n- [ ] Écrire un cahier des charges\n- [x] Rencontrer les usagers")
    if rng.random() < 0.5:
        b.heading("Exemple de fiche produit")
        b.add("```yaml\ntitle: Mon service\nphase: construction\nusagers: 1200\n```")
    b.done()


def make_plain_pages(site):
    home = site.add(Page("_index.md", "page", {
        "title": "Réseau des incubateurs de services publics",
        "description": "Les membres, les projets et les actualités du réseau, migrés de l'ancien site."}))
    b = Body(home)
    b.add("Bienvenue ! Ce site rassemble " + ", ".join(
        b.link(label, rel) for label, rel in [("les membres", "membres/_index.md"),
                                              ("les projets", "projets/_index.md"),
                                              ("les actualités", "actualites/_index.md"),
                                              ("le MOOC", "mooc/_index.md")]) + ".")
    b.add(f"Voir aussi {b.link('à propos', 'a-propos.md')} et {b.link('accessibilité', 'accessibilite.md')}.")
    b.done()
    sections = [
        ("membres/_index.md", "Membres", {"paginate": 60, "cascade": {"kind": "page"}}),
        ("projets/_index.md", "Projets", {"paginate": 40}),
        ("actualites/_index.md", "Actualités", {}),
    ]
    for rel, title, keys in sections:
        page = site.add(Page(rel, "page", {"title": title, "description": f"{title} du réseau.", **keys}))
        Body(page).done()
    for stem, title in [("a-propos", "À propos"), ("accessibilite", "Déclaration d'accessibilité"),
                        ("mentions-legales", "Mentions légales"), ("contribuer", "Contribuer au site")]:
        page = site.add(Page(f"{stem}.md", "page", {"title": title}))
        b = Body(page)
        b.heading("Historique")
        b.add("Ce site a été migré depuis Jekyll. Contact : <contact@beta.gouv.fr>.")
        b.add("```sh\nbundle exec jekyll build   # l'ancienne commande\ncarnet build               # la nouvelle\n```")
        b.done()


# ---------------------------------------------------------------------------------------------
# Mistakes (--errors)


def inject_errors(site, seed):
    """A fixed set of genuine mistakes, chosen with their own generator so that the rest of the
    corpus stays byte for byte the same as without `--errors`. Returns them, described."""
    rng = random.Random(f"{seed}-errors")
    picks = rng.sample(sorted(site.projects, key=lambda p: p.rel), 5)
    errors = []

    def note(page, kind, what, needle):
        errors.append({"file": f"content/{page.rel}", "needle": needle, "kind": kind, "what": what})

    news = link_mistakes(site, rng, picks, note)
    front_mistakes(site, rng, picks, note)
    broken = broken_yaml_target(site, rng, exclude=news.rel)
    broken.front["title"] = Raw(f"Bilan : {broken.front['title']}")
    broken.broken = True
    sources = sorted(p.rel for p in site.pages.values() if any(t == broken.rel for t, _, _ in p.links))
    note(broken, "broken-yaml", f"`: ` in an unquoted title; linked from {', '.join(sources)} "
         "(carnet does not report those links again)", "title: ")
    return errors


def link_mistakes(site, rng, picks, note):
    """A link to no page, an anchor to no heading, an image with no file; returns the news page
    that got the image."""
    page = site.pages[picks[0].rel]
    page.body += "\nL'ancienne fiche est [archivée ici](../ancienne-fiche-du-projet/_index.md).\n"
    note(page, "missing-page", "link to a page that does not exist", "../ancienne-fiche-du-projet/_index.md")
    page = site.pages[picks[1].rel]
    dest = f"{link_path(page.rel, picks[2].rel)}#historique-des-financements"
    page.body += f"\nVoir [les financements]({dest}).\n"
    note(page, "missing-anchor", "anchor that matches no heading under any rule", dest)
    news = site.news[rng.randrange(len(site.news) // 2)]
    news.body += "\n![Affiche de la journée](affiche-de-la-journee.png)\n"
    note(news, "missing-file", "image whose file does not exist", "affiche-de-la-journee.png")
    return news


def front_mistakes(site, rng, picks, note):
    """Mistakes in front matter: a quiz answer, keys, dates, a status."""
    lesson = next(p for _, p in sorted(site.pages.items()) if p.kind == "lesson")
    question = lesson.front["quiz"][0]
    question["answer"] = len(question["choices"]) + 1
    # Located at its `answer` line, where carnet points (the first question's is the first one).
    note(lesson, "quiz-answer", f"quiz answer {question['answer']} past its {len(question['choices'])} choices",
         "answer: ")
    typo, other_kind = (site.pages[m.rel] for m in rng.sample(site.members, 2))
    typo.front = {("titel" if k == "title" else k): v for k, v in typo.front.items()}
    typo.broken = True
    note(typo, "unknown-key", "typo `titel` for `title` (the whole front matter is refused)", "titel: ")
    other_kind.front["location"] = "Paris"
    note(other_kind, "key-of-another-kind", "`location` on a page (a key of events and sessions)", "location: ")
    bad_date, reversed_dates, bad_status = (site.pages[p.phases[1][3]] for p in picks[2:5])
    bad_date.front["start"] = Raw("2019-02-30")
    note(bad_date, "bad-date", "impossible date 2019-02-30", "2019-02-30")
    start = date.fromisoformat(reversed_dates.front["start"])
    reversed_dates.front["end"] = Raw((start - timedelta(days=3)).isoformat())
    note(reversed_dates, "end-before-start", "an event that ends before it starts", "end: ")
    bad_status.front["status"] = "canceled"
    note(bad_status, "unknown-status", "status `canceled` (for `cancelled`)", "status: ")


def broken_yaml_target(site, rng, exclude):
    """A news page that other pages link to."""
    linked = sorted({t for p in site.pages.values() for t, _, _ in p.links
                     if t.startswith("actualites/2") and t.endswith(".md") and t != exclude})
    return site.pages[rng.choice(linked)]


def locate_errors(errors, texts):
    """Adds the line of each mistake in its file."""
    for e in errors:
        needle = e.pop("needle")
        lines = texts[e["file"][len("content/"):]].split("\n")
        e["line"] = next((i + 1 for i, line in enumerate(lines) if needle in line), None)


# ---------------------------------------------------------------------------------------------
# Checking what was generated, counting it


def validate(site):
    """The generator's own mistakes: unknown keys, links to nothing, anchors to no heading."""
    for page in site.pages.values():
        allowed = COMMON_KEYS | KIND_KEYS[page.kind]
        bad = set(page.front) - allowed
        assert not bad, (page.rel, bad)
        for target, anchor, _ in page.links:
            assert target in site.pages or target in site.assets, (page.rel, target)
            if anchor:
                assert anchor in site.pages[target].headings, (page.rel, target, anchor)


def count(site):
    live = [p for p in site.pages.values() if not p.broken]
    by_section = {}
    for rel in site.pages:
        top = rel.split("/")[0] if "/" in rel else "(racine)"
        by_section[top] = by_section.get(top, 0) + 1
    spellings = {}
    for p in live:
        for tag in p.front.get("tags", []):
            spellings.setdefault(slugify(tag), set()).add(tag)
    variants = {k: sorted(v) for k, v in sorted(spellings.items()) if len(v) > 1}
    anchors = {"local": [0, 0], "cross_page": [0, 0], "raw_html": [0, 0]}
    for p in live:
        for target, anchor, how in p.links:
            if anchor:
                key = "raw_html" if how == "html" else "local" if target == p.rel else "cross_page"
                differs = slugify(site.pages[target].headings[anchor]) != anchor
                anchors[key][0] += 1
                anchors[key][1] += differs
    long_names = [r for r in site.pages if any(len(slugify(s.removesuffix(".md"))) > 100 for s in r.split("/"))]
    events = [p for p in site.pages.values() if p.kind == "event"]
    return {
        "pages": len(site.pages),
        "sections": sum(r.endswith("_index.md") for r in site.pages),
        "by_section": dict(sorted(by_section.items())),
        "member_pages": len(site.members),
        "projects": len(site.projects),
        "events": len(events),
        "news": len(site.news),
        "course": {"modules": sum(p.kind == "module" for p in site.pages.values()),
                   "lessons": sum(p.kind == "lesson" for p in site.pages.values())},
        "assets": len(site.assets),
        "warnings_expected": {
            "images_without_alt": sum(p.body.count("![](") for p in live),
            "events_without_place": sum(1 for p in events if not p.broken
                                        and "location" not in p.front and "online_url" not in p.front),
            "tag_spelling_warnings": sum(len(v) - 1 for v in variants.values()),
            "tags_spelt_several_ways": variants,
        },
        "valid_markdown_from_forges": {
            "email_autolinks": sum(len(re.findall(r"<[^<>\s@]+@[^<>\s]+>", p.body)) for p in live),
            "forge_anchors": {k: {"total": v[0], "not_carnets_slug": v[1]} for k, v in anchors.items()},
            "file_names_over_100_bytes": len([r for r in long_names if not site.pages[r].broken]),
            "longest_file_name_bytes": max(len(posixpath.basename(r)) for r in site.pages),
        },
    }


# ---------------------------------------------------------------------------------------------
# Writing


CONFIG = """\
# A knowledge base migrated from Jekyll, generated by bench/gen_migrated.py.
title: "Réseau des incubateurs de services publics"
description: "Membres, projets et actualités d'un réseau d'incubateurs publics (site migré de Jekyll)."
base_url: "https://incubateurs.example.gouv.fr/"
language: fr
time_zone: Europe/Paris
paginate: 30
feed_limit: 20
edit_url: "https://forge.example.gouv.fr/reseau/site/-/edit/main/content/{path}"
menu:
  - {title: "Membres", url: "/membres/"}
  - {title: "Projets", url: "/projets/"}
  - {title: "Agenda", url: "/agenda/"}
  - {title: "Mots-clés", url: "/tags/"}
"""


def check_out(out):
    """Refuses a non-empty folder unless it is a previous output of this script."""
    if not os.path.exists(out):
        return
    if not os.path.isdir(out):
        sys.exit(f"{out} exists and is not a folder")
    if not os.listdir(out):
        return
    try:
        with open(os.path.join(out, "manifest.json"), encoding="utf-8") as f:
            previous = json.load(f)
    except (OSError, ValueError):
        previous = None
    if not isinstance(previous, dict) or previous.get("generator") != GENERATOR:
        sys.exit(f"{out} is not empty and holds no manifest.json of {GENERATOR}: refusing to replace it")


def write(out, site, manifest, texts):
    tmp = f"{out.rstrip('/')}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    for rel, text in sorted(texts.items()):
        write_file(os.path.join(tmp, "content", rel), text.encode("utf-8"))
    for rel, data in sorted(site.assets.items()):
        write_file(os.path.join(tmp, "content", rel), data)
    write_file(os.path.join(tmp, "carnet.yaml"), CONFIG.encode("utf-8"))
    write_file(os.path.join(tmp, "manifest.json"),
               (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    if os.path.exists(out):
        shutil.rmtree(out)
    os.rename(tmp, out)


def write_file(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def generate(pages, seed, errors):
    rng = random.Random(seed)
    sizes = plan(pages, rng)
    site = Site(rng)
    make_members(site, sizes["members"])
    make_projects(site, phase_counts(sizes["projects"], sizes["events"], rng))
    write_projects(site)
    make_news(site, sizes["news"])
    make_course(site, sizes["lessons"])
    make_plain_pages(site)
    validate(site)
    injected = inject_errors(site, seed) if errors else []
    texts = {rel: site.pages[rel].text() for rel in sorted(site.pages)}
    locate_errors(injected, texts)
    manifest = {"generator": GENERATOR, "args": {"pages": pages, "seed": seed, "errors": errors},
                "migration_day": MIGRATION_DAY.isoformat(), **count(site), "errors": injected}
    return site, manifest, texts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=7000, help=f"Markdown files in all (at least {MIN_PAGES})")
    parser.add_argument("--out", required=True, help="the site's folder (carnet.yaml, content/, manifest.json)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--errors", action="store_true", help="also inject a fixed set of genuine mistakes")
    args = parser.parse_args()
    if args.pages < MIN_PAGES:
        sys.exit(f"--pages must be at least {MIN_PAGES}")
    out = os.path.abspath(args.out)
    check_out(out)
    began = time.perf_counter()
    site, manifest, texts = generate(args.pages, args.seed, args.errors)
    write(out, site, manifest, texts)
    print(f"{manifest['pages']} pages ({manifest['member_pages']} members, {manifest['projects']} projects, "
          f"{manifest['events']} events, {manifest['news']} news), {manifest['assets']} images, "
          f"{len(manifest['errors'])} injected errors -> {out} in {time.perf_counter() - began:.2f} s",
          file=sys.stderr)


if __name__ == "__main__":
    main()
