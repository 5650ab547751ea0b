"""A small typed client for the sdfl planner HTTP API, standard library only.

    from sdfl_client import SdflClient

    client = SdflClient("http://127.0.0.1:8080", token=None)
    planner = client.create_planner(
        space={"parameters": [{"name": "temperatureC", "lower": 60, "upper": 120},
                              {"name": "solvent", "type": "categorical", "values": ["ODE", "toluene"]}]},
        objective={"name": "plqy", "direction": "maximize"},
    )
    for condition in client.ask(planner["id"], count=2):
        value = run_my_experiment(condition["point"])          # your rig
        client.tell(planner["id"], [{"id": condition["id"], "value": value}])

Every method maps to one route of /api/openapi.json; errors from the server raise SdflError
with the HTTP status and the server's message.
"""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any, Dict, List, Literal, Optional, TypedDict, Union

PointValue = Union[float, int, str]
Point = Dict[str, PointValue]


class Objective(TypedDict):
    name: str
    direction: Literal["maximize", "minimize"]


class Condition(TypedDict, total=False):
    id: str
    point: Point
    unit: List[float]
    predictedMean: float
    predictedStd: float
    acquisition: float
    reason: Literal["initial-design", "policy"]


class Observation(TypedDict, total=False):
    id: str
    point: Point
    value: Optional[float]
    failed: bool


class TellResult(TypedDict):
    told: int
    observations: int
    best: Optional[Observation]


class SdflError(Exception):
    """The server refused a request: `status` is the HTTP status, `message` says why."""

    def __init__(self, status: int, error: str, message: str) -> None:
        super().__init__(f"{status} {error}: {message}")
        self.status = status
        self.error = error
        self.message = message


class SdflClient:
    def __init__(self, base_url: str, token: Optional[str] = None, timeout_s: float = 120.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout_s = timeout_s

    def _request(self, method: str, path: str, body: Optional[Dict[str, Any]] = None) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        headers = {"accept": "application/json"}
        if data is not None:
            headers["content-type"] = "application/json"
        if self.token:
            headers["authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.base_url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as failure:
            text = failure.read().decode("utf-8", "replace")
            try:
                payload = json.loads(text)
                raise SdflError(failure.code, payload.get("error", "error"), payload.get("message", text)) from None
            except ValueError:
                raise SdflError(failure.code, "error", text) from None

    # --- meta ---

    def health(self) -> Dict[str, Any]:
        return self._request("GET", "/api/health")

    def policies(self) -> List[Dict[str, Any]]:
        """The registered policies with their options (JSON Schema) and defaults."""
        return self._request("GET", "/api/policies")

    def surrogates(self) -> List[Dict[str, Any]]:
        """The registered surrogate models with their options and defaults."""
        return self._request("GET", "/api/surrogates")

    # --- planners ---

    def create_planner(
        self,
        space: Dict[str, Any],
        objective: Objective,
        policy: Optional[str] = None,
        policy_options: Optional[Dict[str, Any]] = None,
        surrogate: Optional[Dict[str, Any]] = None,
        initial_design: Optional[Dict[str, Any]] = None,
        seed: Optional[int] = None,
        prior: Optional[List[Observation]] = None,
    ) -> Dict[str, Any]:
        """Left-out options take the server's defaults (GET /api/policies, /api/surrogates)."""
        body: Dict[str, Any] = {"space": space, "objective": objective}
        for key, value in (("policy", policy), ("policyOptions", policy_options), ("surrogate", surrogate),
                           ("initialDesign", initial_design), ("seed", seed), ("prior", prior)):
            if value is not None:
                body[key] = value
        return self._request("POST", "/api/planners", body)

    def list_planners(self) -> List[Dict[str, Any]]:
        return self._request("GET", "/api/planners")

    def get_planner(self, planner_id: str) -> Dict[str, Any]:
        return self._request("GET", f"/api/planners/{planner_id}")

    def ask(self, planner_id: str, count: int = 1) -> List[Condition]:
        return self._request("POST", f"/api/planners/{planner_id}/ask", {"count": count})["conditions"]

    def tell(self, planner_id: str, observations: List[Observation]) -> TellResult:
        """{"id": ..., "value": ...} for a proposal asked for; {"point": ..., "value": ...} for one chosen elsewhere;
        "failed": True instead of a value for a run without a result."""
        return self._request("POST", f"/api/planners/{planner_id}/tell", {"observations": observations})

    def abandon(self, planner_id: str, ids: List[str]) -> Dict[str, List[Condition]]:
        """Drops pending proposals that will not be run."""
        return self._request("POST", f"/api/planners/{planner_id}/abandon", {"ids": ids})
