"""Kazakh lemmas and morphology from Apertium's analyser, run as a separate program.

The analyser (models/apertium-kaz/, GPL-3.0, built by `make apertium-kaz`) runs in its own
processes, hfst-proc (lexicon + two-level rules) piped into cg-proc (apertium-kaz's constraint
grammar, which removes readings by context; of those left, `simplest` decides). sanaq only
talks to them over pipes, one pair per Python process, started on first use and kept alive; each
call sends its tokens followed by a NUL and reads up to the NUL that comes back (null-flush mode).

    from pipeline.kk_apertium import analyse
    analyse(["Тоқаев", "тұрғындарының", "бағасы", "туралы", "деді", "."])
    # [Analysis(surface='Тоқаев', lemma='Тоқаев', pos='np', tags=('np', 'cog', 'm', 'nom'), ...),
    #  Analysis(surface='тұрғындарының', lemma='тұрғын', pos='n',
    #           tags=('n', 'pl', 'px3sp', 'gen'), known=True), ...]

The tokens of one call are read as running text in that order: the grammar looks at neighbouring
words within a sentence (its windows end at . ! ? ...), so pass whole sentences (or a document).
A call's result depends only on its own tokens: each call ends with a sentence delimiter, so no
window spans two calls, and of the readings the grammar leaves, `simplest` picks by content, not by
cg-proc's order (which depends on what it read before). Checked: the gold corpus analysed sentence
by sentence in two orders and in fresh processes gives the same analyses.

Tags are Apertium's: POS n (noun), np (proper noun; then top/ant/cog/org/al), v, vaux, adj, adv,
num, prn, det, post, cnjcoo, cnjsub, ij, abbr, and punctuation (sent, cm, guio, lquot, ...); case
nom gen dat acc loc abl ins; possessive px1sg px2sg px1pl px2pl px3sp (3rd person) ...; plural
pl; <subst> marks an adjective used as a noun, <attr> a bare noun before another; err_orth marks
a form the normative orthography does not allow.

A token hfst-proc splits into several words (most hyphenated words: "іс-шарасына" -> іс, -,
шарасына) gets the analysis of its last word that is not punctuation, and its lemma keeps the text
around that word: "іс-шара", tags ('n', 'px3sp', 'dat'); it is known only if every word is.
"""
from __future__ import annotations

import atexit
import os
import re
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import ModelError

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "apertium-kaz"
ANALYSER = "kaz.automorf.hfst"
GRAMMAR = "kaz.rlx.bin"
SPECIAL = set("\\^$/<>[]{}@*#+")       # reserved in Apertium's stream format: escaped on the way in
# The grammar's window delimiter: sent after every call so that no window spans two calls.
FENCE = "\n.\n"
# Restart the processes after this many calls, to bound any memory growth (about 30 ms).
CALLS_PER_PROCESS = 100_000
PIPE_SAFE = 16_384     # bytes a pipe takes without a reader (Linux: 65,536); larger: a thread


class ApertiumMissing(ModelError):
    """The Apertium programs or the compiled analyser are not there."""


@dataclass(frozen=True)
class Analysis:
    surface: str                 # the token as given
    lemma: str                   # dictionary form (dictionary case: "Президенті" -> "президент")
    pos: str                     # first tag: n, np, v, adj, num, prn, ... ("" if unknown)
    tags: tuple[str, ...]        # the chosen reading's tags, e.g. ('n', 'pl', 'px3sp', 'gen')
    known: bool                  # False: not in the lexicon (lemma = surface, no tags)


def check(model_dir: Path = MODEL_DIR) -> tuple[list[str], list[Path]]:
    """The programs and files needed; raises ApertiumMissing naming those that are missing."""
    programs = [shutil.which("hfst-proc"), shutil.which("cg-proc")]
    missing = [name for name, path in zip(("hfst-proc", "cg-proc"), programs) if path is None]
    files = [Path(model_dir) / ANALYSER, Path(model_dir) / GRAMMAR]
    missing += [str(path) for path in files if not path.is_file()]
    if missing:
        raise ApertiumMissing(
            f"Kazakh analyser unavailable: missing {', '.join(missing)}; run `make apertium-kaz` "
            "(it installs the Debian packages hfst and cg3 and compiles models/apertium-kaz/)")
    return programs, files


def _escape(token: str) -> str:
    token = token.replace("\0", "").replace("\r", " ").replace("\n", " ")
    return "".join("\\" + ch if ch in SPECIAL else ch for ch in token)


