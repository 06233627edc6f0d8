"""The learned model: what `kg train` writes and `kg build --model` reads.

One zip file holding three models and a note:

- `tagger.crfsuite`: the character tagger (crfsuite's own binary format);
- `names.txt`: the decision on each candidate name (LightGBM's text format): which type, or none;
- `relations.txt`: the decision on each candidate pair of entities (LightGBM's text format);
- `meta.json`: the feature names each decision expects, its threshold, and what the model was trained
  on, with which command.

Nothing in it is executable (no pickle), so a model file from elsewhere can be loaded safely. The
shipped model (`loaders/models/default.kgm`, its note in `loaders/models/MODEL.md`) is used when no
other is given.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

from kgerrors import InputError

FORMAT = "devreport-kg-model/1"
DEFAULT_MODEL = Path(__file__).with_name("models") / "default.kgm"
_MEMBERS = ("meta.json", "tagger.crfsuite", "names.txt", "relations.txt")


@dataclass(frozen=True)
class Decision:
    """A gradient-boosted classifier over named features."""

    booster: str  # LightGBM model text
    features: tuple[str, ...]
    threshold: float

    @cached_property
    def _booster(self):
        import lightgbm

        return lightgbm.Booster(model_str=self.booster)

    def matrix(self, rows: list[dict[str, float]]) -> np.ndarray:
        return np.array([[r.get(f, 0.0) for f in self.features] for r in rows], dtype=float).reshape(
            len(rows), len(self.features)
        )

    def predict(self, rows: list[dict[str, float]]) -> np.ndarray:
        """One probability (binary) or one row of class probabilities (multiclass) per row."""
        if not rows:
            return np.zeros((0,))
        return self._booster.predict(self.matrix(rows), num_threads=1)


@dataclass(frozen=True)
class Model:
    tagger: bytes  # crfsuite model
    names: Decision
    relations: Decision
    meta: dict = field(default_factory=dict)

    @cached_property
    def crf(self):
        from loaders.tagger import Crf

        return Crf(self.tagger)

    def to_bytes(self) -> bytes:
        """The model file; the same model always gives the same bytes."""
        meta = dict(self.meta)
        meta.update(
            format=FORMAT,
            names={"features": list(self.names.features), "threshold": self.names.threshold},
            relations={"features": list(self.relations.features), "threshold": self.relations.threshold},
        )
        contents = {
            "meta.json": json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"),
            "tagger.crfsuite": self.tagger,
            "names.txt": self.names.booster.encode("utf-8"),
            "relations.txt": self.relations.booster.encode("utf-8"),
        }
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            for name in _MEMBERS:
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                z.writestr(info, contents[name])
        return buf.getvalue()

    def save(self, path: str | Path) -> None:
        p = Path(path)
        tmp = p.with_name(p.name + ".tmp")
        tmp.write_bytes(self.to_bytes())
        tmp.replace(p)


def read_model(path: str | Path) -> Model:
    """Read a model file; anything else is refused with one line saying why."""
    p = Path(path)
    try:
        with zipfile.ZipFile(p) as z:
            missing = [m for m in _MEMBERS if m not in z.namelist()]
            if missing:
                raise InputError(f"{p}: not a kg model (no {', '.join(missing)})")
            meta = json.loads(z.read("meta.json").decode("utf-8"))
            if meta.get("format") != FORMAT:
                raise InputError(f"{p}: not a kg model of this version (format {meta.get('format')!r})")
            names, relations = _decision(z, meta, "names"), _decision(z, meta, "relations")
            return Model(z.read("tagger.crfsuite"), names, relations, meta)
    except FileNotFoundError:
        raise InputError(f"{p}: no such model file") from None
    except IsADirectoryError:
        raise InputError(f"{p}: is a folder, not a model file") from None
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, UnicodeDecodeError) as exc:
        raise InputError(f"{p}: not a kg model ({type(exc).__name__})") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot be read ({exc.strerror or exc})") from None


def _decision(z: zipfile.ZipFile, meta: dict, name: str) -> Decision:
    text = z.read(name + ".txt").decode("utf-8")
    return Decision(text, tuple(meta[name]["features"]), float(meta[name]["threshold"]))


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> Model:
    """The model at `path`, or the shipped one; read once per process."""
    m = read_model(path or DEFAULT_MODEL)
    try:  # a model whose parts do not load is refused here, not in the middle of a build
        m.crf  # noqa: B018
        m.names._booster  # noqa: B018
        m.relations._booster  # noqa: B018
    except Exception as exc:
        raise InputError(f"{path or DEFAULT_MODEL}: not a usable kg model ({type(exc).__name__})") from None
    return m
