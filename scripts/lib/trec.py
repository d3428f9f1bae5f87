"""trec_eval-compatible evaluation of TREC runs (Python 3 standard library).

Used by scripts/trec-eval (a thin command-line wrapper) and meant to be
imported by other scripts:

    import sys; sys.path.insert(0, "scripts/lib")
    import trec
    qrels = trec.read_qrels("qrels.txt")    # {qid: {docid: rel}}
    run = trec.read_run("run.txt")          # {qid: [(docid, score), ...]}
    means = trec.evaluate(qrels, run)       # {"map": 0.31, "P_10": ..., ...}
    per_q = trec.evaluate_per_query(qrels, run)   # {qid: {metric: value}}

Definitions follow trec_eval 9.x (usnistgov/trec_eval: form_res_rels.c,
m_map.c, m_P.c, m_recall.c, m_ndcg_cut.c), with relevance level 1:

* A run's documents for a query are ranked by score, descending; ties are
  broken by docid in *reverse* lexicographic order (strcmp), exactly as
  trec_eval does. The rank column of the run is ignored.
* A document is relevant if its qrels grade is >= 1. Unjudged documents are
  not relevant; negative grades count as judged non-relevant.
* map         sum of precision at the rank of each relevant retrieved doc,
              divided by the number of relevant docs in the qrels.
* P_10        relevant docs in the top 10 / 10 (always 10, even when fewer
              documents were retrieved).
* recall_100  relevant docs in the top 100 / relevant docs in the qrels.
* ndcg_cut_10 DCG@10 / ideal DCG@10, gain = the qrels grade (grades <= 0
              give nothing), discount log2(rank + 1); the ideal ranking puts
              all judged docs with grade >= 1 in decreasing grade order.
  (trec_eval before 9.0.5 or so used log2(rank) with rank 1 undiscounted;
  the current code, used here, is gain / log2(rank + 1).)
* Averages are taken over every query with at least one relevant judgment;
  such a query missing from the run scores 0 on every measure. This is
  trec_eval -c when the qrels only hold queries with relevant docs. Queries
  of the run that have no relevant judgment are ignored.
* num_q, num_ret, num_rel, num_rel_ret are counts (summed, not averaged),
  over the same set of queries; num_ret counts only evaluated queries.

Like trec_eval, a document listed twice for one query in the run or in the
qrels is an error (TrecFormatError).
"""

import math

__all__ = ["TrecFormatError", "read_qrels", "read_run", "rank",
           "evaluate_query", "evaluate_per_query", "aggregate", "evaluate",
           "MEASURES", "COUNTS"]

MEASURES = ("map", "P_10", "recall_100", "ndcg_cut_10")
COUNTS = ("num_ret", "num_rel", "num_rel_ret")


class TrecFormatError(ValueError):
    """A qrels or run file is malformed."""


def _lines(path):
    """Yield (lineno, fields) for each non-blank, non-comment line."""
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        for lineno, line in enumerate(f, 1):
            if line.startswith("#"):
                continue
            fields = line.split()
            if fields:
                yield lineno, fields


def read_qrels(path):
    """Read TREC qrels "qid iter docid rel" -> {qid: {docid: rel}}.

    rel must be an integer (negative values mean judged non-relevant).
    """
    qrels = {}
    for lineno, fields in _lines(path):
        if len(fields) != 4:
            raise TrecFormatError("%s:%d: expected 4 columns 'qid iter docid "
                                  "rel', got %d" % (path, lineno, len(fields)))
        qid, _, docid, rel = fields
        try:
            rel = int(rel)
        except ValueError:
            raise TrecFormatError("%s:%d: relevance %r is not an integer"
                                  % (path, lineno, rel)) from None
        judged = qrels.setdefault(qid, {})
        if docid in judged:
            raise TrecFormatError("%s:%d: duplicate judgment for query %s "
                                  "doc %s" % (path, lineno, qid, docid))
        judged[docid] = rel
    return qrels


