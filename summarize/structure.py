"""The structure stage: copy as it arrives in a newsroom, turned into its parts.

Between reading and splitting. Wire stories, pages pasted from a browser, PDF
and e-mail text carry more than the article: a headline and a standfirst, a
dateline (``PARIS (AFP) -``), a byline, publication lines, photo captions and
credits, "Read more" links, newsletter calls, sub-headings, live-blog
timestamps, script residue. Left in, the ranker picks them as "sentences".
This stage takes them out, and says what it took (``Copy.removed``) so that
nothing is dropped silently.

It also repairs the text itself: hard-wrapped lines are rejoined (a text is
wrapped when its line ends break sentences), a word broken by a hyphen at a line
end is rejoined when the joined word is a word of the language (wordfreq's
lists, :mod:`summarize.wordlists`), and boundaries lost by scrapers are put
back ("hachoirPeu avant midi", "?par franceinfoCe jour-là", "sociaux.20% des").

The rules are line and paragraph patterns in French, English, Spanish, German,
Italian and Portuguese, written against 67 stories of tests/data/copy (26 of them
first run blind) and checked for false removals on clean news (NTREX, OrangeSum);
plain ``re``, patterns compiled on first use, ~0.8 ms an OrangeSum article.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from summarize.segment import normalize

__all__ = ["Copy", "Furniture", "structure"]


@dataclass(frozen=True)
class Furniture:
    """A piece of the copy that is not article text; ``kind`` says what it is."""

    kind: str
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "text": self.text}


@dataclass(frozen=True)
class Copy:
    """The parts of an article; ``body`` is what the splitter and the ranker see."""

    body: str
    title: str | None = None
    standfirst: str | None = None
    dateline: str | None = None
    byline: str | None = None
    published: str | None = None
    removed: list[Furniture] = field(default_factory=list)

    @property
    def subheadings(self) -> list[str]:
        return [f.text for f in self.removed if f.kind == "subheading"]

    @property
    def headline(self) -> str | None:
        """What the ranker reads as the headline: the title and the standfirst together."""
        parts = [p for p in (self.title, self.standfirst) if p]
        return " ".join(parts) if parts else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "standfirst": self.standfirst,
            "dateline": self.dateline,
            "byline": self.byline,
            "published": self.published,
            "removed": [f.to_dict() for f in self.removed],
        }


class _Lazy:
    """A pattern compiled on first use. Compiling this module's forty patterns costs more than a
    plain brief's whole structure stage, and most copy needs only a few of them."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._args = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(*self._args)
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled, name)


# --- vocabulary ------------------------------------------------------------------

_AGENCIES = (
    r"AFP|Agence France[- ]Presse|Reuters|REUTERS|AP|Associated Press|dpa|DPA|EFE|Efe|ANSA|Ansa|Lusa|LUSA|Belga|"
    r"ATS|Keystone-ATS|SDA|APA|AAP|Xinhua|Europa Press|Ag[eê]ncia Brasil|Bloomberg|UPI|PAP|TASS|Kyodo|Yonhap|"
    r"AGI|Adnkronos|KNA|epd|Anadolu|AA|ANP|NTB|TT|Notimex|T[eé]lam|IANS|PTI|CNA|Sputnik|RIA Novosti|"
    r"AFP/Reuters|Reuters/AFP|AFP/dpa|dpa/AFP|CNN|BBC|NBC|CBS|ABC|Sky News|EUROPA PRESS|DPA|ANSA|Notimex"
)
_PHOTO_AGENCIES = (
    _AGENCIES + r"|Getty Images?|GETTY IMAGES|Getty|EPA|EPA-EFE|MAXPPP|Maxppp|SIPA|Sipa|Abaca|ABACAPRESS|Hans Lucas|"
    r"IMAGO|imago|picture alliance|picture-alliance|Shutterstock|AFP PHOTO|POOL|Pool|NurPhoto|Leemage|Bestimage|"
    r"Starface|Wikimedia Commons|AP Photo|Alamy|Hollandse Hoogte|ANSA/[A-Z]+|LaPresse|Cordon Press|Contacto|"
    r"Folhapress|Estadão Conteúdo|Zuma|ZUMA|SOPA Images|Xinhua/[A-Za-z ]+"
)
_MONTHS = (
    r"janv(?:ier)?|févr(?:ier)?|fév|mars|avr(?:il)?|mai|juin|juil(?:let)?|août|sept(?:embre)?|oct(?:obre)?|"
    r"nov(?:embre)?|déc(?:embre)?|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep|october|november|december|dec|jänner|januar|februar|märz|mrz|juni|juli|august|oktober|okt|dezember|dez|"
    r"ene(?:ro)?|febrero|marzo|abr(?:il)?|mayo|junio|julio|ago(?:sto)?|septiembre|setiembre|octubre|noviembre|"
    r"dic(?:iembre)?|gen(?:naio)?|febbraio|aprile|maggio|giugno|luglio|settembre|set|ottobre|ott|novembre|"
    r"dicembre|janeiro|fevereiro|fev|março|abril|maio|junho|julho|setembro|outubro|out|novembro|dezembro"
)
_WEEKDAYS = (
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday|mon|tue|wed|thu|fri|sat|sun|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lunes|"
    r"martes|miércoles|jueves|viernes|sábado|domingo|lunedì|martedì|mercoledì|giovedì|venerdì|sabato|"
    r"segunda-feira|terça-feira|quarta-feira|quinta-feira|sexta-feira"
)
_TERMINAL = ".!?…"
_FINAL_OK = ".!?…:;»\"”“)]’‘'›‹"  # German closes with “ („...“)
_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"

_SPACE_RE = _Lazy(r"\s+")

