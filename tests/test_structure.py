"""The structure stage: raw newsroom copy in, headline, standfirst, dateline, byline and clean body out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarize import reading
from summarize.segment import split_sentences
from summarize.structure import Copy, Furniture, structure

COPY = Path(__file__).parent / "data" / "copy"
STORIES = sorted(p for p in COPY.iterdir() if p.suffix in (".txt", ".html"))


def kinds(copy: Copy) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for item in copy.removed:
        out.setdefault(item.kind, []).append(item.text)
    return out


WIRE = """\
Retraites : le gouvernement renonce à reculer l'âge légal
Après six semaines de grève, l'exécutif lâche du lest sur la mesure la plus contestée de sa réforme.
Par Sophie Marchand
Publié le 12/03/2024 à 14h02, mis à jour à 15h10
PARIS (AFP) - Le gouvernement a renoncé mardi à repousser l'âge légal de départ à la retraite.
Lire aussi : Retraites, ce que contient le projet de loi
« Nous avons entendu les Français », a déclaré le Premier ministre.
Le Premier ministre à l'Assemblée, le 12 mars 2023. (LUDOVIC MARIN / AFP)
Un compromis fragile
Les syndicats ont salué une avancée, mais la CGT maintient son appel à la grève jeudi.
"""


def test_a_wire_story_is_split_into_its_parts() -> None:
    copy = structure(WIRE, "fr")
    assert copy.title == "Retraites : le gouvernement renonce à reculer l'âge légal"
    assert copy.standfirst is not None and copy.standfirst.startswith("Après six semaines")
    assert copy.dateline == "PARIS (AFP) -"
    assert copy.byline == "Par Sophie Marchand"
    assert copy.published == "Publié le 12/03/2024 à 14h02, mis à jour à 15h10"
    assert copy.body.splitlines() == [
        "Le gouvernement a renoncé mardi à repousser l'âge légal de départ à la retraite.",
        "« Nous avons entendu les Français », a déclaré le Premier ministre.",
        "Les syndicats ont salué une avancée, mais la CGT maintient son appel à la grève jeudi.",
    ]


def test_nothing_is_dropped_silently() -> None:
    found = kinds(structure(WIRE, "fr"))
    assert found["related"] == ["Lire aussi : Retraites, ce que contient le projet de loi"]
    assert found["caption"] == ["Le Premier ministre à l'Assemblée, le 12 mars 2023. (LUDOVIC MARIN / AFP)"]
    assert found["subheading"] == ["Un compromis fragile"]
    assert found["dateline"] == ["PARIS (AFP) -"]
    assert structure(WIRE, "fr").to_dict()["removed"][0] == {"kind": "byline", "text": "Par Sophie Marchand"}


def test_keep_furniture_only_takes_the_headline_out() -> None:
    copy = structure(WIRE, "fr", keep_furniture=True)
    assert copy.title == "Retraites : le gouvernement renonce à reculer l'âge légal"
    assert "Par Sophie Marchand" in copy.body and "Lire aussi" in copy.body
    assert copy.removed == []


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("By Howard Schneider and Ann Saphir", "byline"),
        ("Por Lucía Fernández", "byline"),
        ("Von Anna Schmidt und Jan Weber", "byline"),
        ("di Marco Bianchi", "byline"),
        ("Propos recueillis par Julien Morel", "byline"),
        ("Read more: How tornado warnings work", "related"),
        ("Lesen Sie auch: Was Fahrgäste jetzt wissen müssen", "related"),
        ("Leer más: Los embalses catalanes, al 16 % de su capacidad", "related"),
        ("Leggi anche: Pensioni, cosa cambia nel 2025", "related"),
        ("Leia também: Governo declara situação de calamidade", "related"),
        ("Crédit photo : Thibaud Moritz / AFP", "caption"),
        ("Ein leerer Bahnsteig in Leipzig. Foto: Jan Woitas/dpa", "caption"),
        ("Vista del embalse de Sau, en Barcelona. EFE/Siu Wu", "caption"),
        ("Updated 2:45 p.m. ET, June 14, 2024", "published"),
        ("Aktualisiert am 6. Juni 2024, 16:02 Uhr", "published"),
        ("Pubblicato il 19 settembre 2024 alle 08:15", "published"),
        ("Sign up for our Markets newsletter to get the latest news delivered to your inbox.", "newsletter"),
        ("Assine a newsletter e receba as principais notícias do dia no seu e-mail.", "newsletter"),
        ("Suivez-nous sur Twitter et Facebook", "social"),
        ("RIPRODUZIONE RISERVATA © Copyright ANSA", "credit"),
        ("(Reporting by Howard Schneider; Editing by Andrea Ricci)", "credit"),
        ("- Course contre la montre -", "subheading"),
        ("17h05", "timestamp"),
    ],
)
def test_furniture_in_six_languages(line: str, kind: str) -> None:
    text = (
        "Le conseil municipal a adopté mardi le budget de la ville pour l'année prochaine.\n"
        f"{line}\n"
        "Le maire a salué un budget « responsable », tandis que l'opposition a voté contre.\n"
    )
    copy = structure(text, "fr")
    assert line not in copy.body
    assert kinds(copy).get(kind) == [line.strip("-– ")] or (kind == "byline" and copy.byline == line)


@pytest.mark.parametrize(
    ("opening", "dateline"),
    [
        ("WASHINGTON (Reuters) - The Federal Reserve", "WASHINGTON (Reuters) -"),
        ("BERLIN, 12. März (Reuters) - Die Bundesregierung", "BERLIN, 12. März (Reuters) -"),
        ("NEW YORK (AP) — A line of storms", "NEW YORK (AP) —"),
        ("WASHINGTON — The Senate", "WASHINGTON —"),
        ("MADRID, 12 mar (EFE).- El Consejo", "MADRID, 12 mar (EFE).-"),
        ("(ANSA) - ROMA, 15 OTT - Il Consiglio", "(ANSA) - ROMA, 15 OTT -"),
        ("Lisboa, 16 set 2024 (Lusa) - Mais de 800", "Lisboa, 16 set 2024 (Lusa) -"),
    ],
)
def test_datelines_are_taken_off_the_first_sentence(opening: str, dateline: str) -> None:
    copy = structure(f"{opening} met on Tuesday, officials said.\nA second paragraph follows here.", "en")
    assert copy.dateline == dateline
    assert not copy.body.startswith(dateline)


@pytest.mark.parametrize(
    ("language", "dateline", "sentence"),
    [
        ("ro", "BUCUREŞTI, 3 oct (Agerpres) -", "Guvernul a aprobat miercuri proiectul bugetului pe anul 2025."),
        ("ro", "BUCUREȘTI (AGERPRES) -", "Guvernul a aprobat miercuri proiectul bugetului pe anul 2025."),
        ("ro", "București, 23 dec /Agerpres/ -", "Guvernul a aprobat luni majorarea pensiilor cu 5%."),
        ("pl", "Warszawa, 20 grudnia /PAP/ -", "Sejm przyjął w piątek ustawę o składce zdrowotnej."),
        ("pl", "ŁÓDŹ (PAP) -", "Rada Miasta przyjęła w środę nowy budżet na 2025 rok."),
        ("uk", "КИЇВ (Укрінформ) -", "Верховна Рада ухвалила в середу бюджет на 2025 рік."),
        ("uk", "КИЇВ, 5 листопада. /Укрінформ/.", "Верховна Рада ухвалила в середу бюджет на 2025 рік."),
        ("ru", "МОСКВА, 5 ноября. /ТАСС/.", "Президент провел в среду совещание с членами правительства."),
        ("cs", "PRAHA (ČTK) -", "Vláda ve středu schválila rozpočet na příští rok."),
        ("de", "FRANKFURT/MAIN (dpa-AFX) -", "Die Börse hat am Dienstag deutlich zugelegt."),
    ],
)
def test_datelines_in_every_alphabet_and_agency_style(language: str, dateline: str, sentence: str) -> None:
    """Place names in capitals beyond Latin-1 and basic Cyrillic (Ş, Ł, Ї, Č), agencies written in their own
    alphabet, and TASS's "/ТАСС/." after the date."""
    copy = structure(f"{dateline} {sentence}\n{sentence}", language)
    assert copy.dateline == dateline
    assert copy.body.splitlines()[0] == sentence


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("ro", "Citiţi şi: Inflaţia a scăzut în septembrie"),
        ("ro", "Citește și: Inflația a scăzut în septembrie"),
        ("pl", "Czytaj także: Inflacja spadła we wrześniu"),
        ("uk", "Читайте також: Інфляція сповільнилася у вересні"),
        ("ca", "Llegiu també: La inflació baixa al setembre"),
    ],
)
def test_related_links_in_more_languages(language: str, line: str) -> None:
    text = f"Le texte commence ici avec une phrase.\n{line}\nLe texte continue ici avec une autre phrase."
    assert kinds(structure(text, language)).get("related") == [line]


