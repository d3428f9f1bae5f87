#!/usr/bin/env python3
"""Hand-computed checks of scripts/lib/trec.py and scripts/trec-eval.

Run from the repository root with either of
    python3 -m unittest scripts/lib/test_trec.py
    python3 scripts/lib/test_trec.py
"""

import json
import math
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import trec  # noqa: E402

CLI = os.path.join(os.path.dirname(HERE), "trec-eval")

# Query 1: binary grades, one unjudged doc (x) and one judged non-relevant
# doc (c) retrieved, one relevant doc (d) never retrieved.
#   qrels: a=1 b=1 c=0 d=1                      -> num_rel = 3
#   run:   a 0.9, x 0.8, b 0.7, c 0.6           -> ranks a1 x2 b3 c4
#   AP     = (1/1 + 2/3) / 3 = 5/9              = 0.555556
#   P@10   = 2/10                               = 0.2
#   R@100  = 2/3                                = 0.666667
#   DCG@10 = 1/log2(2) + 1/log2(4) = 1 + 0.5    = 1.5
#   IDCG   = 1 + 1/log2(3) + 1/log2(4)
#          = 1 + 0.630930 + 0.5                 = 2.130930
#   nDCG   = 1.5 / 2.130930                     = 0.703918
# The rank column deliberately disagrees with the scores: it is ignored.
QRELS_1 = ["1 0 a 1", "1 0 b 1", "1 0 c 0", "1 0 d 1"]
RUN_1 = ["1 Q0 c 1 0.6 t", "1 Q0 x 2 0.8 t", "1 Q0 a 3 0.9 t",
         "1 Q0 b 4 0.7 t"]
EXPECT_1 = {"map": 5 / 9, "P_10": 0.2, "recall_100": 2 / 3,
            "ndcg_cut_10": 0.703918, "num_ret": 4, "num_rel": 3,
            "num_rel_ret": 2}

# Query 2: graded, with score ties. Ties are broken by docid in reverse
# lexicographic order: at 1.0 "b" > "a" so b comes first; at 0.5 "z" > "c".
#   qrels: a=3 b=1 c=2                          -> num_rel = 3
#   run:   a 1.0, b 1.0, c 0.5, z 0.5           -> ranks b1 a2 z3 c4
#   AP     = (1/1 + 2/2 + 3/4) / 3 = 2.75/3     = 0.916667
#   P@10   = 3/10                               = 0.3
#   R@100  = 3/3                                = 1.0
#   DCG@10 = 1/log2(2) + 3/log2(3) + 2/log2(5)
#          = 1 + 1.892789 + 0.861353            = 3.754142
#   IDCG   = 3/log2(2) + 2/log2(3) + 1/log2(4)
#          = 3 + 1.261860 + 0.5                 = 4.761860
#   nDCG   = 3.754142 / 4.761860                = 0.788377
QRELS_2 = ["2 0 a 3", "2 0 b 1", "2 0 c 2"]
RUN_2 = ["2 Q0 a 1 1.0 t", "2 Q0 b 2 1.0 t", "2 Q0 c 3 0.5 t",
         "2 Q0 z 4 0.5 t"]
EXPECT_2 = {"map": 2.75 / 3, "P_10": 0.3, "recall_100": 1.0,
            "ndcg_cut_10": 0.788377, "num_ret": 4, "num_rel": 3,
            "num_rel_ret": 3}

# Query 3: judged (one relevant doc) but absent from the run -> all 0.
# Query 4: in the qrels with no relevant doc -> not evaluated at all.
# Query 5: in the run but not in the qrels   -> ignored.
QRELS_3 = ["3 0 a 1", "4 0 a 0", "4 0 b -1"]
RUN_3 = ["4 Q0 a 1 1.0 t", "5 Q0 a 1 1.0 t"]
EXPECT_3 = {"map": 0.0, "P_10": 0.0, "recall_100": 0.0, "ndcg_cut_10": 0.0,
            "num_ret": 0, "num_rel": 1, "num_rel_ret": 0}

# Means over queries 1, 2, 3 (num_q = 3):
#   map         = (0.555556 + 0.916667 + 0) / 3 = 0.490741
#   P_10        = (0.2 + 0.3 + 0) / 3           = 0.166667
#   recall_100  = (0.666667 + 1 + 0) / 3        = 0.555556
#   ndcg_cut_10 = (0.703918 + 0.788377 + 0) / 3 = 0.497432
EXPECT_ALL = {"num_q": 3, "map": 0.490741, "P_10": 0.166667,
              "recall_100": 0.555556, "ndcg_cut_10": 0.497432,
              "num_ret": 8, "num_rel": 7, "num_rel_ret": 5}