# A dateline: "PARIS (AFP) -", "BERLIN, 12. März (Reuters) -", "Madrid, 12 mar (EFE).-", "(ANSA) -".
_DATELINE_AGENCY = _Lazy(
    rf"^(?:[{_UPPER}][^()\n!?]{{0,60}}?\s*)?\((?:{_AGENCIES})\)\s*(?:\.?\s*[-–—]{{1,2}}|:|\.-)\s*(?=\S)"
)
# The same with an agency we do not know ("KYIV (Ukrinform) -"): the place in capitals, at the start
# of the story ("Marine Le Pen (RN) - ..." is no dateline).
_DATELINE_OTHER = _Lazy(
    rf"^[{_UPPER}]{{2}}[{_UPPER}'’. -]*(?:,\s*[^()\n]{{1,30}}?)?\s*\([{_UPPER}][A-Za-z.&-]{{1,12}}\)"
    r"\s*(?:\.?\s*[-–—]{1,2}|:|\.-)\s*(?=\S)"
)
# A dateline on a line of its own: "MADRID, 7 (EUROPA PRESS)", "PARIS (AFP)"
_AGENCY_NAME = rf"[{_UPPER}][A-Za-z.&-]{{1,12}}(?: [{_UPPER}][A-Za-z.&-]{{1,12}})?"
_DATELINE_ALONE = _Lazy(
    rf"^(?:[{_UPPER}]{{2}}[^()\n!?]{{0,60}}?\s*\((?:{_AGENCIES}|{_AGENCY_NAME})\)"
    rf"|[{_UPPER}][^()\n!?]{{0,60}}?\s*\((?:{_AGENCIES})\))\s*[.:–—-]*$"
)
# "WASHINGTON —", "ROMA, 12 MAR -", "NEW YORK, March 12 (Reuters) —" (place in capitals, then a dash).
_DATELINE_CAPS = _Lazy(
    rf"^[{_UPPER}][{_UPPER}'’. -]{{1,30}}[{_UPPER}.](?:/[{_UPPER}][{_UPPER} ]+)?"
    r"(?:,\s*[^\n—–]{1,30}?)?\s*(?:—|–|--?)\s+(?=\S)"
)
_BYLINE = _Lazy(
    r"^(?:Par|PAR|By|BY|Por|POR|Von|VON|Di|di|Da|Door|Av|Texte\s*:|Text\s*:|Textes?\s+et\s+photos?\s*:|"
    r"Autor(?:a|in|es)?\s*:|Autore\s*:|Propos recueillis par|Entretien réalisé par|Interview by|"
    r"Interview(?:t)?\s+(?:von|by)|Entrevista de|Entrevista por|Intervista di|Reporting by|Reportage de|"
    r"Written by|Escrito por|Reportaje de|Un article de|Signé|Das Interview führte|Das Gespräch führte|"
    r"Die Fragen stellte|(?:Article )?rédigé par|Écrit par|Interview\s*:|Entretien\s*:|Entrevista\s*:|"
    r"Intervista a cura di|"
    r"(?:Entrevista|Entretien|Interview|Intervista)\s+(?:\w+\s+)?(?:por|par|by|da|de|di|von))"
    r"\s+(?P<who>\S.*)$"
)
_BYLINE_TAIL = _Lazy(
    r"(?:,|\s[-–—|]|\s\()\s*(?:envoyée? spéciale?|correspondante?|notre correspondante?|special correspondent|"
    r"correspondent|Korrespondent(?:in)?|enviad[oa] especial|corresponsal|inviat[oa]|corrispondente|"
    r"enviad[oa]|correspondente|in|à|a|em|en|at|with|avec|con|mit|com)\b.*$"
)
_CONNECTORS = frozenset(
    [
        "et",
        "and",
        "y",
        "und",
        "e",
        "&",
        "avec",
        "with",
        "con",
        "mit",
        "com",
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "van",
        "von",
        "der",
        "den",
        "da",
        "di",
        "do",
        "dos",
        "das",
        "del",
        "envoyé",
        "envoyée",
        "spécial",
        "spéciale",
        "à",
        "a",
        "en",
        "in",
        "em",
        "at",
        "correspondant",
        "correspondante",
        "correspondent",
        "notre",
        "our",
        "agence",
        "agences",
        "staff",
        "the",
    ]
)
_PUBLISHED = _Lazy(
    r"^(?:Publiée?|Mise? à jour|Modifiée?|Actualisée?|Màj|MAJ|Updated|Published|Posted|Last updated|First published|"
    r"Aktualisiert|Veröffentlicht|Zuletzt aktualisiert|Stand|Erstellt|Actualizad[oa]|Publicad[oa]|Atualizad[oa]|"
    r"Aggiornato|Pubblicato|Ultimo aggiornamento|Última actualización|Última atualização|"
    r"Le \d{1,2}[/.]\d{1,2}[/.]\d{2,4})\b",
    re.IGNORECASE,
)
_DATE_TOKEN = _Lazy(
    rf"\b(?:{_MONTHS}|{_WEEKDAYS})\b\.?|\d{{1,4}}(?:[/.:-]\d{{1,4}}){{0,2}}(?:h\d{{0,2}}|\.)?|\b[ap]\.?m\.?|"
    r"\b(?:à|a|at|um|às|alle|ore|le|el|de|del|the|on|am|h|heures?|uhr|gmt|utc|cet|cest|et|bst|cst|est|pst|"
    r"updated|mis à jour|atualizado|actualizado|aktualisiert|aggiornato|il y a|há|hace|vor|fa|ago|il|"
    r"modifica|modificato|modifié|modified|geändert|modificado|"
    r"min(?:utes?|utos?|uten|uti)?|hours?|horas?|stunden?|heures?)\b|[,|–—()-]",
    re.IGNORECASE,
)
_PLACE_BEFORE_DATE = _Lazy(rf"^[{_UPPER}][\w'’. -]{{1,25}}?\s*(?:[-–—,|]\s*)(?=\d|(?:{_WEEKDAYS})\b)", re.IGNORECASE)
_RELATED = _Lazy(
    r"^[\W_]{0,3}(?:(?:à|a) lire (?:aussi|également|ensuite)|lire (?:aussi|également|la suite)|"
    r"(?:à|a) voir (?:aussi|également)|"
    r"voir aussi|(?:à|a) découvrir|(?:à|a) (?:ré)?écouter|sur le même sujet|dans la même rubrique|read (?:more|also)|"
    r"also read|related(?: articles?| stories| content)?|see also|more on this story|more from|watch:|"
    r"lesen sie (?:auch|mehr)|mehr zum thema|auch interessant|das könnte sie auch interessieren|weitere artikel|"
    r"leer más|lee también|lea también|te puede interesar|más información|noticias relacionadas|leggi anche|"
    r"leggi pure|potrebbe interessarti|articoli correlati|leia (?:também|mais)|veja (?:também|mais)|saiba mais|"
    r"notícias relacionadas|vidéo|video|en vidéo|in video|podcast)\b",
    re.IGNORECASE,
)
_LABEL = _Lazy(
    r"^(?:EN DIRECT|DIRECT|LIVE|LIVEBLOG|VIDÉO|VIDEO|VIDÉOS|PHOTOS?|EN IMAGES|INFOGRAPHIE|CARTE|EXCLUSIF|EXCLUSIVE|"
    r"ALERTE|URGENT|BREAKING(?: NEWS)?|FLASH|INFO [A-Z][A-Za-z0-9 ]{1,20}|ÚLTIMA HORA|EN VIVO|EN DIRECTO|"
    r"EILMELDUNG|ULTIM'ORA|AO VIVO|TÉMOIGNAGE|ENQUÊTE|ANALYSE|RÉCIT|REPORTAGE|DÉCRYPTAGE|ENTRETIEN|INTERVIEW|"
    r"TRIBUNE|ÉDITO|EDITO|OPINION|CHRONIQUE|REPLAY|PORTRAIT)(?:\s*[.:|]|\s+[-–—])\s*"
)
_LABEL_ONLY = _Lazy(
    r"^(?:EN DIRECT|DIRECT|LIVE|Live|En direct|En vivo|Ao vivo|Liveblog|Newsticker|Live-Ticker|Diretta)\W*$"
)
_TIMESTAMP = _Lazy(
    rf"^(?:\d{{1,2}}[h:]\d{{2}}(?:\s?(?:[ap]\.?m\.?|uhr|h|gmt|utc|cet|cest|et|bst))?|\d{{1,2}}h|\d{{1,2}}\s?(?:[ap]\.?m\.?)|"
    r"(?:il y a|hace|vor|há)\s+\d+\s*(?:min(?:utes?|utos?|uten)?|h|heures?|horas?|stunden?|ore)|"
    r"\d+\s*(?:min(?:utes?)?|h|hours?)\s+ago)"
    rf"(?:\s*[-–—:|•]\s*|\.\s+|\s*$|\s+(?=[{_UPPER}«\"“]))",
    re.IGNORECASE,
)
_CAPTION_START = _Lazy(
    r"^(?:Photo|Photos|Crédits?(?: photos?)?|Credits?|Illustration|Image|Images|Foto|Fotos|Fotografía|Bild|"
    r"Bilder|Caption|Légende|Legenda|Didascalia|Pictured|Source image|Vignette)\s*(?:[:/|©-]|\(|$)",
    re.IGNORECASE,
)
_CREDIT_END = _Lazy(
    rf"\s*[(\[](?:(?:photos?|foto|crédit|credit|bild|image)\s*:?\s*)?(?:[^()\[\]]{{0,60}}[/|,]\s*|©\s*)?(?:{_PHOTO_AGENCIES})"
    r"(?:\s*[/|,]\s*[^()\[\]]{0,40})?[)\]]\s*$",
    re.IGNORECASE,
)
_PARENS = _Lazy(r"\s*\([^()]{2,80}\)")
_CREDIT_INLINE = _Lazy(
    r"\s*\((?:(?:photos?|foto|crédit photo|crédit|credit|bild)\s*:?\s*[^()]{0,60}|"
    rf"(?:[^()]{{0,40}}\s*/\s*)(?:{_PHOTO_AGENCIES}))\)",
    re.IGNORECASE,
)
_CREDIT_ONLY = _Lazy(
    rf"^[(\[—–-]*\s*(?:(?:avec|with|con|mit|com)\s+)?(?:(?:(?:Le|La|Les|The|El|Il|Die|O|A)\s+)?[{_UPPER}][\w'’.]*(?:\s+[{_UPPER}][\w'’.]*){{0,3}}\s+(?:avec|with|con|mit|com)\s+)?"
    rf"(?:{_PHOTO_AGENCIES}|agences|agencies|agencias|Agenturen|agenzie|agências)(?:\s*(?:et|and|y|und|e|,|/)\s*(?:{_AGENCIES}))*\s*[)\]]?\s*[.]?$",
    re.IGNORECASE,
)
# "... le 5 mars 2024. FRANCK FIFE / AFP": a caption that ends with its credit, no brackets
_NAMES = rf"[{_UPPER}][\w'’.-]*(?:\s+[{_UPPER}][\w'’.-]*){{0,3}}"
_CREDIT_TAIL = _Lazy(
    r"(?:^|[.!?»\"”]\s+|\s[-–—|]\s*)"
    r"(?i:(?:photos?|fotos?|bild|photograph|fotograf[íi]a|imagem|image|crédits?|credits?)\s*:\s*)?"
    rf"(?:{_NAMES}\s*/\s*(?:{_PHOTO_AGENCIES})(?:\s*/\s*\w+)?|(?:{_PHOTO_AGENCIES})\s*/\s*{_NAMES})\s*$"
)
# Agency editors' tags ("afp/bfi", "jmt/abc/ml") and wire credits ("(Reporting by ...; Editing by ...)")
# E-mail greetings and PDF page furniture: "Hola, buenos días:", "Page 2", "- 3 -", "Seite 4 von 9"
_GREETING = _Lazy(
    r"^(?:hola|bonjour|bonsoir|hello|hi|dear|guten (?:tag|morgen)|hallo|liebe|ciao|buongiorno|olá|bom dia|"
    r"buenos días|buenas|chers?|chères?)\b[^.!?]{0,40}[:,!]?$",
    re.IGNORECASE,
)
_PAGE_MARK = _Lazy(
    r"\b(?:page|seite|página|pagina|pág\.?|p\.)\s*\d+(?:\s*(?:/|of|sur|von|de|di)\s*\d+)?\s*$|^[-–—]?\s*\d{1,3}\s*[-–—]?$",
    re.IGNORECASE,
)
_SOURCE_LINE = _Lazy(r"^(?:Quelle|Quellen|Source|Sources|Fuente|Fuentes|Fonte|Fontes|Fonti)\s*:\s*\S", re.IGNORECASE)
_EDITOR_TAG = _Lazy(r"^[a-z]{2,6}(?:[/-][a-z0-9]{2,6}){1,5}$")
_REPORTING = _Lazy(r"^[(\[]?\s*(?:additional )?(?:reporting|writing|editing|compiled) by\b", re.IGNORECASE)
_WIRE_CREDIT = _Lazy(
    r"^[(\[]?\s*(?:(?:additional )?reporting|writing|editing|compiled|reportage|rédigé|édité|avec|with|"
    r"redacción|información|mit material|con informa[cç]i[oó]n)\b.{0,160}\b(?:by|par|de|von|por|di)\b.*[)\]]\s*$",
    re.IGNORECASE,
)
_CONTRIBUTED = _Lazy(
    r"contributed (?:to )?(?:this )?(?:report|story)|a contribué à cet article|ont contribué à cet article|"
    r"colaboró en (?:esta|este)|hat zu diesem (?:bericht|artikel) beigetragen|ha collaborato|colaborou (?:com|para)",
    re.IGNORECASE,
)
_CALL = _Lazy(
    r"^[\W_]{0,3}(?:sign up|subscribe|get (?:our|the) \w+ newsletter|inscrivez-vous|abonnez-vous|recevez|"
    r"jetzt abonnieren|abonnieren sie|melden sie sich|suscríbete|recibe|iscriviti|ricevi|assine|inscreva-se|receba)\b",
    re.IGNORECASE,
)
_COPYRIGHT = _Lazy(r"©|\(c\)\s|copyright", re.IGNORECASE)
_NEWSLETTER = _Lazy(
    r"\b(?:newsletter|lettre d'information|abonnez-vous|abonnez vous|inscrivez-vous|s'abonner|réservée? aux abonnés|"
    r"déjà abonné|il vous reste \d+|la suite est réservée|subscribe|subscription|sign up|subscriber|"
    r"jetzt abonnieren|abonnieren sie|abonnement|abo\b|suscríbete|suscribirse|suscriptor|iscriviti|abbonati|"
    r"abbonamento|assine|assinante|inscreva-se|cadastre-se|suscribirte|unsubscribe|se désabonner|désinscri\w*|"
    r"darte de baja|abmelden|disiscriviti|cancelar a subscrição|forwarded this|reenviado este|transféré ce)",
    re.IGNORECASE,
)
_NETWORKS = (
    r"twitter|x|facebook|instagram|tiktok|linkedin|whatsapp|telegram|youtube|threads|bluesky|snapchat|"
    r"e-?mail|messenger|pinterest|flipboard|reddit|copier le lien|copy link|imprimer|print|partager|share|"
    r"teilen|compartir|condividi|compartilhar|tweet|tweeter"
)
_SOCIAL_ONLY = _Lazy(rf"^(?:(?:{_NETWORKS})\b[\s,|/·•:-]*)+$", re.IGNORECASE)
_SOCIAL = _Lazy(
    r"(?:suivez|retrouvez|rejoignez)[- ](?:-?nous|nous|le|la|\w+)\s.*(?:twitter|facebook|instagram|tiktok|linkedin|"
    r"whatsapp|telegram|youtube|réseaux sociaux)|follow (?:us|me|\w+) on|folgen sie uns|síguenos|seguici|siga-nos|"
    r"pic\.twitter\.com|^\s*—\s*[^()]{1,60}\(@\w+\)|^@\w+$|partager (?:sur|cet article)|share (?:on|this)",
    re.IGNORECASE,
)
_SOCIAL_FOLLOW = _Lazy(
    r"\b(?:suivre|follow|seguir|folgen|seguire)\b.{0,80}\b(?:réseaux sociaux|social media|social networks|"
    r"redes sociales|redes sociais|sozialen (?:medien|netzwerken)|social)\b",
    re.IGNORECASE,
)
_BOILERPLATE = _Lazy(
    r"\b(?:tous droits réservés|all rights reserved|alle rechte vorbehalten|todos los derechos reservados|"
    r"riproduzione riservata|todos os direitos reservados|cookies?\b|temps de lecture|\d+ ?min(?:utes?)? de lecture|"
    r"lecture ?:? ?\d+ ?min|\d+[- ]min(?:ute)? read|lesezeit|tiempo de lectura|tempo di lettura|tempo de leitura|"
    r"écouter cet article|listen to (?:this|the) article|artikel anhören|escuchar (?:este )?artículo|"
    r"ascolta l'articolo|ouvir (?:este )?artigo|offrir cet article|ajouter à mes (?:articles|favoris)|"
    r"continuer (?:la|à) lire|continue reading|weiterlesen|sigue leyendo|continua a leggere|continue lendo|"
    r"ce contenu n'est pas disponible|this content is not available|activer (?:le )?javascript|enable javascript|"
    r"votre navigateur|your browser|signaler (?:un abus|ce commentaire)|réagir à cet article|\d+ commentaires?|"
    r"\d+ comments?|\d+ kommentare|\d+ comentarios|\d+ commenti|\d+ comentários|voir les commentaires|"
    r"mentions légales|terms of use|nutzungsbedingungen|política de privacidad|privacy policy|"
    r"our standards|trust principles|dieses thema im programm|sur un autre appareil|on another device|"
    r"auf einem anderen gerät|"
    r"explore more on these topics|more on this story|sur les mêmes sujets|mehr zu den themen|temas relacionados|"
    r"argomenti correlati|tópicos relacionados)",
    re.IGNORECASE,
)
# Words that are furniture only as a whole line: "Publicité", "SKIP ADVERTISEMENT", "Partager".
_BOILERPLATE_LINE = _Lazy(
    r"^\W*(?:skip )?(?:publicité|advertisement|advertising|anzeige|werbung|publicidad|pubblicità|publicidade|"
    r"sponsored|sponsorisé|partager|share|teilen|compartir|condividi|compartilhar|commenter|comment|comments|"
    r"commentaires|kommentare|comentar|comentarios|commenti|comentários|imprimer|print|drucken|imprimir|stampa|"
    r"sujets|topics|themen|temas|argomenti|tópicos|tags|mots-clés|schlagwörter|etiquetas|subscrever|suscribirse|"
    r"newsletter|suggerisci|invia|envoyer|send|email|e-mail|zur app|app|news|actualités|noticias|notizie|notícias|"
    r"nachrichten|copier le lien|copy link|link kopieren|copiar enlace|copia link|copiar link|partilhe|partilhar|"
    r"compartilhe|écouter|listen|anhören|escuchar|ascolta|ouvir|texto|texte|text|testo|textos|"
    r"zur startseite|back to top|retour en haut)\W*$",
    re.IGNORECASE,
)
_SCRIPT = _Lazy(
    r"function\s*\(|\bvar\s+\w+\s*=|\b(?:const|let)\s+\w+\s*=|window\.|document\.|googletag|dataLayer|"
    r"\{\s*['\"]?[\w-]+['\"]?\s*:|@media|</?[a-z][a-z0-9]*(?:\s[^<>]*)?/?>|&(?:nbsp|amp|quot|#\d+);|"
    r"javascript:|=>\s*\{|\bnew [A-Z]\w*\(|;\s*\}|\}\s*\)|[\w-]+\s*:\s*[\w#.%-]+\s*;\s*[\w-]+\s*:"
)
# AFP intertitles: "- Un titre -", alone or glued into a paragraph.
_INTERTITLE_LINE = _Lazy(r"^[-–—]\s+[^-–—\n]{1,90}?\s+[-–—]$")
_INTERTITLE_INLINE = _Lazy(r"(?<=[.!?…\"»”])\s*[-–]\s(?P<t>[^-–\n]{1,80}?)\s[-–](?=\s?[^\W\d_]|\s?[«\"“])")