@pytest.mark.parametrize(
    "headline",
    [
        "« Nous n'avons plus le temps d'attendre »",
        "Faut-il vraiment interdire les chaudières au fioul ?",
        "Enfin la victoire !",
        "Le PSG arrache la qualification (vidéo)",
        '"Pago el 60% de mi sueldo en alquiler"',
    ],
)
def test_a_headline_may_end_in_a_quote_a_question_an_exclamation_or_a_bracket(headline: str) -> None:
    copy = structure(f"{headline}\nLe texte de l'article commence ici. Il continue avec une seconde phrase.", "fr")
    assert copy.title == headline
    assert headline not in copy.body


def test_a_first_paragraph_that_ends_a_sentence_is_not_a_headline() -> None:
    text = "Le tribunal a suspendu lundi l'arrêté municipal.\nLa mairie a annoncé qu'elle ferait appel."
    assert structure(text, "fr").title is None
    assert structure(text, "fr").body == text


def test_a_standfirst_needs_something_between_it_and_the_body() -> None:
    plain = "Un titre court\nUn premier paragraphe qui résume tout.\nLe corps de l'article commence ici."
    assert structure(plain, "fr").standfirst is None
    signed = "Un titre court\nUn premier paragraphe qui résume tout.\nPar Jean Dupont\nLe corps commence ici."
    assert structure(signed, "fr").standfirst == "Un premier paragraphe qui résume tout."


