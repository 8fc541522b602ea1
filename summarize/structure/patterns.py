"""The vocabulary of newsroom furniture (agencies, datelines, bylines, credits, calls), compiled on first use."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any


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

    def match(self, string: str, *span: int) -> re.Match[str] | None:
        return self.compiled.match(string, *span)

    def fullmatch(self, string: str, *span: int) -> re.Match[str] | None:
        return self.compiled.fullmatch(string, *span)

    def search(self, string: str, *span: int) -> re.Match[str] | None:
        return self.compiled.search(string, *span)

    def finditer(self, string: str, *span: int) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(string, *span)

    def findall(self, string: str, *span: int) -> list[Any]:
        return self.compiled.findall(string, *span)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        return self.compiled.sub(repl, string, count)


# --- vocabulary ------------------------------------------------------------------

_AGENCIES = (
    r"AFP|Agence France[- ]Presse|Reuters|REUTERS|AP|Associated Press|dpa|DPA|EFE|Efe|ANSA|Ansa|Lusa|LUSA|Belga|"
    r"ATS|Keystone-ATS|SDA|APA|AAP|Xinhua|Europa Press|Ag[eê]ncia Brasil|Bloomberg|UPI|PAP|TASS|Kyodo|Yonhap|"
    r"AGI|Adnkronos|KNA|epd|Anadolu|AA|ANP|NTB|TT|Notimex|T[eé]lam|IANS|PTI|CNA|Sputnik|RIA Novosti|"
    r"AFP/Reuters|Reuters/AFP|AFP/dpa|dpa/AFP|CNN|BBC|NBC|CBS|ABC|Sky News|EUROPA PRESS|DPA|ANSA|Notimex|"
    # Russian, Ukrainian and Arabic wires
    r"РИА Новости|ТАСС|Интерфакс|ПРАЙМ|БелТА|Укринформ|УНИАН|Укрінформ|Інтерфакс-Україна|"
    # more national agencies (Romania, Czechia, Hungary, Croatia, Slovenia, Bulgaria, Greece, Catalonia)
    r"Agerpres|AGERPRES|ČTK|MTI|HINA|STA|BTA|ANA-MPA|ACN|dpa-AFX|"
    r"رويترز|فرانس برس|أ ف ب|أ\.ف\.ب|د ب أ|الأناضول|واس|وام|قنا|كونا|سانا|بترا|شينخوا"
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
    r"dicembre|janeiro|fevereiro|fev|março|abril|maio|junho|julho|setembro|outubro|out|novembro|dezembro|"
    r"januari|februari|maart|mei|augustus|september|"  # Dutch; Russian, in the genitive of dates
    r"января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
)
_WEEKDAYS = (
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday|mon|tue|wed|thu|fri|sat|sun|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lunes|"
    r"martes|miércoles|jueves|viernes|sábado|domingo|lunedì|martedì|mercoledì|giovedì|venerdì|sabato|"
    r"segunda-feira|terça-feira|quarta-feira|quinta-feira|sexta-feira"
)
_TERMINAL = ".!?…。！？"  # with the full-width marks of Chinese and Japanese
_FINAL_OK = ".!?…:;»\"”“)]’‘'›‹。！？」』）"  # German closes with “ („...“)


def _letters(upper: bool) -> str:
    """The letters of one case in Latin Extended-A and -B, Greek and Cyrillic (Ş Ł Č İ Ї Ґ Ω), for classes."""
    found = (chr(c) for c in (*range(0x100, 0x250), *range(0x370, 0x530)))
    return "".join(ch for ch in found if ch.isalpha() and (ch.isupper() if upper else ch.islower()))


_UPPER = "A-ZÀ-ÖØ-Þ" + _letters(upper=True)  # Latin, Greek and Cyrillic capitals
_LOWER = "a-zß-öø-ÿ" + _letters(upper=False)

_SPACE_RE = _Lazy(r"\s+")

# A dateline: "PARIS (AFP) -", "BERLIN, 12. März (Reuters) -", "Madrid, 12 mar (EFE).-", "(ANSA) -",
# "București, 23 dec /Agerpres/ -".
_DATELINE_AGENCY = _Lazy(
    rf"^(?:[{_UPPER}\u0600-\u06ff][^()\n!?]{{0,60}}?\s*)?(?:\((?:{_AGENCIES})\)|/(?:{_AGENCIES})/)"
    r"\s*(?:\.?\s*[-–—]{1,2}|:|\.-)\s*(?=\S)"
)
# The same with an agency we do not know ("KYIV (Ukrinform) -"): the place in capitals, at the start
# of the story ("Marine Le Pen (RN) - ..." is no dateline).
_DATELINE_OTHER = _Lazy(
    rf"^[{_UPPER}]{{2}}[{_UPPER}'’. -]*(?:,\s*[^()\n]{{1,30}}?)?\s*\([{_UPPER}][\w.&-]{{1,12}}\)"
    r"\s*(?:\.?\s*[-–—]{1,2}|:|\.-)\s*(?=\S)"
)
# TASS and Ukrinform: the agency between slashes after the date, "МОСКВА, 5 ноября. /ТАСС/. Президент ..."
_DATELINE_SLASHED = _Lazy(
    rf"^[{_UPPER}]{{2}}[{_UPPER}'’. -]*,\s*[^/\n]{{1,30}}?\s*/(?:{_AGENCIES}|[{_UPPER}][\w.&-]{{1,20}})/\.?\s*(?=\S)"
)
# Chinese and Japanese wires: "新华社北京3月12日电", "【東京共同】" at the start of the story.
_DATELINE_CJK = _Lazy(
    r"^(?:【[^】\n]{1,20}】|[\u4e00-\u9fff]{2,6}社[\u4e00-\u9fff]{1,10}\d{1,2}月\d{1,2}日[电電讯訊]"
    r"(?:[（(]记者[^）)\n]{1,30}[）)])?)\s*(?=\S)"
)
# RIA Novosti and TASS name the agency after the place: "МОСКВА, 12 мар — РИА Новости. Госдума ..."
_AGENCY_AFTER = _Lazy(rf"^(?:{_AGENCIES})\.\s+(?=\S)")
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
    r"Gepubliceerd|Bijgewerkt|Laatst bijgewerkt|Опубликовано|Обновлено|"
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
# What makes a line of figures a date: a year, a day and month, a time, or a month or weekday name
# ("Code postal - 27040." is none).
_DATE_SHAPE = _Lazy(rf"\b(?:19|20)\d{{2}}\b|\b\d{{1,2}}[/.:h-]\d{{1,2}}\b|\b(?:{_MONTHS}|{_WEEKDAYS})\b", re.IGNORECASE)
_PLACE_BEFORE_DATE = _Lazy(rf"^[{_UPPER}][\w'’. -]{{1,25}}?\s*(?:[-–—,|]\s*)(?=\d|(?:{_WEEKDAYS})\b)", re.IGNORECASE)
_RELATED = _Lazy(
    r"^[\W_]{0,3}(?:(?:à|a) lire (?:aussi|également|ensuite)|lire (?:aussi|également|la suite)|"
    r"(?:à|a) voir (?:aussi|également)|"
    r"voir aussi|(?:à|a) découvrir|(?:à|a) (?:ré)?écouter|sur le même sujet|dans la même rubrique|read (?:more|also)|"
    r"also read|related(?: articles?| stories| content)?|see also|more on this story|more from|watch:|"
    r"lesen sie (?:auch|mehr)|mehr zum thema|auch interessant|das könnte sie auch interessieren|weitere artikel|"
    r"leer más|lee también|lea también|te puede interesar|más información|noticias relacionadas|leggi anche|"
    r"leggi pure|potrebbe interessarti|articoli correlati|leia (?:também|mais)|veja (?:também|mais)|saiba mais|"
    r"notícias relacionadas|vidéo|video|en vidéo|in video|podcast|lees (?:ook|meer)|bekijk ook|zie ook|"
    r"читайте (?:также|тоже|ещё|еще|також)|смотрите также|дивіться також|cite[șş]te [șş]i|citi[țţ]i [șş]i|"
    r"vezi [șş]i|czytaj (?:też|także|również|więcej)|zobacz (?:też|także|również)|llegiu també|llegeix també|"
    r"vegeu també|اقرأ (?:أيضا|أيضاً|المزيد)|"
    r"相关阅读|相关新闻|延伸阅读|関連記事|関連ニュース)\b",
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
    r"Bilder|Caption|Légende|Legenda|Didascalia|Pictured|Source image|Vignette|Beeld|Фото|Фотография)"
    r"\s*(?:[:/|©-]|\(|$)",
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
_CREDIT_NAMES = (  # a photographer's name, with its particles: "Robin van Lonkhuijsen"
    rf"[{_UPPER}][\w'’.-]*(?:\s+(?:(?:van|von|de|da|di|der|den|del|do|dos|du|la|le|ter|ten)\s+)*"
    rf"[{_UPPER}][\w'’.-]*){{0,3}}"
)
# "... in Zürich. Bild: Keystone", "... in Sejmie. Fot. PAP", "... Набиуллина. Фото: ТАСС": a caption whose
# credit is labelled, without a slash
_CREDIT_LABEL_TAIL = _Lazy(
    r"(?:[.!?»\"”]\s+|\s[-–—|]\s*)"
    r"(?i:(?:photos?|fotos?|bild|bilder|photograph|fotograf[íi]a|imagem|image|crédits?|credits?|beeld|фото)\s*:|fot\.)"
    rf"\s*(?:{_PHOTO_AGENCIES}|{_CREDIT_NAMES})(?:\s*[/,]\s*{_CREDIT_NAMES})?\s*$"
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
_SOURCE_LINE = _Lazy(
    r"^(?:Quelle|Quellen|Source|Sources|Fuente|Fuentes|Fonte|Fontes|Fonti|Źródło|Źródła|Sursa|Sursă|Bron|Bronnen|"
    r"Источник|Источники)\s*:\s*\S",
    re.IGNORECASE,
)
# Chinese reporter and editor credits: "（记者 张华）", "责任编辑：李丽"
_CJK_CREDIT = _Lazy(
    r"^[（(]?\s*(?:记者|通讯员|编辑|责任编辑|责编|来源|原标题|撰稿|摄影|校对)\s*[：:| ]?\s*[^。！？\n]{1,30}?[）)]?$"
)
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
    r"jetzt abonnieren|abonnieren sie|melden sie sich|suscríbete|recibe|iscriviti|ricevi|assine|inscreva-se|receba|"
    r"subscreva|meld je aan|schrijf je in|abonneer|zapisz się|subskrybuj|abonează-te|abonati-va|abonează|"
    r"(?:подпишитесь|подписывайтесь) на (?:наш|нас))\b",
    re.IGNORECASE,
)
# Corrections notes and "more coverage at <URL>" lines: editors' notes, never news.
_CORRECTION = _Lazy(
    r"^[\W_]{0,3}(?:corrections?\s*:|rectificatif\s*:|korrektur\s*:|fe de (?:errores|erratas)\s*:|"
    # editors' notes and corrections in more languages: "Editor's note:", "Nota da redação:", "Поправка:"
    r"(?:editor[’']?s[’']? note|note de la rédaction|note de l[’']éditeur|anmerkung der redaktion|"
    r"nota del editor|nota de la redacción|nota della redazione|n\.d\.r\.|nota da reda[cç][aã]o|nota do editor|"
    r"noot van de redactie|nota redakcji|nota redac[țţ]iei|примечание редакции|от редакции|correcci[oó]n|"
    r"correzione|rettifica|corre[cç][aã]o|correctie|rectificatie|sprostowanie|erratum|errata|поправка)\s*:|"
    r"(?:this (?:story|article|report)|the (?:story|article|headline)) (?:has been|was) "
    r"(?:corrected|updated|amended|changed)|"
    r"an earlier version of this (?:story|article|report)|"
    r"cet article a été (?:modifié|corrigé|mis à jour|actualisé)|"
    r"dieser (?:artikel|beitrag|text|bericht) wurde (?:aktualisiert|korrigiert|geändert|ergänzt)|"
    r"este (?:artículo|texto) (?:ha sido|fue) (?:actualizado|corregido|modificado)|"
    r"questo articolo è stato (?:aggiornato|corretto|modificato)|"
    r"este (?:artigo|texto) foi (?:atualizado|corrigido|modificado))",
    re.IGNORECASE,
)
_MORE_AT = _Lazy(
    r"^(?:follow|find|get|see|read|watch|more|suivez|retrouvez|lisez|folgen sie|lesen sie|mehr|sigue|siga|lea|"
    r"segui|leggi|leia|veja)\b.{0,160}(?:https?://|www\.)\S+\s*[.!]?$",
    re.IGNORECASE,
)
_COPYRIGHT = _Lazy(r"©|\(c\)\s|copyright", re.IGNORECASE)
_NEWSLETTER = _Lazy(
    r"\b(?:newsletter|lettre d'information|abonnez-vous|abonnez vous|inscrivez-vous|s'abonner|réservée? aux abonnés|"
    r"déjà abonné|il vous reste \d+|la suite est réservée|subscribe|subscription|sign up|subscriber|"
    r"jetzt abonnieren|abonnieren sie|abonnement|abo\b|suscríbete|suscribirse|suscriptor|iscriviti|abbonati|"
    r"abbonamento|assine|assinante|inscreva-se|cadastre-se|suscribirte|unsubscribe|se désabonner|désinscri\w*|"
    r"darte de baja|abmelden|disiscriviti|cancelar a subscrição|forwarded this|reenviado este|transféré ce|"
    r"nieuwsbrief|abonneer|zapisz się|subskrybuj|abonează-te|(?:подпишитесь|подписывайтесь) на (?:нашу )?рассылку)",
    re.IGNORECASE,
)
_NETWORKS = (
    r"twitter|x|facebook|instagram|tiktok|linkedin|whatsapp|telegram|youtube|threads|bluesky|snapchat|"
    r"e-?mail|messenger|pinterest|flipboard|reddit|copier le lien|copy link|imprimer|print|partager|share|"
    r"teilen|compartir|condividi|compartilhar|tweet|tweeter|delen|deel|udostępnij|distribuie|partajează|поделиться"
)
_SOCIAL_ONLY = _Lazy(rf"^(?:(?:{_NETWORKS})\b[\s,|/·•:-]*)+$", re.IGNORECASE)
_SOCIAL = _Lazy(
    r"(?:suivez|retrouvez|rejoignez)[- ](?:-?nous|nous|le|la|\w+)\s.*(?:twitter|facebook|instagram|tiktok|linkedin|"
    r"whatsapp|telegram|youtube|réseaux sociaux)|follow (?:us|me|\w+) on|folgen sie uns|síguenos|seguici|siga-nos|"
    r"pic\.twitter\.com|^\s*—\s*[^()]{1,60}\(@\w+\)|^@\w+$|partager (?:sur|cet article)|share (?:on|this)|"
    r"(?:urmăre[șş]te-ne|urmări[țţ]i-ne) pe\b|volg ons (?:op|via)\b|(?:obserwuj|śledź) nas (?:na|w)\b|"
    r"(?:подписывайтесь|подпишитесь) на (?:наш|нас)|читайте нас в|следите за нами|"
    r"^(?:partilhe|compartilhe|comparte|condividi|teilen sie|deel|udostępnij|distribuie|поделитесь)\b.{0,60}"
    r"\b(?:facebook|twitter|x|whatsapp|telegram|linkedin|e-?mail|вконтакте|vk)\W*$",
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
    r"delen|udostępnij|distribuie|partajează|поделиться|reclame|reklama|publicitate|реклама|"
    r"zur startseite|back to top|retour en haut)\W*$",
    re.IGNORECASE,
)
_SCRIPT = _Lazy(
    r"function\s*\(|\bvar\s+\w+\s*=|\b(?:const|let)\s+\w+\s*=|window\.|document\.|googletag|dataLayer|"
    r"\{\s*['\"]?[\w-]+['\"]?\s*:|@media|</?[a-z][a-z0-9]*(?:\s[^<>]*)?/?>|&(?:nbsp|amp|quot|#\d+);|"
    r"javascript:|=>\s*\{|\bnew [A-Z]\w*\(|;\s*\}|\}\s*\)|[\w-]+\s*:\s*[\w#.%-]+\s*;\s*[\w-]+\s*:"
)
# Inline formatting that feeds and CMS exports leave in plain copy ("du <i>Monde</i>", "<a href=...>lien</a>"),
# and character references ("AT&amp;T"): text, once the tags are gone and the references read.
_INLINE_TAG = _Lazy(
    r"</?(?:a|b|i|u|s|em|strong|span|small|big|sup|sub|mark|q|cite|abbr|font|ins|del|br|wbr)\b[^<>]{0,500}?/?>",
    re.IGNORECASE,
)
# Block tags in plain copy ("<p>Le gouvernement ...</p>", "<h1>", "<li>", "<br>"): layout, so paragraph and
# line breaks once the tags are gone.
_BLOCK_TAG = _Lazy(
    r"</?(?:p|div|h[1-6]|li|ul|ol|dl|dt|dd|blockquote|section|article|header|footer|main|aside|figure|figcaption|"
    r"table|thead|tbody|tfoot|tr|td|th|caption|pre|hr|center|address|body|html)\b[^<>]{0,500}?/?>",
    re.IGNORECASE,
)
_LINE_BREAK_TAG = _Lazy(r"<br\s*/?>", re.IGNORECASE)
# What shows the tags are markup, not words ("La balise <p> est citée"): a closing block tag, or a line
# that starts with a block tag or ends with one or with "<br>".
_MARKUP_SIGN = _Lazy(
    r"</(?:p|div|h[1-6]|li|ul|ol|blockquote|section|article|figure|figcaption|table|tr|td|th)\s*>|"
    r"^\s*<(?:p|div|h[1-6]|li|ul|ol|blockquote|section|article|figure|table|tr|td|br)\b|"
    r"<(?:br|/?p|/?div)\b[^<>]{0,500}?/?>\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_CODE = _Lazy(
    r"function\s*\(|\b(?:var|const|let)\s+\w+\s*=|window\.|document\.|googletag|dataLayer|@media|=>\s*\{|;\s*\}"
)
_CHAR_REF = _Lazy(r"&(?:[a-zA-Z][a-zA-Z0-9]{1,30}|#\d{1,7}|#[xX][0-9a-fA-F]{1,6});")
# A list item's bullet, at the start of each of its lines.
_LIST_MARK = _Lazy(r"^[-•*·▪►‣◦●■]\s+(?=\S)", re.MULTILINE)
# AFP intertitles: "- Un titre -", alone or glued into a paragraph.
_INTERTITLE_LINE = _Lazy(r"^[-–—]\s+[^-–—\n]{1,90}?\s+[-–—]$")
_INTERTITLE_INLINE = _Lazy(r"(?<=[.!?…\"»”])\s*[-–]\s(?P<t>[^-–\n]{1,80}?)\s[-–](?=\s?[^\W\d_]|\s?[«\"“])")


def _squash(text: str) -> str:
    return _SPACE_RE.sub(" ", text).strip()


def _ends_sentence(text: str) -> bool:
    return bool(text) and text.rstrip()[-1] in _FINAL_OK