def _squash(text: str) -> str:
    return _SPACE_RE.sub(" ", text).strip()


def _ends_sentence(text: str) -> bool:
    return bool(text) and text.rstrip()[-1] in _FINAL_OK


# --- hard wraps and hyphenation --------------------------------------------------


def _is_wrapped(lines: list[str]) -> tuple[bool, int]:
    """Whether line ends are a layout's, not the author's; and the wrap width.

    A text is wrapped when, among lines followed by another line, at least a
    third break a sentence: the line stops without final punctuation (or on a
    comma or a hyphen) and the next one goes on in lower case. An article set
    one paragraph a line almost never does that; a headline, a byline or a
    sub-heading is followed by a capital.
    """
    lengths = sorted(len(line) for line in lines if line.strip())
    if len(lengths) < 3:
        return False, 0
    followed = breaks = 0
    for a, b in itertools.pairwise(lines):
        a, b = a.strip(), b.strip()
        if not a or not b:
            continue
        followed += 1
        if len(a) >= 30 and (a[-1] not in _FINAL_OK or a[-1] in ",-") and b[0].islower():
            breaks += 1
    wrapped = breaks >= 2 and breaks >= followed / 3
    width = lengths[int(0.9 * (len(lengths) - 1))]
    return wrapped, width


_HYPHEN_END = _Lazy(r"([^\W\d_]+)-$")
_WORD_START = _Lazy(r"^([^\W\d_]+)")