def test_a_page_description_that_repeats_the_lead_leaves_the_lead_in_the_brief() -> None:
    lead = "Heavy rain forced more than 12,000 people from their homes in northern Italy on Tuesday, officials said."
    html = (
        f'<html><head><title>Floods in Italy</title><meta name="description" content="{lead}"></head><body>'
        f"<article><h1>Floods in Italy</h1><p>{lead}</p>"
        "<p>The civil protection agency said two people had died and three were missing after the Po rose.</p>"
        "<p>Regional president Attilio Fontana asked Rome to declare a state of emergency in Lombardy.</p>"
        "</article></body></html>"
    )
    page = reading.extract_html(html)
    copy = structure(page.text, "en", title=page.title, standfirst=page.standfirst)
    assert copy.standfirst == lead  # still reported (JSON source.standfirst) and read with the headline
    assert copy.body.startswith(lead)  # and still a sentence the brief may pick


def test_hard_wrapped_lines_are_rejoined_and_broken_words_mended() -> None:
    text = (
        "Le déficit public pourrait atteindre 5,6 % du produit intérieur brut cette\n"
        "année, bien au-dessus de l'objectif fixé par le gouver-\n"
        "nement. Le Premier ministre a rappelé que la dette avait franchi un seuil\n"
        "historique, selon le porte-\n"
        "parole du gouvernement, qui a parlé avec Jean-\n"
        "Pierre Martin. C'est peut-\n"
        "être la fin.\n"
    )
    body = structure(text, "fr").body
    assert len(body.splitlines()) == 1
    assert "fixé par le gouvernement. Le Premier" in body
    assert "le porte-parole du gouvernement" in body
    assert "Jean-Pierre Martin" in body
    assert "C'est peut-être la fin." in body