def _parse_line(line: str) -> list[tuple[str, list[str]] | str]:
    """A line of hfst-proc / cg-proc output: blanks as str, lexical units as (surface, readings);
    escapes are removed from blanks and surfaces, kept in readings. An unknown word has the one
    reading "*surface"."""
    if "\\" not in line:                                  # the common case, by regex
        out = []
        for blank, unit in _UNIT.findall(line):
            if blank:
                out.append(blank)
            if unit:
                fields = unit[1:-1].split("/")
                out.append((fields[0], fields[1:] or ["*" + fields[0]]))
        return out
    out: list[tuple[str, list[str]] | str] = []
    blank: list[str] = []
    i, n = 0, len(line)
    while i < n:
        ch = line[i]
        if ch == "\\" and i + 1 < n:
            blank.append(line[i + 1])
            i += 2
        elif ch == "^":
            if blank:
                out.append("".join(blank))
                blank = []
            fields, cur, i = [], [], i + 1
            while i < n and line[i] != "$":
                if line[i] == "\\" and i + 1 < n:
                    cur.append(line[i:i + 2])
                    i += 2
                    continue
                if line[i] == "/":
                    fields.append("".join(cur))
                    cur = []
                else:
                    cur.append(line[i])
                i += 1
            fields.append("".join(cur))
            i += 1                                   # the "$"
            out.append((_unescape(fields[0]), fields[1:] or ["*" + fields[0]]))
        else:
            blank.append(ch)
            i += 1
    if blank:
        out.append("".join(blank))
    return out


_UNIT = re.compile(r"([^^]*)(\^[^$]*\$)?")


def simplest(reading: str) -> tuple:
    """The default preference among the readings the grammar leaves: fewest clitic sub-readings,
    then fewest tags (the least derived analysis: "жылы" жыл<n><px3sp><nom> over a verb form),
    then code-point order. cg-proc's own -1 keeps the first in an order that depends on what it
    has read before, so it is not used."""
    return (_count_unescaped(reading, "+"), reading.count("<"), reading)


def shortest_lemma(reading: str) -> tuple:
    """An alternative preference: fewest clitics, then code-point order, which puts the shorter
    of two lemmas where one begins the other first ("етті": ет<v>... before етті<adj>)."""
    return (_count_unescaped(reading, "+"), reading)


def _count_unescaped(text: str, char: str) -> int:
    return text.replace("\\\\", "").replace("\\" + char, "").count(char)


def _unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _split_reading(reading: str) -> tuple[str, tuple[str, ...]]:
    """"баға<n><px3sp><nom>+е<cop><aor><p3><sg>" -> ("баға", ("n", "px3sp", "nom")): the first
    sub-reading. The clitics after "+" are left out: which of two equal copula readings
    (+е<cop><aor><p3><sg> or <pl>) the grammar keeps depends on what cg-proc read before, and an
    Analysis must not."""
    if "\\" not in reading:
        lemma, _, rest = reading.split("+", 1)[0].partition("<")
        return lemma, tuple(rest[:-1].split("><")) if rest.endswith(">") else ()
    i, lemma = 0, []
    while i < len(reading) and reading[i] != "<":
        if reading[i] == "\\" and i + 1 < len(reading):
            lemma.append(reading[i + 1])
            i += 2
            continue
        lemma.append(reading[i])
        i += 1
    tags, rest = [], reading[i:]
    while rest.startswith("<"):
        end = rest.find(">")
        if end < 0:
            break
        tags.append(rest[1:end])
        rest = rest[end + 1:]
    return "".join(lemma), tuple(tags)


PUNCTUATION = {"sent", "cm", "guio", "lquot", "rquot", "lpar", "rpar", "apos", '"', "sym"}


def _is_punctuation(reading: str) -> bool:
    tag = reading[reading.find("<") + 1:reading.find(">")] if "<" in reading else ""
    return tag in PUNCTUATION


def _analyses(token: str, line: str, key=simplest) -> list[Analysis]:
    """Every reading left for the token's last word, preferred first (duplicates dropped)."""
    parts = _parse_line(line)
    units = [k for k, part in enumerate(parts) if isinstance(part, tuple)]
    words = [k for k in units if not _is_punctuation(parts[k][1][0])]
    last = (words or units or [None])[-1]            # the head: the last word not punctuation
    if last is None or parts[last][1][0].startswith("*"):
        return [Analysis(token, token, "", (), False)]
    # known: every word is in the lexicon, and nothing but spaces was left unanalysed ("<x>")
    known = all(not parts[k][1][0].startswith("*") for k in units) and \
        all(p.isspace() for p in parts if isinstance(p, str))
    before = "".join(p if isinstance(p, str) else p[0] for p in parts[:last])
    after = "".join(p if isinstance(p, str) else p[0] for p in parts[last + 1:])
    out: dict[tuple, Analysis] = {}
    for reading in sorted(parts[last][1], key=key):
        head_lemma, tags = _split_reading(reading)
        # dictionary case: "Іс-шарасына" -> "іс-шара"
        lemma = ((before.lower() if head_lemma.islower() else before) + head_lemma + after).strip()
        out.setdefault((lemma, tags), Analysis(token, lemma or token, tags[0] if tags else "",
                                               tags, known))
    return list(out.values())