def _rejoin_hyphen(left: str, right: str, language: str | None) -> str:
    """ "gouver-" + "nement" -> "gouvernement", but "peut-" + "être" and "Jean-" + "Pierre" keep the hyphen.

    Join when the joined word is more frequent than the rarer of its halves:
    a broken word's halves are rare or not words at all, a compound's halves
    are common words and the glued form is rare (wordfreq's lists).
    """
    if not language or right[:1].isupper():
        return f"{left}-{right}"
    from summarize.wordlists import zipf

    head = left.split("'")[-1].split("’")[-1]
    joined = zipf(head + right, language)
    if not joined:
        joined = zipf(head + right, language, large=True)
    halves = min(zipf(head, language, large=True), zipf(right, language, large=True))
    # a compound's halves are both common words; a broken word's are not ("abarata-miento")
    glue = joined >= 3.5 or joined > halves + 0.5 or (joined > 0 and halves < 3.0)
    return f"{left}{right}" if glue else f"{left}-{right}"


def _join_lines(lines: list[str], language: Callable[[], str | None]) -> str:
    out = lines[0].strip()
    for line in lines[1:]:
        line = line.strip()
        if not line:
            continue
        m_end = _HYPHEN_END.search(out)
        m_start = _WORD_START.match(line)
        if m_end and m_start and not out.endswith("--"):
            left_word, right_word = m_end.group(1), m_start.group(1)
            joined = _rejoin_hyphen(left_word, right_word, language())
            out = out[: m_end.start()] + joined + line[m_start.end() :]
        else:
            out = f"{out} {line}"
    return out