def test_a_wrapped_line_that_starts_with_a_time_goes_on_the_sentence_before() -> None:
    """A live blog's "2 p.m. - " is furniture; in wire copy wrapped at 72 columns, "announced at\\n2 p.m. EDT,"
    is one sentence (the time was taken out and the sentence cut in two)."""
    text = (
        "WASHINGTON, Oct 3 (Reuters) - The U.S. Federal Reserve held interest\n"
        "rates steady on Wednesday, but Fed Chair Jerome Powell said the central\n"
        "bank was getting closer to cutting them. The decision, announced at\n"
        "2 p.m. EDT, was widely expected by markets and investors in New York.\n"
    )
    copy = structure(text, "en")
    assert copy.removed == [Furniture("dateline", "WASHINGTON, Oct 3 (Reuters) -")]
    assert "The decision, announced at 2 p.m. EDT, was widely expected" in copy.body


def test_one_paragraph_a_line_is_not_taken_for_wrapped_text() -> None:
    text = "Première phrase du premier paragraphe.\nDeuxième paragraphe, une seule phrase.\nTroisième et dernier."
    assert structure(text, "fr").body.splitlines() == text.splitlines()


def test_crlf_line_ends_are_read_like_lf() -> None:
    assert structure(WIRE.replace("\n", "\r\n"), "fr") == structure(WIRE, "fr")


def test_glued_sub_headings_from_scraped_pages_are_cut_out() -> None:
    text = (
        "Le premier adjoint a conclu la réunion.Une attaque au hachoirPeu avant midi, un homme a blessé deux "
        "passants devant la gare. Les secours sont intervenus rapidement."
    )
    copy = structure(text, "fr")
    assert kinds(copy)["subheading"] == ["Une attaque au hachoir"]
    assert split_sentences(copy.body, "fr") == [
        "Le premier adjoint a conclu la réunion.",
        "Peu avant midi, un homme a blessé deux passants devant la gare.",
        "Les secours sont intervenus rapidement.",
    ]


def test_glue_points_are_those_of_the_plain_left_to_right_pattern() -> None:
    """The glue pattern matches the capital first (fast); its cuts are where the plain reading puts them:
    after a lower-case letter, two capitals or a year, before a capital and what may follow it."""
    import random
    import re

    from summarize.structure.glue import _GLUE
    from summarize.structure.patterns import _LOWER, _UPPER

    plain = re.compile(
        rf"[{_LOWER}](?=[{_UPPER}](?:[{_LOWER}'’-]|\s))|[{_UPPER}]{{2}}(?=[{_UPPER}][{_LOWER}])"
        rf"|(?:1[89]|20)\d\d(?=[{_UPPER}][{_LOWER}])"
    )
    rng = random.Random(3)
    texts = [WIRE, "hachoirPeu avant, BFMTVLes gens, en 2019Le maire, l'ONUAprès, AB-Cd"]
    texts += ["".join(rng.choices("aéBÉ'’- 1920189xYZ\tΩωЖж.", k=rng.randint(1, 16))) for _ in range(20000)]
    for text in texts:
        assert [m.start() for m in _GLUE.finditer(text)] == [m.end() for m in plain.finditer(text)], text


def test_video_teasers_glued_into_the_text_are_cut_out() -> None:
    text = (
        "Le facteur ne passe plus dans le village depuis un mois. A qui la faute ?par franceinfoCe jour-là, "
        "un habitant a porté plainte. La Poste n'a pas répondu."
    )
    copy = structure(text, "fr")
    assert kinds(copy)["related"] == ["A qui la faute ? par franceinfo"]
    assert "Ce jour-là, un habitant a porté plainte." in split_sentences(copy.body, "fr")


def test_a_full_stop_glued_to_a_figure_is_a_boundary() -> None:
    text = "Les cas ont augmenté dans les établissements médicaux sociaux.20% des contaminations ont lieu au travail."
    assert split_sentences(structure(text, "fr").body, "fr") == [
        "Les cas ont augmenté dans les établissements médicaux sociaux.",
        "20% des contaminations ont lieu au travail.",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "La salle compte 2.600 places et la chaîne M6 diffusera le concert en direct ce soir.",
        "Le nouvel iPhone et les restaurants McDonald's sont cités dans le rapport publié hier.",
        "La vidéo a été vue sur YouTube et partagée sur LinkedIn par des milliers de personnes.",
        "Le document est en ligne sur www.site20.fr et sur https://example.org/rapport2024.pdf depuis lundi.",
        "Le vaccin AstraZeneca et celui de BioNTech ont été autorisés par l'agence européenne.",
        "Selon la chanteuse Ellen DeGeneres et la famille McCann, rien n'a changé depuis des mois.",
        "La mesure concerne les TGV (inOui et Ouigo) et les trains Intercités dès le mois prochain.",
    ],
)
def test_words_that_look_glued_are_left_alone(sentence: str) -> None:
    copy = structure(sentence, "fr")
    assert copy.body == sentence
    assert copy.removed == []


