"""Drives sdfl_client against a running server (SDFL_URL): a short optimisation over a mixed
space, results by proposal id, an abandoned proposal and the errors a client must see."""
import math
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from sdfl_client import SdflClient, SdflError  # noqa: E402

SPACE = {
    "parameters": [
        {"name": "temperatureC", "lower": 60, "upper": 120},
        {"name": "ligandEquivalents", "type": "integer", "lower": 1, "upper": 4},
        {"name": "solvent", "type": "categorical", "values": ["octadecene", "toluene", "hexane"]},
    ],
}


def plqy(point):
    bonus = {"octadecene": 0.0, "toluene": 0.3, "hexane": 0.1}[point["solvent"]]
    return bonus + math.exp(-((point["temperatureC"] - 95.0) / 15.0) ** 2) - 0.05 * (point["ligandEquivalents"] - 3) ** 2


class PlannerClientTest(unittest.TestCase):
    def setUp(self):
        self.client = SdflClient(os.environ["SDFL_URL"])

    def test_optimises_a_mixed_space(self):
        self.assertEqual(self.client.health()["status"], "ok")
        self.assertIn("ei", [p["name"] for p in self.client.policies()])
        planner = self.client.create_planner(SPACE, {"name": "plqy", "direction": "maximize"},
                                             surrogate={"kind": "gp", "restarts": 1}, initial_design={"sampler": "lhs", "count": 5}, seed=2)
        pid = planner["id"]
        design_best = None
        for round_ in range(8):
            conditions = self.client.ask(pid, count=2)
            for condition in conditions:
                self.assertIn(condition["point"]["solvent"], ["octadecene", "toluene", "hexane"])
                self.assertIsInstance(condition["point"]["ligandEquivalents"], int)
            result = self.client.tell(pid, [{"id": c["id"], "value": plqy(c["point"])} for c in conditions])
            if round_ == 2:
                design_best = result["best"]["value"]
        best = self.client.get_planner(pid)["best"]
        self.assertGreater(best["value"], design_best)
        self.assertEqual(best["point"]["solvent"], "toluene")

    def test_abandon_and_errors(self):
        pid = self.client.create_planner(SPACE, {"name": "plqy", "direction": "maximize"}, policy="random")["id"]
        first, second = self.client.ask(pid, count=2)
        dropped = self.client.abandon(pid, [second["id"]])
        self.assertEqual([c["id"] for c in dropped["pending"]], [first["id"]])
        with self.assertRaises(SdflError) as late:
            self.client.tell(pid, [{"id": second["id"], "value": 1.0}])
        self.assertEqual(late.exception.status, 400)
        self.assertIn("was abandoned", late.exception.message)
        with self.assertRaises(SdflError) as unknown:
            self.client.tell(pid, [{"id": "c99", "value": 1.0}])
        self.assertIn("no pending proposal 'c99'", unknown.exception.message)
        with self.assertRaises(SdflError) as missing:
            self.client.ask("planner-nope")
        self.assertEqual(missing.exception.status, 404)


if __name__ == "__main__":
    unittest.main()