def _unwrap(text: str, language: Callable[[], str | None]) -> list[str]:
    """Paragraphs of the text: blank lines always separate; single line ends separate unless wrapped."""
    lines = text.split("\n")
    wrapped, width = _is_wrapped(lines)
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            paragraphs.append(_join_lines(current, language))
            current.clear()

    for i, line in enumerate(lines):
        line = line.strip()
        if not line:
            flush()
            continue
        current.append(line)
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if not nxt:
            continue
        continues = nxt[0].islower() and line[-1] not in _TERMINAL  # "... selon le\nministère"
        hyphen = bool(_HYPHEN_END.search(line)) and nxt[0].islower()
        if wrapped:
            long_line = len(line) >= 0.7 * width
            continues = continues or hyphen or line[-1] in ",;-" or (long_line and not _is_furniture_line(nxt))
        else:
            continues = continues or hyphen
        if not continues:
            flush()
    flush()
    return paragraphs


def _is_furniture_line(line: str) -> bool:
    """A line a wrapped paragraph never runs into: a byline, a caption, a related link, a timestamp."""
    return (
        bool(_BYLINE.match(line) or _CAPTION_START.match(line) or _RELATED.match(line) or _TIMESTAMP.match(line))
        and len(line) < 100
    )


# --- glued boundaries from scraped pages -----------------------------------------

# The cut is at the end of each match (a leading character is consumed: much faster than a look-behind).
_GLUE = _Lazy(
    rf"[{_LOWER}](?=[{_UPPER}](?:[{_LOWER}'’-]|\s))|[{_UPPER}]{{2}}(?=[{_UPPER}][{_LOWER}])|(?:1[89]|20)\d\d(?=[{_UPPER}][{_LOWER}])"
)
_TEASER = _Lazy(
    rf"(?P<par>par )(?P<src>(?:[\w'’&]+ ){{0,3}}?[\w'’&]*?(?:[{_LOWER}]|[{_UPPER}]{{2}}))(?=[{_UPPER}][{_LOWER}'’])"
)
_GLUED_ITEM = _Lazy(rf"- (?=[{_UPPER}])")  # 'secrétaires d'Etat :- Sophie Cluzel, ...- Jean'
_FIGURE = _Lazy(r"\.(?=\d)")  # a literal first: the regex engine scans for it fast
_URLISH = _Lazy(r"://|www\.|@|#|\.(?:com|fr|org|net|de|es|it|pt|co|io|gov|eu|info|be|ch)\b", re.IGNORECASE)
_ABBREVIATIONS = frozenset(
    [
        "art",
        "no",
        "nos",
        "nr",
        "fig",
        "figs",
        "vol",
        "chap",
        "pp",
        "tel",
        "tél",
        "ch",
        "sec",
        "ca",
        "env",
        "min",
        "max",
        "réf",
        "ref",
        "ed",
        "éd",
        "op",
        "p",
    ]
)
_SENTENCE_END = _Lazy(r"[.!?…]\s?[\"»”’)]*\s*")
# Script residue inside a scraped paragraph: "window.pvp_x = new Pvp(...{...});", "=11pt" (a lost style)
_INLINE_SCRIPT = _Lazy(r"(?:window\.|document\.|googletag\.|\bvar \w+ ?=)[^\n]*?(?:\}\s*\)\s*;|\)\s*;|$)")
_STYLE_RESIDUE = _Lazy(r"\s*=\d+(?:pt|px)\s*")


def _token_bounds(text: str, i: int) -> tuple[int, int]:
    s = i
    while s > 0 and (text[s - 1].isalpha() or text[s - 1] in "'’-"):
        s -= 1
    e = i
    while e < len(text) and (text[e].isalpha() or text[e] in "'’-"):
        e += 1
    return s, e


def _chunk(text: str, s: int, e: int) -> str:
    a = text.rfind(" ", 0, s) + 1
    b = text.find(" ", e)
    return text[a : b if b >= 0 else len(text)]


def _words_to_end(text: str, start: int) -> int:
    m = re.search(r"[.!?…]", text[start : start + 300])
    return len(text[start : start + (m.start() if m else 300)].split())


def _span_start(text: str, end: int) -> int:
    """Start of the run of text that ends at ``end``, after the last sentence end before it."""
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, end):
        start = m.end()
    return start


def _is_glued(text: str, i: int, lang: Callable[[], str | None]) -> bool:
    """Is the lower->Upper join at ``i`` two glued sentences ("hachoirPeu") rather than one word ("YouTube")?"""
    s, e = _token_bounds(text, i)
    left, right = text[s:i], text[i:e]
    if text[i - 1].isdigit():  # "dans les années 1980Mgr Cattenoz a précisé"
        return not _URLISH.search(_chunk(text, i - 4, e)) and _words_to_end(text, i) >= 3
    if _URLISH.search(_chunk(text, s, e)) or len(left) < 2:
        return False  # a URL, a handle; iPhone, eBay
    head = re.split(r"['’-]", right)[0]
    from summarize.wordlists import zipf

    language = lang() or "fr"
    if zipf((left + right).replace("’", "'"), language) or (language != "en" and zipf(left + right, "en")):
        return False  # a known word: YouTube, LinkedIn, McDonald's
    span = text[_span_start(text, s) : i]
    right_freq = zipf(head, language) if head != right or "'" not in right else 7.0
    if left[0].islower():  # a heading's last word, not "inOui" or "iPhone"
        return len(left) >= 3 and (right_freq >= 5.0 or _words_to_end(text, i) >= 2)
    if left.isupper():  # "UNE ATTAQUE AU HACHOIRPeu", "par BFMTVLes"
        return right_freq >= 3.0 or _words_to_end(text, i) >= 2
    if len(left) <= 3:
        return False  # McCann, DeGeneres, TikTok
    # "aux États-UnisCes" (a heading) or "AstraZeneca", "FireEye" (a name)
    return len(span.split()) >= 2 and ("," not in span or right_freq >= 6.0) and right_freq >= 3.6


def _unglue(paragraph: str, lang: Callable[[], str | None]) -> tuple[list[str], list[Furniture]]:
    """Put back the boundaries a scraper lost; returns the pieces and what was taken out."""
    removed: list[Furniture] = []
    text = paragraph
    if "=" in text and ("window." in text or "document." in text or "googletag" in text or "var " in text):
        for m in _INLINE_SCRIPT.finditer(text):
            removed.append(Furniture("script", m.group(0).strip()))
        text = _INLINE_SCRIPT.sub("\n", text)
    if "pt" in text and "=" in text:
        text = _STYLE_RESIDUE.sub("\n", text)

    if "par " in text:
        pieces = []
        last = 0
        for m in _TEASER.finditer(text):
            if not m.start() or text[m.start() - 1].isspace() or not _looks_glued_source(m.group("src")):
                continue  # "?par franceinfo": glued to what comes before
            end = m.start("par")
            start = _teaser_start(text[last:end], lang()) + last
            pieces.append(text[last:start])
            removed.append(Furniture("related", _squash(text[start:end] + " par " + m.group("src"))))
            last = m.end()
        if pieces:
            pieces.append(text[last:])
            text = "\n".join(p for p in pieces if p.strip())
    if "- " in text:
        text = _GLUED_ITEM.sub(lambda m: "\n- " if _glued_item(text, m.start()) else m.group(0), text)
    if "." in text:
        text = _FIGURE.sub(lambda m: ". " if _figure_boundary(text, m.start()) else ".", text)
    if _GLUE.search(text):
        cuts = [m.end() for m in _GLUE.finditer(text) if _is_glued(text, m.end(), lang)]
        if cuts:
            parts = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=False)]
            text = "\n".join(parts)
    out: list[str] = []
    for piece in text.split("\n"):
        piece = piece.strip()
        if not piece:
            continue
        if "\n" in text and piece is not text:
            head, heading = _trailing_heading(piece)
            if heading:
                removed.append(Furniture("subheading", heading))
                piece = head
        if piece:
            out.append(piece)
    return out, removed