def test_a_name_after_an_elided_article_is_not_a_glued_boundary() -> None:
    """ "l'iPhone", "d'eBay" are the words iPhone and eBay after l' and d', not "l'i" + "Phone" (seen in
    OrangeSum); the paragraph glued after them ("Roissy.Alors que") is still put back."""
    text = (
        "Les passagers d'eBay et les clients de l'iPhone attendaient à Roissy depuis des heures mardi soir."
        "Alors que la compagnie promet un départ, les voyageurs restent inquiets."
    )
    copy = structure(text, "fr")
    assert copy.removed == []
    assert split_sentences(copy.body, "fr") == [
        "Les passagers d'eBay et les clients de l'iPhone attendaient à Roissy depuis des heures mardi soir.",
        "Alors que la compagnie promet un départ, les voyageurs restent inquiets.",
    ]


@pytest.mark.parametrize("language", ["fr", "en", "de"])
def test_a_name_the_article_writes_again_is_not_a_glued_boundary(language: str) -> None:
    """A made-up word such as EgyptAir joins two words like a lost boundary ("FranceLa"); the article
    writing it again, whole, says it is a name. The lost boundary beside it is still put back."""
    sentences = {
        "fr": ["Les passagers d'EgyptAir qui attendaient à Roissy ont été relogés.", "La direction d'EgyptAir"],
        "en": ["Passengers of EgyptAir who were waiting in Paris were put up in hotels.", "A spokesman for EgyptAir"],
        "de": ["Die Passagiere von EgyptAir warteten in Paris auf ihren Flug nach Kairo.", "Ein Sprecher von EgyptAir"],
    }[language]
    follow = {"fr": "Le vol partira demain.", "en": "The flight leaves tomorrow.", "de": "Der Flug startet morgen."}
    text = f"{sentences[0]} {sentences[1]}{follow[language]}"
    copy = structure(text, language)
    assert copy.body.splitlines() == [sentences[0], follow[language]]
    assert [r.text for r in copy.removed] == [sentences[1]]


@pytest.mark.parametrize("name", ["BlackRock", "SoftBank", "DeepMind", "EgyptAir", "ExxonMobil"])
def test_german_nouns_are_capitalised_so_a_name_made_of_two_stays_whole(name: str) -> None:
    """German writes every noun with a capital ("Bank", "Rock"), so a capital after a name says nothing of a
    lost boundary; only a word that opens sentences ("BerlinDie Polizei") does."""
    sentence = f"Nach Angaben von Insidern hat der Konzern {name} am Dienstag seine Geschäfte wieder aufgenommen."
    assert structure(sentence, "de").body == sentence
    glued = "Großeinsatz in BerlinDie Polizei hat am Dienstag drei Männer festgenommen."
    assert structure(glued, "de").body.splitlines()[-1] == "Die Polizei hat am Dienstag drei Männer festgenommen."


def test_the_body_is_never_empty() -> None:
    assert structure("Lire aussi : un autre article", "fr").body == "Lire aussi : un autre article"


def test_html_metadata_wins_over_what_the_text_suggests() -> None:
    copy = structure(
        "Premier paragraphe de l'article, assez long pour être du texte.\nDeuxième paragraphe.",
        "fr",
        title="Le vrai titre",
        byline="Claire Dubois",
        published="2024-05-27",
    )
    assert (copy.title, copy.byline, copy.published) == ("Le vrai titre", "Claire Dubois", "2024-05-27")


def test_a_bulleted_list_keeps_its_items_without_their_markers() -> None:
    """A list item is text, not a sub-heading; its bullet is layout, and would open a brief's sentence."""
    text = (
        "Floods force thousands from homes\n\nHeavy rain forced 12,000 people from their homes on Tuesday.\n\n"
        "- Schools closed in 40 towns\n• Train services suspended\n* Army deployed\n\n"
        "The government will approve aid on Wednesday.\n"
    )
    copy = structure(text, "en")
    assert copy.body.splitlines() == [
        "Heavy rain forced 12,000 people from their homes on Tuesday.",
        "Schools closed in 40 towns",
        "Train services suspended",
        "Army deployed",
        "The government will approve aid on Wednesday.",
    ]