class Analyser:
    """hfst-proc | cg-proc, kept alive between calls; thread-safe, one per process."""

    def __init__(self, model_dir: Path = MODEL_DIR, disambiguate: bool = True, key=simplest):
        """disambiguate=False leaves out the grammar (every reading of the lexicon stays);
        key orders the readings left (`simplest`, `shortest_lemma`)."""
        (self._hfst_bin, self._cg_bin), (self._fst, self._rlx) = check(model_dir)
        self.disambiguate = disambiguate
        self.key = key
        self._lock = threading.Lock()
        self._procs: list[subprocess.Popen] = []
        self._calls = 0
        self._pid = None

    def _ensure(self) -> None:
        if self._procs and self._pid == os.getpid() and self._calls < CALLS_PER_PROCESS and \
                all(p.poll() is None for p in self._procs):
            return
        self._stop()
        self._errors = tempfile.TemporaryFile()
        hfst = subprocess.Popen([self._hfst_bin, "-z", "-w", str(self._fst)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=self._errors, bufsize=0)
        if self.disambiguate:
            cg = subprocess.Popen([self._cg_bin, "-z", str(self._rlx)], stdin=hfst.stdout,
                                  stdout=subprocess.PIPE, stderr=self._errors, bufsize=0)
            hfst.stdout.close()
            self._procs = [hfst, cg]
        else:
            self._procs = [hfst]
        self._pid, self._calls = os.getpid(), 0

    def _stop(self) -> None:
        if self._procs and self._pid == os.getpid():
            try:
                self._procs[0].stdin.close()
            except OSError:
                pass
            for proc in self._procs:
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
            if self._procs[-1].stdout:
                self._procs[-1].stdout.close()
        self._procs = []

    def close(self) -> None:
        with self._lock:
            self._stop()

    def __enter__(self) -> "Analyser":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def analyse(self, tokens: list[str]) -> list[Analysis]:
        """One Analysis per token, in order."""
        return [alternatives[0] for alternatives in self.readings(tokens)]

    def readings(self, tokens: list[str]) -> list[list[Analysis]]:
        """Per token, every reading the grammar leaves (distinct lemma and tags), preferred first."""
        tokens = list(tokens)
        if not tokens:
            return []
        payload = ("\n".join(_escape(t) for t in tokens) + FENCE + "\0").encode("utf-8")
        with self._lock:
            self._ensure()
            self._calls += 1
            raw = self._exchange(payload)
        lines = raw.decode("utf-8").split("\n")
        if len(lines) < len(tokens):
            raise RuntimeError(f"Apertium returned {len(lines)} lines for {len(tokens)} tokens")
        return [_analyses(tok, line, self.key) for tok, line in zip(tokens, lines)]

    def _exchange(self, payload: bytes) -> bytes:
        stdin, stdout = self._procs[0].stdin, self._procs[-1].stdout
        failure: list[BaseException] = []

        def write() -> None:                # a thread, so a large batch cannot deadlock the pipes
            try:
                stdin.write(payload)
                stdin.flush()
            except BaseException as exc:    # noqa: BLE001 - reported below
                failure.append(exc)

        if len(payload) <= PIPE_SAFE:       # fits in the empty pipe: the write cannot block
            write()
            writer = None
        else:
            writer = threading.Thread(target=write, daemon=True)
            writer.start()
        chunks = []
        while True:
            chunk = os.read(stdout.fileno(), 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
            if b"\0" in chunk:
                break
        if writer is not None:
            writer.join()
        data = b"".join(chunks)
        if b"\0" not in data or failure:
            self._errors.seek(0)
            message = self._errors.read().decode("utf-8", "replace").strip()[-500:]
            self._stop()
            raise RuntimeError(f"Apertium analyser stopped: {message or failure or 'no output'}")
        return data[:data.index(b"\0")]


_shared: Analyser | None = None
_shared_lock = threading.Lock()


def analyser() -> Analyser:
    """This process's analyser (a forked child starts its own programs on first use)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Analyser()
            atexit.register(_shared.close)
        return _shared


def analyse(tokens: list[str]) -> list[Analysis]:
    """Analyse the tokens of running text (best: whole sentences), one Analysis per token."""
    return analyser().analyse(tokens)


def lemma(word: str) -> str:
    """One word's lemma, without context (the grammar then has little to go on)."""
    return analyse([word])[0].lemma