def long_query():
    """Query 9: 120 docs d000..d119 with scores 120..1 (rank = index + 1).

    Relevant (grade 1): d000 (rank 1), d004 (rank 5), d010 (rank 11),
    d100 (rank 101), and "never" (not retrieved): num_rel = 5.
      AP     = (1/1 + 2/5 + 3/11 + 4/101) / 5
             = (1 + 0.4 + 0.272727 + 0.039604) / 5     = 0.342466
      P@10   = 2/10 (rank 11 is past the cutoff)       = 0.2
      R@100  = 3/5 (rank 101 is past the cutoff)       = 0.6
      DCG@10 = 1/log2(2) + 1/log2(6) = 1 + 0.386853    = 1.386853
      IDCG   = 1 + 1/log2(3) + 1/log2(4) + 1/log2(5) + 1/log2(6)
             = 1 + 0.630930 + 0.5 + 0.430677 + 0.386853 = 2.948459
      nDCG   = 1.386853 / 2.948459                     = 0.470365
    """
    rel = {"d000", "d004", "d010", "d100", "never"}
    qrels = ["9 0 %s 1" % d for d in sorted(rel)]
    run = ["9 Q0 d%03d %d %d t" % (i, i + 1, 120 - i) for i in range(120)]
    expect = {"map": 0.342466, "P_10": 0.2, "recall_100": 0.6,
              "ndcg_cut_10": 0.470365, "num_ret": 120, "num_rel": 5,
              "num_rel_ret": 4}
    return qrels, run, expect


class TrecTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, lines):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        return path

    def load(self, qrels_lines, run_lines):
        return (trec.read_qrels(self.write("qrels", qrels_lines)),
                trec.read_run(self.write("run", run_lines)))

    def assertValues(self, got, expect):
        for k, v in expect.items():
            if isinstance(v, int) and not isinstance(v, bool) \
                    and k.startswith("num"):
                self.assertEqual(got[k], v, k)
            else:
                self.assertAlmostEqual(got[k], v, places=5, msg=k)

    def test_ranking_ties(self):
        # score descending, then docid descending (trec_eval's comp_sim_docno)
        self.assertEqual(trec.rank([("a", 1.0), ("b", 1.0), ("c", 0.5),
                                    ("z", 0.5), ("y", 2.0)]),
                         ["y", "b", "a", "z", "c"])
        # lexicographic, not numeric: "9" > "10"
        self.assertEqual(trec.rank([("10", 1.0), ("9", 1.0)]), ["9", "10"])

    def test_query_1_binary(self):
        qrels, run = self.load(QRELS_1, RUN_1)
        self.assertValues(trec.evaluate_per_query(qrels, run)["1"], EXPECT_1)

    def test_query_2_graded_ties(self):
        qrels, run = self.load(QRELS_2, RUN_2)
        self.assertValues(trec.evaluate_per_query(qrels, run)["2"], EXPECT_2)

    def test_cutoffs(self):
        q, r, expect = long_query()
        qrels, run = self.load(q, r)
        self.assertValues(trec.evaluate_per_query(qrels, run)["9"], expect)

    def test_missing_and_unjudged_queries(self):
        qrels, run = self.load(QRELS_1 + QRELS_2 + QRELS_3,
                               RUN_1 + RUN_2 + RUN_3)
        per_q = trec.evaluate_per_query(qrels, run)
        self.assertEqual(sorted(per_q), ["1", "2", "3"])
        self.assertValues(per_q["3"], EXPECT_3)
        self.assertValues(trec.evaluate(qrels, run), EXPECT_ALL)

    def test_ndcg_formula(self):
        # The comments' constants, recomputed from the definition.
        self.assertAlmostEqual(1.5 / (1 + 1 / math.log2(3) + 0.5),
                               EXPECT_1["ndcg_cut_10"], places=5)

    def test_duplicates_are_errors(self):
        with self.assertRaises(trec.TrecFormatError):
            self.load(QRELS_1, RUN_1 + ["1 Q0 a 9 0.1 t"])
        with self.assertRaises(trec.TrecFormatError):
            self.load(QRELS_1 + ["1 0 a 2"], RUN_1)
        with self.assertRaises(trec.TrecFormatError):
            self.load(QRELS_1, ["1 Q0 a 1 0.5"])   # 5 columns

    def test_cli(self):
        qrels = self.write("qrels", QRELS_1 + QRELS_2 + QRELS_3)
        run = self.write("run", RUN_1 + RUN_2 + RUN_3)
        out_json = os.path.join(self.tmp.name, "out.json")
        p = subprocess.run([sys.executable, CLI, qrels, run, "--json",
                            out_json], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        table = {l.split("\t")[0].strip(): l.split("\t")[2]
                 for l in p.stdout.splitlines()}
        self.assertEqual(table["num_q"], "3")
        self.assertEqual(table["map"], "0.4907")
        self.assertEqual(table["P_10"], "0.1667")
        self.assertEqual(table["recall_100"], "0.5556")
        self.assertEqual(table["ndcg_cut_10"], "0.4974")
        with open(out_json, encoding="utf-8") as f:
            doc = json.load(f)
        self.assertValues(doc["metrics"], EXPECT_ALL)
        self.assertValues(doc["per_query"]["2"], EXPECT_2)
        bad = subprocess.run([sys.executable, CLI, qrels,
                              os.path.join(self.tmp.name, "nope")],
                             capture_output=True, text=True)
        self.assertEqual(bad.returncode, 2)
        self.assertIn("trec-eval: error", bad.stderr)


if __name__ == "__main__":
    unittest.main()