def test_inline_markup_in_plain_copy_is_text_not_script() -> None:
    """Feeds and CMS exports keep <i>, <b>, <a> and entities in otherwise plain copy: the tags go, the
    paragraph stays (it was dropped whole as script residue)."""
    text = (
        "Réforme des retraites : le gouvernement recule\n\n"
        "Selon une enquête du <i>Monde</i> publiée mardi, le gouvernement renonce à repousser l'âge légal.\n\n"
        'Le Premier ministre l\'a confirmé au <a href="https://tf1.fr/20h">journal de 20 heures</a> de TF1.<br>\n\n'
        "Les syndicats de AT&amp;T et de Procter &amp; Gamble ont salué une avancée.\n"
    )
    copy = structure(text, "fr")
    assert copy.removed == []
    assert copy.body.splitlines() == [
        "Selon une enquête du Monde publiée mardi, le gouvernement renonce à repousser l'âge légal.",
        "Le Premier ministre l'a confirmé au journal de 20 heures de TF1.",
        "Les syndicats de AT&T et de Procter & Gamble ont salué une avancée.",
    ]


def test_the_headline_for_ranking_joins_title_and_standfirst() -> None:
    copy = structure(WIRE, "fr")
    assert copy.headline == f"{copy.title} {copy.standfirst}"


@pytest.mark.parametrize("path", STORIES, ids=[p.name for p in STORIES])
def test_every_story_of_the_newsroom_set_gives_its_expected_parts(path: Path) -> None:
    """tests/data/copy: 40+ stories in six languages, each with its parts in a JSON file beside it."""
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        page = reading.extract_html(raw, name=path.name)
        copy = structure(page.text, expected["language"], title=page.title, byline=page.byline,
                         published=page.published, standfirst=page.standfirst)  # fmt: skip
    else:
        copy = structure(raw, expected["language"])
    for part in ("title", "standfirst", "dateline", "byline", "published"):
        assert getattr(copy, part) == expected[part], part
    for furniture in expected["furniture"]:
        assert furniture not in copy.body
    for kept in expected.get("body_contains", []):
        assert kept in copy.body


def test_the_newsroom_set_is_varied_enough() -> None:
    languages = {json.loads(p.with_suffix(".json").read_text(encoding="utf-8"))["language"] for p in STORIES}
    assert len(STORIES) >= 40
    assert {"fr", "en", "es", "de", "it", "pt"} <= languages
    assert sum(p.suffix == ".html" for p in STORIES) >= 6
    assert any(b"\r\n" in p.read_bytes() for p in STORIES)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Die Partei lehnte ab.\n„Das ist nicht das erste Mal“\n"
            "Es ist nicht das erste Mal, dass Strafanzeigen erhoben wurden.",
            "de",
        ),
        ("El Gobierno lo anunció.\nEE. UU. podría llevar a cabo el bloqueo.\nLa Armada está lista.", "es"),
        ("Le débat continue.\nQuelqu'un a ajouté : « Une publicité si déconnectée. »\nLa marque s'est excusée.", "fr"),
        ("Marine Le Pen (RN) - La présidente du groupe a réagi mardi.\nLe gouvernement n'a pas répondu.", "fr"),
        # an acronym's plural, a compound with a stray space, a name with a capital inside: no lost heading
        (
            "There is consternation among some AMs at a suggestion their title should change to MWPs "
            "(Member of the Welsh Parliament).\nIt has arisen because of plans to rename the assembly.",
            "en",
        ),
        (
            "Eine Umfrage zeigte jedoch, dass die Mehrheit der Warren- Wählerschaft nicht glaubt, dass sie "
            "kandidieren sollte.\nDas berichtete die Zeitung.",
            "de",
        ),
        (
            "Les chercheurs s'accordent à dire que le coronavirus SARS-CoV-2 vient de la chauve-souris.\n"
            "Le débat continue.",
            "fr",
        ),
        (
            "Selon Karine Jean-Pierre, porte-parole du groupe progressiste MoveOn, « les femmes n'oublieront pas », "
            "a-t-elle déclaré.\nLe bureau de BlackRock, le plus grand gestionnaire d'actifs, a été envahi.",
            "fr",
        ),
    ],
)
def test_clean_news_loses_nothing(text: str, language: str) -> None:
    """Found on NTREX news (clean copy in four languages): words that only look like furniture."""
    copy = structure(text, language)
    assert copy.removed == []
    assert copy.body == text


