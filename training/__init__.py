"""Learning the extractor's decisions from annotated reports: `kg train`, `kg eval --cv`.

- `corpus`: annotated reports (gold JSONL + the report files), read and prepared once;
- `gold`: the gold annotations laid onto the clean text (tagger labels, entities with their mentions);
- `fit`: trains the tagger, the name decision and the relation decision into one `loaders.model.Model`;
- `crossval`: grouped cross-validation (train on all collections but one, score the one left out) and
  the learning curve.
"""