def _looks_glued_source(src: str) -> bool:
    """'franceinfo', 'Non Stop People', 'BFMTV', "L'Obs": a few words, the first a name."""
    words = src.split()
    return 1 <= len(words) <= 4 and (
        words[0][0].isupper() or words[0][0].isdigit() or (words[0].islower() and len(words) == 1)
    )


def _teaser_start(before: str, language: str | None) -> int:
    """The video teaser's title is the last sentence before "par <source>"."""
    from summarize.segment import split_sentences

    if not before.strip():
        return 0
    last = split_sentences(before, language or "fr")
    if not last:
        return 0
    found = before.rfind(last[-1])
    return found if found >= 0 else 0


def _glued_item(text: str, dash: int) -> bool:
    """'secrétaires d'Etat :- Sophie Cluzel, ...- Jean-Baptiste': a list item glued to the text before it."""
    before = text[dash - 1 : dash]
    return bool(before) and (before.isalpha() or before in ")]:")


def _figure_boundary(text: str, dot: int) -> bool:
    """'sociaux.20% des' is two sentences; 'www.site20.fr', 'art.3', 'v1.2' are not."""
    if not text[max(0, dot - 2) : dot].isalpha() or dot < 2:
        return False
    s, _ = _token_bounds(text, dot)
    word = text[s:dot]
    chunk = _chunk(text, s, dot + 1)
    if _URLISH.search(chunk) or word.lower() in _ABBREVIATIONS or len(word) < 2:
        return False
    return not re.match(r"\d+\.[^\W\d_]", text[dot + 1 : dot + 12])  # '.3.fr'


def _trailing_heading(piece: str) -> tuple[str, str | None]:
    """A piece that ended where a lost sub-heading began: 'adjoint.Une attaque au hachoir' -> heading."""
    if piece[-1] in _FINAL_OK or piece[-1] in ",":
        return piece, None
    start = _span_start(piece, len(piece))
    heading = piece[start:].strip()
    heading = heading.lstrip("•►▶■▪ ")
    if (
        not heading
        or not (heading[0].isupper() or heading[0].isdigit() or heading[0] in "«\"“'")
        or len(heading.split()) > 20
        or ("," in heading and len(heading.split()) > 12)
    ):
        return piece, None
    if start == 0 and heading == piece.strip():
        return "", heading
    return piece[:start].strip(), heading


# --- line classes ----------------------------------------------------------------


def _byline(line: str) -> tuple[str, str | None] | None:
    """'Par Sophie Marchand, envoyée spéciale à Kiev' -> (byline, published or None)."""
    if len(line) > 160 or not _BYLINE.match(line) or _REPORTING.match(line):
        return None  # (a byline with a publication line after it still starts with its marker)
    published = None
    m_pub = re.search(
        r"\s*[-–—|,•]?\s*(?:Publiée?|Mise? à jour|Updated|Published|Posted|Aktualisiert|Veröffentlicht|Actualizad[oa]|"
        r"Publicad[oa]|Atualizad[oa]|Aggiornato|Pubblicato|le \d{1,2}(?:er)?[ /.](?:\d{1,2}|[a-zéû]+))\b.*$",
        line,
        re.IGNORECASE,
    )
    core = line
    if m_pub and m_pub.start() > 0:
        published = line[m_pub.start() :].strip(" -–—|,•")
        core = line[: m_pub.start()].strip()
    m = _BYLINE.match(core)
    if not m:
        return None
    who = _BYLINE_TAIL.sub("", m.group("who")).strip(" .,;")
    words = [w for w in re.split(r"[\s,]+", who) if any(ch.isalnum() for ch in w)]
    if not words or len(words) > 10 or core.rstrip()[-1] in "?!:;":
        return None
    names = [w for w in words if w.lower() not in _CONNECTORS]
    if not names or not any(ch.isupper() or ch.isdigit() for ch in names[0]):  # "Sophie", "g1", "eBay"
        lower_ok = who.lower().startswith(("la rédaction", "notre ", "our ", "la redacción", "la redazione"))
        if not lower_ok:
            return None
    capital = sum(1 for w in names if w[:1].isupper() or w[:1] == "@")
    if capital < max(1, 0.6 * len(names)):
        return None
    return core.strip(), published


def _date_only(line: str) -> bool:
    """'12 mars 2024 à 14h32', 'March 12, 2024 2:32 PM ET', 'Montag, 12.03.2024, 14:32 Uhr'."""
    if len(line) > 70 or sum(ch.isdigit() for ch in line) < 4:
        return False
    line = _PLACE_BEFORE_DATE.sub("", line)  # "Madrid - 18 abr 2024 - 05:30 CEST"
    return not _DATE_TOKEN.sub(" ", line).strip(" .,")


def _classify(line: str) -> str | None:
    """The furniture kind of a whole paragraph, or None for article text."""
    n_words = len(line.split()) if len(line) < 700 else 1000  # a long paragraph is text or script
    if _code_like(line) and _SCRIPT.search(line):
        return "script"
    if n_words > 60:
        return None
    if n_words <= 40 and _RELATED.match(line) and (_LABEL.match(line) is None or n_words <= 20):
        return "related"
    if n_words <= 10 and _DATELINE_ALONE.match(line):
        return "dateline"
    if _CAPTION_START.match(line) or (line[-1] in ")]" and _CREDIT_END.search(line[-120:])):
        return "caption"
    if n_words <= 12 and (_CREDIT_ONLY.match(line) or _EDITOR_TAG.match(line) or _SOURCE_LINE.match(line)):
        return "credit"
    if n_words <= 40 and ((line[0] in "([" and _WIRE_CREDIT.match(line)) or _REPORTING.match(line)):
        return "credit"
    if n_words <= 60 and "/" in line and _CREDIT_TAIL.search(line[-100:]):
        return "caption"
    if n_words <= 25 and _COPYRIGHT.search(line) and not _ends_sentence_plain(line):
        return "credit"
    if n_words <= 30 and _PUBLISHED.match(line):
        return "published"
    if _LABEL_ONLY.match(line) or (_TIMESTAMP.match(line) and _TIMESTAMP.sub("", line, count=1).strip() == ""):
        return "timestamp"
    if _date_only(line):
        return "published"
    if (
        n_words <= 40
        and _NEWSLETTER.search(line)
        and (_CALL.match(line) or not _long_prose(line) or len(_NEWSLETTER.findall(line)) >= 2)
    ):
        return "newsletter"
    if n_words <= 25 and _CONTRIBUTED.search(line):
        return "credit"
    if not any(ch.isalnum() for ch in line):
        return "boilerplate"
    if n_words <= 12 and _PAGE_MARK.search(line):
        return "page"
    if n_words <= 8 and _GREETING.match(line):
        return "boilerplate"
    if (n_words <= 15 and (_SOCIAL_ONLY.match(line) or _SOCIAL.search(line))) or (
        n_words <= 30 and _SOCIAL_FOLLOW.search(line)
    ):
        return "social"
    if n_words <= 20 and _BOILERPLATE.search(line) and not _long_prose(line):
        return "boilerplate"
    if n_words <= 3 and _BOILERPLATE_LINE.match(line):
        return "boilerplate"
    if _LABEL_ONLY.match(line) or (_TIMESTAMP.match(line) and _TIMESTAMP.sub("", line, count=1).strip() == ""):
        return "timestamp"
    if _INTERTITLE_LINE.match(line):
        return "subheading"
    return None