def test_a_short_exclamation_is_a_headline_not_a_rubric() -> None:
    copy = structure("Another black person?!\nA campaign against racism divides the city\nThe ad ran on Monday.", "en")
    assert copy.title == "Another black person?!"


def test_a_wrapped_live_blog_keeps_its_paragraphs_whole() -> None:
    """Timestamps, "Share" and a byline are short lines: they must not outvote the wrapped paragraphs,
    or a paragraph's middle line (no final stop, next line in capitals) is cut out as a sub-heading."""
    text = (
        "Live: Storm Darragh batters UK with 90mph winds\nBy Tom Harris and Priya Shah\nShare\n14:32 GMT\n"
        "More than 200,000 homes are without power across\nWales and south-west England, according to the\n"
        "Energy Networks Association.\n13:58 GMT\nThe Met Office has extended its red warning for\n"
        "wind until 15:00, saying gusts of up to 90mph\nhave been recorded on exposed coasts.\n"
        "Editor's note: an earlier version of this post\nmisstated the number of flood warnings.\n13:20 GMT\n"
        "Rail operators have cancelled all services in Wales\nfor the rest of the day, and several roads are closed\n"
        "by fallen trees.\n"
    )
    copy = structure(text, "en")
    assert copy.title == "Live: Storm Darragh batters UK with 90mph winds"
    assert copy.byline == "By Tom Harris and Priya Shah"
    assert "homes are without power across Wales and south-west England, according to the Energy" in copy.body
    assert "roads are closed by fallen trees." in copy.body
    assert "have been recorded on exposed coasts.\nRail operators" in copy.body  # the editor's note is out
    assert [f.kind for f in copy.removed if f.kind not in ("byline", "timestamp", "social", "boilerplate")] == []


@pytest.mark.parametrize(
    ("language", "note"),
    [
        ("en", "Editor's note: an earlier version of this post misstated the number of flood warnings."),
        ("pt", "Nota da redação: este artigo foi atualizado às 16h20 com declarações da ministra."),
        ("it", "Nota della redazione: in una precedente versione il nome del ministro era errato."),
        ("nl", "Noot van de redactie: in een eerdere versie stond een verkeerd bedrag."),
        ("pl", "Sprostowanie: w pierwotnej wersji tekstu podaliśmy błędną datę posiedzenia."),
        ("ru", "Поправка: в первоначальной версии заметки была указана неверная дата."),
    ],
)
def test_editors_notes_and_corrections_are_not_news(language: str, note: str) -> None:
    text = f"Minister resigns\nThe minister resigned on Monday after a week of pressure.\n{note}"
    copy = structure(text, language)
    assert note not in copy.body
    assert "The minister resigned on Monday" in copy.body


@pytest.mark.parametrize(
    ("language", "caption"),
    [
        ("es", "El gobernador del Banco de España, José Luis Escrivá, durante la presentación del informe. Foto: EFE"),
        ("de", "Martin Schlegel bei der Medienkonferenz in Zürich. Bild: Keystone"),
        ("pl", "Minister finansów Andrzej Domański w Sejmie. Fot. PAP"),
        ("ru", "Председатель Банка России Эльвира Набиуллина. Фото: ТАСС"),
        ("nl", "Bouwvakkers aan het werk in Utrecht. Foto: Robin van Lonkhuijsen"),
    ],
)
def test_a_caption_that_ends_with_a_labelled_credit_is_not_news(language: str, caption: str) -> None:
    """A caption reads like a sentence; its credit ("Foto: EFE", "Fot. PAP") after it says what it is."""
    text = f"Title of the story\nThe first sentence of the story is here.\n{caption}\nThe story goes on here."
    copy = structure(text, language)
    assert kinds(copy).get("caption") == [caption]
    assert caption not in copy.body
    assert "The story goes on here." in copy.body


