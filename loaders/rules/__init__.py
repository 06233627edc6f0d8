"""Hand-written rules: recognisers that propose name candidates and choose among them, and the patterns of
relations. They give the rules' verdict (`rule_mentions`, `rule_relations`) and serve as features for
learned models.

Several recognisers propose candidate spans (`candidates`), each from one way Chinese names are formed:

- `headed` (heads.py): a name ends in a head word (…产业园, …有限公司, …战略, …新区); its left edge is
  found by walking left over the words a name may contain, stopping at function words, quantities and
  the verbs that stand before names in this genre (打造, 引进, 加快推进…);
- `quoted` (quotes.py): a quoted slogan with or without a defining word (“三区”战略, “一带一城”);
- `titled` (lists.py): a policy document in 《》;
- `listed` and `siblings` (lists.py): the items of an enumeration typed by its class noun (A、B、C等一批项目);
- `known` (known.py): public knowledge (divisions, well-known organizations, national strategies).

`select` (choose.py) keeps the best non-crossing candidates; an organization inside a project's name
(比亚迪 in 比亚迪新能源整车项目) is kept as its own mention. The tokens' classes and the shared
helpers are in view.py, the rules of name formation in forms.py (tables in form_heads.py and
form_words.py), the relation patterns in relations.py and relation_scopes.py.
"""

from loaders.rules import forms
from loaders.rules.choose import candidates, rule_mentions, select_mentions
from loaders.rules.relation_context import evidence, subject_district
from loaders.rules.relations import by_type, counts, rule_relations
from loaders.rules.view import Candidate, normalize_name

__all__ = [
    "Candidate",
    "by_type",
    "candidates",
    "counts",
    "evidence",
    "forms",
    "normalize_name",
    "rule_mentions",
    "rule_relations",
    "select_mentions",
    "subject_district",
]
