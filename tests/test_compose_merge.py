"""Compose's merge rules: -f files, `extends`, `include`, !reset and !override.

Each expectation is what the Compose specification's merge rules give for the input.
"""

from __future__ import annotations

from pathlib import Path

from tel3sis_lint.engine import display_path
from tel3sis_lint.environments import Group
from tel3sis_lint.loader import Loader
from tel3sis_lint.model.assemble import assemble
from tel3sis_lint.model.topology import Deployment, ModelOptions
from tel3sis_lint.testing import chdir, lint_tree, triples


def _model(root: Path, compose: list[str], files: dict[str, str]) -> Deployment:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    with chdir(root):
        group = Group(str(root), tuple(str(root / c) for c in compose), {})
        deployments = assemble(group, Loader(display_path), ModelOptions(), set())
    assert len(deployments) == 1
    return deployments[0]


BASE = """\
services:
  worker:
    image: app:1
    command: celery -A app worker -c 2
    environment:
      - A=1
      - B=2
    ports: ["8000:8000"]
    volumes:
      - ./code:/app
      - data:/data
    env_file: base.env
"""
OVERRIDE = """\
services:
  worker:
    image: app:2
    command: ["celery", "-A", "app", "worker", "-c", "8"]
    environment:
      B: "20"
      C: "3"
    ports: ["9000:9000"]
    volumes:
      - ./other:/app
    env_file: [extra.env]
"""


def test_override_file_merges_by_compose_rules(tmp_path: Path) -> None:
    d = _model(
        tmp_path,
        ["compose.yaml", "compose.override.yaml"],
        {
            "compose.yaml": BASE,
            "compose.override.yaml": OVERRIDE,
            "base.env": "X=1\n",
            "extra.env": "Y=2\n",
        },
    )
    (svc,) = d.services
    assert svc.image == "app:2"  # scalars: the later file wins
    assert svc.argv == ("celery", "-A", "app", "worker", "-c", "8")  # command: replaced
    assert {k: s.value for k, s in svc.env.items()} == {  # environment: merged by key
        "X": "1",
        "Y": "2",
        "A": "1",
        "B": "20",
        "C": "3",
    }
    assert [p.published for p in svc.ports] == ["8000", "9000"]  # ports: appended
    assert [(m.source, m.target) for m in svc.mounts] == [  # volumes: merged by target
        (None, "/data"),
        (str(tmp_path / "other"), "/app"),
    ]
    assert [r.path for r in svc.env_refs] == [
        str(tmp_path / "base.env"),
        str(tmp_path / "extra.env"),
    ]
    assert d.celery[0].concurrency == "8"


def test_reset_and_override_tags(tmp_path: Path) -> None:
    override = """\
services:
  worker:
    ports: !reset []
    environment: !override
      ONLY: "1"
"""
    d = _model(
        tmp_path,
        ["compose.yaml", "compose.override.yaml"],
        {
            "compose.yaml": BASE,
            "compose.override.yaml": override,
            "base.env": "X=1\n",
        },
    )
    (svc,) = d.services
    assert svc.ports == ()
    assert {k: s.value for k, s in svc.env.items()} == {"X": "1", "ONLY": "1"}


def test_extends_from_another_file_resolves_its_paths_there(tmp_path: Path) -> None:
    common = """\
services:
  celery-base:
    image: app:1
    command: celery -A app worker --concurrency=${CELERY_WORKER_CONCURRENCY:-4}
    env_file: app.env
    deploy:
      replicas: 2
"""
    main = """\
services:
  worker:
    extends:
      file: common/base.yaml
      service: celery-base
    environment:
      CELERY_WORKER_CONCURRENCY: "6"
  beat:
    extends: worker
    command: celery -A app beat
    deploy:
      replicas: 1
"""
    d = _model(
        tmp_path,
        ["compose.yaml"],
        {
            "compose.yaml": main,
            "common/base.yaml": common,
            "common/app.env": "SECRET=1\n",
        },
    )
    worker, beat = d.services
    assert worker.image == "app:1" and worker.instances == 2
    assert [r.path for r in worker.env_refs] == [str(tmp_path / "common" / "app.env")]
    assert (
        worker.env["SECRET"].value == "1" and worker.env["CELERY_WORKER_CONCURRENCY"].value == "6"
    )
    assert beat.argv == ("celery", "-A", "app", "beat") and beat.instances == 1
    assert [c.call.subcommand for c in d.celery] == ["worker", "beat"]


def test_include_brings_in_services_with_their_own_paths(tmp_path: Path) -> None:
    redis = (
        "services:\n  redis:\n    image: redis:7\n    volumes:\n"
        "      - ./redis.conf:/usr/local/etc/redis/redis.conf\n"
    )
    main = "include:\n  - infra/redis.yaml\nservices:\n  web:\n    image: nginx:1\n"
    d = _model(
        tmp_path,
        ["compose.yaml"],
        {
            "compose.yaml": main,
            "infra/redis.yaml": redis,
            "infra/redis.conf": "maxmemory 0\n",
        },
    )
    assert sorted(s.name for s in d.services) == ["redis", "web"]
    redis_svc = next(s for s in d.services if s.name == "redis")
    assert redis_svc.mounts[0].source == str(tmp_path / "infra" / "redis.conf")
    assert [n.service.name for n in d.redis_nodes] == ["redis"]


def test_extends_of_a_missing_service_is_reported(tmp_path: Path) -> None:
    code, out, _ = lint_tree(
        {"compose.yaml": "services:\n  a:\n    extends: nowhere\n    image: x:1\n"}, tmp_path
    )
    assert triples(out) == [("compose.yaml", 3, "TL001")]
    assert "extends: no service 'nowhere' to extend" in out


def test_override_file_is_linted_with_its_base(tmp_path: Path) -> None:
    files = {
        "docker-compose.yml": (
            "services:\n  worker:\n    image: a:1\n"
            "    command: celery -A a worker -c ${CELERY_WORKER_CONCURRENCY:-2}\n"
        ),
        "docker-compose.override.yml": "services:\n  worker:\n    deploy:\n      replicas: 2\n",
    }
    code, out, _ = lint_tree(files, tmp_path)
    assert (code, triples(out)) == (0, [])