def read_run(path):
    """Read a TREC run "qid Q0 docid rank score tag".

    Returns {qid: [(docid, score), ...]} in file order; use rank() for the
    trec_eval order.
    """
    run = {}
    seen = set()
    for lineno, fields in _lines(path):
        if len(fields) != 6:
            raise TrecFormatError("%s:%d: expected 6 columns 'qid Q0 docid "
                                  "rank score tag', got %d"
                                  % (path, lineno, len(fields)))
        qid, _, docid, _, score, _ = fields
        try:
            score = float(score)
        except ValueError:
            raise TrecFormatError("%s:%d: score %r is not a number"
                                  % (path, lineno, score)) from None
        if math.isnan(score):
            raise TrecFormatError("%s:%d: score is NaN" % (path, lineno))
        if (qid, docid) in seen:
            raise TrecFormatError("%s:%d: duplicate document %s for query %s"
                                  % (path, lineno, docid, qid))
        seen.add((qid, docid))
        run.setdefault(qid, []).append((docid, score))
    return run


def rank(results):
    """[(docid, score), ...] -> docids in trec_eval order.

    Score descending, ties broken by docid descending (strcmp order; Python
    compares str by code point, which is the UTF-8 byte order).
    """
    return [d for d, _ in sorted(results, key=lambda r: (r[1], r[0]),
                                 reverse=True)]


def evaluate_query(judged, ranking):
    """Measures for one query.

    judged:  {docid: rel} for this query (may be empty)
    ranking: docids in rank order (see rank())
    """
    num_rel = sum(1 for r in judged.values() if r >= 1)
    rel_so_far = 0
    sum_prec = 0.0
    p10 = r100 = 0
    dcg = 0.0
    for i, docid in enumerate(ranking):
        grade = judged.get(docid, 0)
        if grade >= 1:
            rel_so_far += 1
            sum_prec += rel_so_far / (i + 1)
        if i < 10:
            if grade >= 1:
                p10 += 1
            if grade > 0:
                dcg += grade / math.log2(i + 2)
        if i < 100 and grade >= 1:
            r100 += 1
    ideal = sorted((r for r in judged.values() if r > 0), reverse=True)[:10]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return {
        "map": sum_prec / num_rel if num_rel else 0.0,
        "P_10": p10 / 10,
        "recall_100": r100 / num_rel if num_rel else 0.0,
        "ndcg_cut_10": dcg / idcg if idcg > 0 else 0.0,
        "num_ret": len(ranking),
        "num_rel": num_rel,
        "num_rel_ret": rel_so_far,
    }


def _evaluated_qids(qrels):
    """Queries with at least one relevant judgment, in a stable order."""
    def key(q):
        return (0, int(q), q) if q.isdigit() else (1, 0, q)
    return sorted((q for q, j in qrels.items()
                   if any(r >= 1 for r in j.values())), key=key)


def evaluate_per_query(qrels, run):
    """{qid: {measure: value}} for every query with a relevant judgment.

    run is {qid: [(docid, score), ...]} as from read_run(). A judged query
    absent from the run gets 0 for every measure (num_ret 0).
    """
    return {qid: evaluate_query(qrels[qid], rank(run.get(qid, [])))
            for qid in _evaluated_qids(qrels)}


def aggregate(per_query):
    """Mean of each measure and sums of the counts over per_query."""
    n = len(per_query)
    out = {"num_q": n}
    for c in COUNTS:
        out[c] = sum(v[c] for v in per_query.values())
    for m in MEASURES:
        out[m] = sum(v[m] for v in per_query.values()) / n if n else 0.0
    return out


def evaluate(qrels, run):
    """{measure: mean} over every query with a relevant judgment.

    Also holds the counts num_q, num_ret, num_rel, num_rel_ret.
    """
    return aggregate(evaluate_per_query(qrels, run))