@pytest.mark.parametrize(
    ("language", "line", "kind"),
    [
        ("nl", "Meld je aan voor onze nieuwsbrief en ontvang elke ochtend het belangrijkste nieuws.", "newsletter"),
        ("pl", "Zapisz się do naszego newslettera i otrzymuj najważniejsze informacje.", "newsletter"),
        ("ro", "Abonează-te la newsletterul nostru și primești știrile zilei.", "newsletter"),
        ("ru", "Подпишитесь на нашу рассылку, чтобы получать главные новости.", "newsletter"),
        ("pt", "Partilhe este artigo no Facebook, X ou WhatsApp.", "social"),
        ("ro", "Distribuie pe Facebook", "social"),
        ("nl", "Delen", "social"),
        ("ru", "Поделиться", "social"),
        ("pl", "Reklama", "boilerplate"),
    ],
)
def test_newsletter_share_and_advert_lines_in_more_languages(language: str, line: str, kind: str) -> None:
    text = f"Title of the story\n\nThe story starts here with a sentence.\n{line}\nThe story goes on here."
    assert kinds(structure(text, language)).get(kind) == [line]


def test_a_byline_in_lower_case_under_the_headline_is_not_part_of_it() -> None:
    """Italian and Portuguese bylines often start in lower case ("di", "da"): not the headline's second line."""
    text = "Alluvione in Emilia-Romagna, stanziati 500 milioni\ndi Giulia Bianchi\nBOLOGNA – Il governo stanzia."
    copy = structure(text, "it")
    assert copy.title == "Alluvione in Emilia-Romagna, stanziati 500 milioni"
    assert copy.byline == "di Giulia Bianchi"
    assert copy.body == "Il governo stanzia."


@pytest.mark.parametrize(
    ("language", "line", "kind"),
    [
        ("ro", "Urmărește-ne pe Google News și pe Facebook pentru cele mai noi știri.", "social"),
        ("ru", "Подписывайтесь на наш канал в Telegram.", "social"),
        ("nl", "Volg ons op Instagram en TikTok voor het laatste nieuws.", "social"),
        ("pl", "Obserwuj nas na Facebooku i w Google News.", "social"),
        ("pl", "Źródło: PAP", "credit"),
        ("ru", "Источник: РИА Новости", "credit"),
    ],
)
def test_follow_us_and_source_lines_in_more_languages(language: str, line: str, kind: str) -> None:
    text = f"Title of the story\n\nThe story starts here with a sentence.\n{line}\nThe story goes on here."
    copy = structure(text, language)
    assert kinds(copy).get(kind) == [line]
    assert copy.byline is None


def test_a_tag_named_in_the_text_is_left_alone() -> None:
    text = "Le prix est de 10 euros selon le rapport. La balise <p> est citée dans le texte.\nLe texte continue ici."
    assert structure(text, "fr").body == text


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("nl", "De krant verstuurt haar nieuwsbrief nu naar 200.000 lezers."),
        ("nl", "Volg ons advies, zei de minister tegen de gemeenten."),
        ("pl", "Obserwuj nas - apelowała policja do kierowców na autostradzie A2."),
        ("ru", "Подпишитесь на петицию, призвали активисты жителей города."),
        ("ro", "Distribuie pe Facebook mesajul, le-a cerut primarul locuitorilor."),
        ("pl", "Minister zapowiedział, że źródło finansowania zostanie wskazane w marcu."),
        ("ru", "Поправка к закону была принята Госдумой в среду."),
        ("en", "The ministry said 1,200 homes were affected. Photo: Reuters could not verify it."),
    ],
)
def test_news_that_uses_the_words_of_furniture_is_kept(language: str, sentence: str) -> None:
    """Losing a news sentence silently is worse than keeping a furniture line: the new vocabulary
    (newsletter, follow-us, share and source lines) needs its whole shape, not one word."""
    text = f"Title here\n\nFirst sentence of the story is news here.\n{sentence}\nThe story goes on with more news."
    assert sentence in structure(text, language).body