def _ends_sentence_plain(line: str) -> bool:
    return line.rstrip()[-1:] in ".!?…" and len(line.split()) > 12


def _long_prose(line: str) -> bool:
    """A sentence that mentions cookies or a newsletter is still news ("Le site a vendu 3 millions d'abonnements.")."""
    return len(line.split()) > 14 and line.rstrip()[-1:] in '.!?…»"' and "?" not in line[-3:]


def _code_like(line: str) -> bool:
    symbols = sum(line.count(c) for c in "{}();=<>[]")
    return symbols >= 4 and symbols >= 0.02 * len(line)


def _strip_prefixes(line: str) -> tuple[str, list[Furniture]]:
    """Live-blog timestamps and labels before the text: '14h32 - ', 'DIRECT. ', 'VIDÉO - '."""
    removed: list[Furniture] = []
    for _ in range(3):
        m = _TIMESTAMP.match(line)
        kind = "timestamp"
        if not m:
            m = _LABEL.match(line)
            kind = "label"
        if not m or m.end() >= len(line):
            break
        removed.append(Furniture(kind, line[: m.end()].strip(" -–—:|•.")))
        line = line[m.end() :].lstrip()
    return line, removed


def _dateline(line: str, first: bool) -> re.Match[str] | None:
    m = _DATELINE_AGENCY.match(line)
    if m:
        return m
    if first:
        m = _DATELINE_OTHER.match(line) or _DATELINE_CAPS.match(line)
        if m and sum(ch.isalpha() for ch in m.group(0)) >= 3:
            return m
    return None


def _strip_credit(line: str) -> tuple[str, list[Furniture]]:
    """Photo credits inside a paragraph: '... (Photo : X / AFP)'."""
    if "(" not in line:
        return line, []
    found = [m for m in _PARENS.finditer(line) if _CREDIT_INLINE.fullmatch(m.group(0))]
    for m in reversed(found):
        line = line[: m.start()] + line[m.end() :]
    return line.strip(), [Furniture("credit", m.group(0).strip()) for m in found]


def _looks_like_title(line: str) -> bool:
    """A headline: short, one or two sentences, no final full stop (», ", ?, ! or ) may end it)."""
    words = line.split()
    if not words or len(words) > 30 or len(line) > 220 or line[0] in "-–•*·▪►=":
        return False
    last = line.rstrip()[-1]
    if last in ".;,:" and not line.endswith("..."):
        return False
    return len(re.findall(r"[.!?…](?:\s|$)", line)) <= 2


def _is_subheading(line: str) -> bool:
    """Between paragraphs, a short line without final punctuation is a sub-heading; a list item is not."""
    words = line.split()
    if not words or len(words) > 14 or len(line) > 110:
        return False
    if line[0] in "-–•*·▪►" and not _INTERTITLE_LINE.match(line):
        return False
    if not (line[0].isupper() or line[0].isdigit() or line[0] in "«\"“'"):
        return False
    return line.rstrip()[-1] not in _FINAL_OK + ","


# --- the stage ---------------------------------------------------------------------


def structure(
    text: str,
    language: str | None = None,
    *,
    keep_furniture: bool = False,
    title: str | None = None,
    byline: str | None = None,
    published: str | None = None,
    standfirst: str | None = None,
) -> Copy:
    """Split raw copy into headline, standfirst, dateline, byline, publication line, furniture and body.

    ``language`` (ISO 639-1) decides hyphenation and glued words from word lists; without it,
    it is detected when needed. ``title``, ``byline``, ``published`` and ``standfirst`` come from
    an HTML page's metadata and win over what the text suggests. With ``keep_furniture`` only
    the headline is taken out (as before this stage existed): lines are still rejoined, nothing
    else is removed.
    """
    text = normalize(text)
    detected: list[str | None] = []

    def lang() -> str | None:
        if language:
            return language
        if not detected:
            detected.append(_guess_language(text))
        return detected[0]

    paragraphs = _unwrap(text, lang)
    removed: list[Furniture] = []
    parts: dict[str, str | None] = {
        "title": _squash(title) if title else None,
        "standfirst": _squash(standfirst) if standfirst else None,
        "byline": _squash(byline) if byline else None,
        "published": _squash(published) if published else None,
        "dateline": None,
    }

    # Each paragraph is body text or furniture; the title is the first paragraph that reads as one.
    items: list[tuple[str, str]] = []  # (kind, text); kind "body" for article text
    for paragraph in paragraphs:
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        if keep_furniture:
            items.append(("body", paragraph))
            continue
        if _INTERTITLE_LINE.match(paragraph):
            items.append(("subheading", paragraph.strip("-–— ")))
            continue
        by = _byline(paragraph)
        if by:
            items.append(("byline", by[0]))
            if by[1]:
                items.append(("published", by[1]))
            continue
        kind = _classify(paragraph)
        if kind:
            items.append((kind, paragraph))
            continue
        line, prefixes = _strip_prefixes(paragraph)
        items.extend((f.kind, f.text) for f in prefixes)
        line, credits = _strip_credit(line)
        items.extend((f.kind, f.text) for f in credits)
        if not line:
            continue
        # AFP intertitles glued into the text: 'annonce.- Appel au calme -Dès le décès'
        last = 0
        for m in _INTERTITLE_INLINE.finditer(line):
            title_text = m.group("t").strip()
            if line[m.start() - 1] in '"»”' and not title_text[0].isupper():
                continue  # '"Ciutadans" - le parti dont il ... - n'est': an aside between dashes
            items.extend(_unglue_items(line[last : m.start()].strip(), lang))
            items.append(("subheading", title_text))
            last = m.end()
        if last:
            items.extend(_unglue_items(line[last:].strip(), lang))
        else:
            items.extend(_unglue_items(line, lang))

    if keep_furniture:
        body_items = [(k if k != "piece" else "body", t) for k, t in items]
        if parts["title"] is None and len(body_items) > 1 and _looks_like_title(body_items[0][1]):
            parts["title"] = body_items[0][1]
            body_items = body_items[1:]
        return _copy("\n".join(t for _, t in body_items), parts, [])

    _find_title(items, parts)
    _find_header_byline(items, lang)
    _find_dateline(items, parts)
    _find_subheadings(items, lang, parts["title"] is not None)
    _find_standfirst(items, parts)
    for kind, piece in items:
        if kind in ("body", "piece", "title", "standfirst"):
            continue
        if kind in ("byline", "published", "dateline") and parts[kind] is None:
            parts[kind] = piece
        removed.append(Furniture(kind, piece))
    body = "\n".join(piece for kind, piece in items if kind in ("body", "piece"))
    if not body.strip():  # all of it looked like furniture: better the text than nothing
        return Copy(body="\n".join(paragraphs), title=parts["title"])
    return _copy(body, parts, removed)


def _copy(body: str, parts: dict[str, str | None], removed: list[Furniture]) -> Copy:
    return Copy(
        body=body,
        title=parts["title"],
        standfirst=parts["standfirst"],
        dateline=parts["dateline"],
        byline=parts["byline"],
        published=parts["published"],
        removed=removed,
    )


def _unglue_items(piece: str, lang: Callable[[], str | None]) -> list[tuple[str, str]]:
    if not piece:
        return []
    pieces, found = _unglue(piece, lang)
    out: list[tuple[str, str]] = [(f.kind, f.text) for f in found if f.kind != "subheading"]
    headings = [f.text for f in found if f.kind == "subheading"]
    # keep the order: a glued heading sits between the piece before and the piece after it
    whole = len(pieces) == 1 and not found
    for p in pieces:
        out.append(("body" if whole else "piece", p))
        if headings:
            out.append(("subheading", headings.pop(0)))
    out.extend(("subheading", h) for h in headings)
    return out


def _find_title(items: list[tuple[str, str]], parts: dict[str, str | None]) -> None:
    """The headline is the first body paragraph that reads as one, with a body after it."""
    given = parts["title"]
    if given:
        for k, (kind, text) in enumerate(items):
            if kind == "body":
                line = _squash(text)
                if line == given:
                    items[k] = ("title", text)
                elif _looks_like_title(line) and (given.lower() in line.lower() or line.lower() in given.lower()):
                    items[k] = ("headline", text)  # the copy's own headline, given in another form
                break
        return
    bodies = [k for k, (kind, _) in enumerate(items) if kind in ("body", "piece")]
    if len(bodies) < 2 or items[bodies[0]][0] != "body":
        return
    first = bodies[0]
    text = items[first][1]
    if _dateline(text, first=True) or not _looks_like_title(text):
        return
    second = bodies[1]
    # A kicker ("Politique", "EXCLUSIF") above the headline: two title-like lines, the first very short.
    if (
        len(text.split()) <= 3
        and text[-1] not in _FINAL_OK + "?!"
        and len(bodies) >= 3
        and _looks_like_title(items[second][1])
        and len(items[second][1].split()) > len(text.split())
    ):
        items[first] = ("kicker", text)
        first, text = second, items[second][1]
    parts["title"] = text
    items[first] = ("title", text)


def _find_dateline(items: list[tuple[str, str]], parts: dict[str, str | None]) -> None:
    seen_body = False
    for k, (kind, text) in enumerate(items):
        if kind not in ("body", "piece"):
            continue
        m = _dateline(text, first=not seen_body)
        seen_body = True
        if m:
            rest = text[m.end() :].strip()
            if not rest:
                continue
            found = m.group(0)
            more = _DATELINE_CAPS.match(rest)  # ANSA: "(ANSA) - ROMA, 15 OTT - Il governo"
            if more and m.re is not _DATELINE_CAPS.compiled and rest[more.end() :].strip():
                found, rest = f"{found.strip()} {more.group(0)}", rest[more.end() :].strip()
            if parts["dateline"] is None:
                parts["dateline"] = found.strip()
            items[k] = (kind, rest)
            items.insert(k, ("dateline", found.strip()))
            return


def _find_subheadings(items: list[tuple[str, str]], language: Callable[[], str | None], titled: bool) -> None:
    """Short unpunctuated lines between body paragraphs; a last one is a signature.

    Under a headline, such lines before the text begins are page furniture ("Radio France", "Madrid").
    """
    bodies = [k for k, (kind, _) in enumerate(items) if kind in ("body", "piece")]
    for n, k in enumerate(bodies):
        text = items[k][1]
        if items[k][0] != "body" or not _is_subheading(text):
            continue
        if n == 0:
            if titled and len(bodies) > 1 and len(text.split()) <= 4:
                items[k] = ("label", text)
            continue
        if n == len(bodies) - 1:
            names = text.split()
            has_byline = any(kind == "byline" for kind, _ in items)
            if 2 <= len(names) <= 5 and not has_byline and _name_like(text, language):
                items[k] = ("byline", text)
            elif len(names) <= 5:
                items[k] = ("boilerplate", text)
            continue
        items[k] = ("subheading", text)


def _name_like(line: str, language: Callable[[], str | None] | None = None) -> bool:
    """'Sam Jones in Barcelona', 'Anna Schmidt und Jan Weber': names, a connector, a place; no sentence.

    With a language, a capitalised function word ("Zur App", "Die Woche") is no name: names are
    rarer than Zipf 5.5 in wordfreq's lists.
    """
    if len(line) > 120:
        return False
    line = line.rstrip()
    if line.endswith(".") and not line.endswith(".."):
        line = line[:-1]  # "Ouest-France Marie Le Goff."
    words = [w for w in line.replace(",", " ").split() if any(ch.isalnum() for ch in w)]  # "Agencias | Madrid"
    if not 2 <= len(words) <= 8 or line[-1] in _FINAL_OK:
        return False
    capital = [w for w in words if w[:1].isupper()]
    if not (words[0][:1].isupper() and all(w[:1].isupper() or w.lower() in _CONNECTORS for w in words)):
        return False
    code = language() if language else None
    if code:
        from summarize.wordlists import zipf

        if zipf(words[0], code) >= 5.5:  # "Zur App", "Die Woche"; but "Marie Le Goff"
            return False
    return len(capital) >= 2


def _find_header_byline(items: list[tuple[str, str]], language: Callable[[], str | None]) -> None:
    """An author line without 'By' near the top, after the headline or the standfirst: 'Sam Jones in Barcelona'."""
    if any(kind == "byline" for kind, _ in items):
        return
    seen = 0
    for k, (kind, text) in enumerate(items):
        if kind == "piece" or seen >= 2:
            return
        titled = any(kind == "title" for kind, _ in items[:k])
        if kind == "credit" and titled and _CREDIT_ONLY.match(text) and not _COPYRIGHT.search(text):
            items[k] = ("byline", text)  # "Le Monde avec AFP", "Lusa" in the author's place
            return
        if kind != "body":
            continue
        if _name_like(text, language):
            items[k] = ("byline", text)
            return
        seen += 1


def _find_standfirst(items: list[tuple[str, str]], parts: dict[str, str | None]) -> None:
    """A first paragraph set apart: followed by the dateline, byline or a caption before the body starts."""
    bodies = [k for k, (kind, _) in enumerate(items) if kind == "body"]
    if parts["standfirst"]:
        if bodies and _squash(items[bodies[0]][1]) == parts["standfirst"]:
            items[bodies[0]] = ("standfirst", items[bodies[0]][1])
        return
    if len(bodies) < 2:
        return
    first, second = bodies[0], bodies[1]
    text = items[first][1]
    if len(text.split()) > 80 or not _ends_sentence(text):
        return
    between = {kind for kind, _ in items[first + 1 : second]}
    before = {kind for kind, _ in items[:first]}
    if "dateline" in before:
        return
    if between & {"dateline", "byline", "published", "caption", "credit"}:
        parts["standfirst"] = text
        items[first] = ("standfirst", text)


def _guess_language(text: str) -> str | None:
    """The language, for word lists only; None when it cannot be told (the rules then stay cautious)."""
    from summarize.detect import detect_language
    from summarize.errors import LanguageDetectionError

    try:
        return detect_language(text).language
    except LanguageDetectionError:
        return None
