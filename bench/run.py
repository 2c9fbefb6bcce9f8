#!/usr/bin/env python3
"""Benchmark tel3sis-lint against a parse floor and peer linters (stdlib only).

    python bench/run.py --quick      # small trees (N = 20, 100, 500), 2 rounds: a few minutes
    python bench/run.py              # full: N = 100, 1,000, 5,000 and --big-files, ~15 minutes
    python bench/run.py --profile    # also cProfile tel3sis-lint on the 1,000-deployment tree

See bench/README.md for what is measured, how, and the targets. Writes
bench/RESULTS.md (the report) and bench/out/results.json (every sample);
generated trees go to a cache outside the repository (--cache-dir).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import json
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out"
SHARED_BENCH = REPO.parent / "shared" / "bench"
MAKE_CORPUS = SHARED_BENCH / "make_corpus.py"
PARSE_FLOOR = BENCH / "parse_floor.py"
PEER_VENV = OUT / "venv"
NODE_DIR = OUT / "node"
PYCACHE = OUT / "pycache"
RESULTS_MD = BENCH / "RESULTS.md"
RESULTS_JSON = OUT / "results.json"

# Fallback when pyproject.toml cannot be read; the source of truth is the `bench` extra.
DEFAULT_PY_PEERS = ["yamllint==1.38.0", "dotenv-linter==0.9.0", "compose-lint==0.36.2"]
DCLINT_SPEC = "dclint@3.1.0"
ARG_BYTES = 120_000  # xargs-like batch limit for peers that take file lists
GNU_TIME = "/usr/bin/time"
MB = 1_000_000  # targets in MB are read as 10^6 bytes (the stricter reading)


# ------------------------------------------------------------------ utilities
def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def die(msg: str) -> None:
    log(f"bench: error: {msg}")
    sys.exit(2)


def fmt_s(x: float | None) -> str:
    if x is None:
        return "-"
    if x < 1:
        return f"{x * 1000:.0f} ms"
    return f"{x:.2f} s"


def fmt_mb(kb: int | None) -> str:
    return "-" if kb is None else f"{kb * 1024 / MB:.1f} MB"


def cpu_jiffies() -> tuple[int, int] | None:
    """(busy, total) jiffies over all CPUs from /proc/stat, or None."""
    try:
        with open("/proc/stat") as fh:
            parts = fh.readline().split()
    except OSError:
        return None
    vals = [int(v) for v in parts[1:9]]  # user..steal (guest time is already in user)
    idle = vals[3] + (vals[4] if len(vals) > 4 else 0)
    return sum(vals) - idle, sum(vals)


CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def machine_busy(seconds: float = 1.0) -> float | None:
    """Cores kept busy by other processes while this one sleeps."""
    a = cpu_jiffies()
    time.sleep(seconds)
    b = cpu_jiffies()
    if a is None or b is None:
        return None
    return (b[0] - a[0]) / CLK_TCK / seconds


def machine_info() -> dict:
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.lower().startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = None
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemTotal:"):
                    mem = int(line.split()[1]) // 1024
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "sched_nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu": cpu,
        "mem_mib": mem,
        "python": sys.version.split()[0],
        "python_impl": platform.python_implementation(),
        "platform": platform.platform(),
        "loadavg": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


def tool_version(argv: list[str], env: dict) -> str:
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=60, env=env, cwd=OUT)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    out = (p.stdout.strip() or p.stderr.strip()).splitlines()
    return out[0][:80] if out else "?"


def source_fingerprint(env: dict, python: str = sys.executable) -> dict:
    """What tel3sis-lint code is measured: package folder hash, git HEAD, uncommitted files.

    The install is editable, so edits made while the benchmark runs change what it measures;
    the fingerprint is taken at the start and the end and compared. Git is only read.
    """
    info: dict = {"pkg": None, "tree_sha": None, "git_head": None, "dirty": None}
    p = subprocess.run([python, "-c",
                        "import os, tel3sis_lint; print(os.path.dirname(tel3sis_lint.__file__))"],
                       capture_output=True, text=True, env=env, cwd=OUT)
    if p.returncode == 0 and p.stdout.strip():
        pkg = Path(p.stdout.strip())
        info["pkg"] = str(pkg)
        h = hashlib.sha256()
        for f in sorted(pkg.rglob("*.py")):
            h.update(str(f.relative_to(pkg)).encode() + b"\0" + f.read_bytes() + b"\0")
        info["tree_sha"] = h.hexdigest()[:12]
    if shutil.which("git") and (REPO / ".git").exists():
        g = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                           capture_output=True, text=True)
        info["git_head"] = g.stdout.strip() or None
        g = subprocess.run(["git", "--no-optional-locks", "-C", str(REPO), "status", "--porcelain",
                            "--", "tel3sis_lint"], capture_output=True, text=True)
        info["dirty"] = len(g.stdout.splitlines()) if g.returncode == 0 else None
    return info


# ------------------------------------------------------------------ measuring
@dataclass
class Sample:
    wall: float
    rss_kb: int | None
    cpu: float | None  # user+sys of the child tree
    rc: int
    out_sha: str
    out_bytes: int
    bg_cores: float | None  # other processes' CPU during the run, in cores
    timed_out: bool = False


@dataclass
class Cmd:
    name: str
    batches: list[list[str]]
    cwd: Path
    files: int
    label: str = ""  # what it is run on
    keep_output: bool = False
    env_extra: dict = field(default_factory=dict)  # variables set for this command only
    samples: list[Sample] = field(default_factory=list)
    rounds: int = 0  # allowed rounds (set after the first)

    def median(self) -> float | None:
        ok = [s.wall for s in self.samples if not s.timed_out]
        return statistics.median(ok) if ok else None

    def rss(self) -> int | None:
        vals = [s.rss_kb for s in self.samples if s.rss_kb is not None]
        return max(vals) if vals else None

    def summary(self) -> dict:
        med = self.median()
        walls = [s.wall for s in self.samples]
        cpus = [s.cpu for s in self.samples if s.cpu is not None]
        bgs = [s.bg_cores for s in self.samples if s.bg_cores is not None]
        return {
            "name": self.name, "label": self.label, "files": self.files,
            "rounds": len(self.samples), "median_s": med,
            "min_s": min(walls) if walls else None, "max_s": max(walls) if walls else None,
            "files_per_s": (self.files / med) if med else None,
            "peak_rss_kb": self.rss(),
            "median_cpu_s": statistics.median(cpus) if cpus else None,
            "bg_cores": statistics.mean(bgs) if bgs else None,
            "rcs": sorted({s.rc for s in self.samples}),
            "timeouts": sum(s.timed_out for s in self.samples),
            "out_bytes": self.samples[-1].out_bytes if self.samples else None,
            "out_shas": sorted({s.out_sha for s in self.samples}),
            "argv": [shlex.join(b) for b in self.batches[:1]]
                    + ([f"... {len(self.batches)} batches"] if len(self.batches) > 1 else []),
            "cwd": str(self.cwd),
        }


class Runner:
    def __init__(self, env: dict, rss_method: str, timeout: float, outdir: Path) -> None:
        self.env = env
        self.rss_method = rss_method
        self.timeout = timeout
        self.outdir = outdir
        outdir.mkdir(parents=True, exist_ok=True)

    def _one(self, argv: list[str], cwd: Path, fo, fe, deadline: float,
             env: dict) -> tuple[int, int | None, float | None, bool]:
        tf = None
        if self.rss_method == "time":
            fd, tf = tempfile.mkstemp(prefix="rss-", dir=self.outdir)
            os.close(fd)
            argv = [GNU_TIME, "-f", "%M %U %S", "-o", tf, *argv]
        p = subprocess.Popen(argv, cwd=cwd, env=env, stdout=fo, stderr=fe,
                             stdin=subprocess.DEVNULL, start_new_session=True)
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        # A blocking wait (no Popen.wait(timeout=...), which polls with sleeps of up to 50 ms
        # and so rounds every wall time up); a timer kills the process group on timeout.
        timer = threading.Timer(max(0.1, deadline - time.perf_counter()), kill)
        timer.start()
        rss = cpu = None
        try:
            if self.rss_method == "wait4":
                _, status, ru = os.wait4(p.pid, 0)
                rc = p.returncode = os.waitstatus_to_exitcode(status)
                rss, cpu = ru.ru_maxrss, ru.ru_utime + ru.ru_stime
            else:
                rc = p.wait()
        except BaseException:
            kill()
            p.wait()
            raise
        finally:
            timer.cancel()
        if tf:
            try:
                lines = Path(tf).read_text().strip().splitlines()
                m = re.match(r"(\d+) ([\d.]+) ([\d.]+)$", lines[-1]) if lines else None
                if m:
                    rss, cpu = int(m.group(1)), float(m.group(2)) + float(m.group(3))
            except OSError:
                pass
            os.unlink(tf)
        return rc, rss, cpu, killed.is_set()

    def run(self, cmd: Cmd) -> Sample:
        out_path = self.outdir / f"{cmd.name}.out"
        err_path = self.outdir / f"{cmd.name}.err"
        rss_max: int | None = None
        cpu_sum = 0.0
        cpu_known = True
        rc_final = 0
        timed_out = False
        j0 = cpu_jiffies()
        with open(out_path, "wb") as fo, open(err_path, "wb") as fe:
            t0 = time.perf_counter()
            deadline = t0 + self.timeout
            for argv in cmd.batches:
                rc, rss, cpu, to = self._one(argv, cmd.cwd, fo, fe, deadline,
                                             {**self.env, **cmd.env_extra})
                if rss is not None:
                    rss_max = rss if rss_max is None else max(rss_max, rss)
                if cpu is None:
                    cpu_known = False
                else:
                    cpu_sum += cpu
                rc_final = rc if rc_final == 0 else rc_final
                if to:
                    timed_out = True
                    break
            wall = time.perf_counter() - t0
        j1 = cpu_jiffies()
        bg = None
        if j0 and j1 and cpu_known and wall > 0.05:
            bg = max(0.0, ((j1[0] - j0[0]) / CLK_TCK - cpu_sum) / wall)
        data = out_path.read_bytes()
        s = Sample(wall=wall, rss_kb=rss_max, cpu=cpu_sum if cpu_known else None, rc=rc_final,
                   out_sha=hashlib.sha256(data).hexdigest()[:16], out_bytes=len(data),
                   bg_cores=bg, timed_out=timed_out)
        cmd.samples.append(s)
        return s


def wait_idle(limit: float) -> None:
    """Wait up to `limit` seconds for other processes to use < 0.2 cores."""
    t_end = time.time() + limit
    while limit > 0 and time.time() < t_end:
        b = machine_busy(2.0)
        if b is None or b < 0.2:
            return
        log(f"bench: waiting for the machine to go idle (others use {b:.2f} cores)")


def run_cell(runner: Runner, title: str, cmds: list[Cmd], rounds: int, budget: float,
             idle: float = 0.0) -> None:
    """Run cmds side by side: `rounds` rounds, order alternating (forward, then reversed,
    rotated each round); a command whose first round took longer than budget/rounds gets
    fewer rounds (at least 1) so that it spends about `budget` seconds in all."""
    if not cmds:
        return
    wait_idle(idle)
    busy = machine_busy(0.5)
    log(f"\n== {title}  (other load before: {busy:.2f} cores)" if busy is not None else f"\n== {title}")
    for c in cmds:
        c.rounds = rounds
    for r in range(rounds):
        order = cmds[r % len(cmds):] + cmds[:r % len(cmds)]
        if r % 2:
            order = order[::-1]
        for c in order:
            if len(c.samples) >= c.rounds:
                continue
            s = runner.run(c)
            if len(c.samples) == 1 and s.wall > 0:
                c.rounds = max(1, min(rounds, int(budget // s.wall)))
            note = " TIMEOUT" if s.timed_out else ""
            bg = f" bg={s.bg_cores:.2f}" if s.bg_cores is not None else ""
            log(f"  r{r + 1} {c.name:<22} {fmt_s(s.wall):>10}  rss={fmt_mb(s.rss_kb):>9}  "
                f"rc={s.rc}{bg}{note}")


# ------------------------------------------------------------------ setup
def read_bench_extra() -> list[str]:
    try:
        import tomllib
    except ImportError:  # Python 3.10
        return DEFAULT_PY_PEERS
    try:
        data = tomllib.loads((REPO / "pyproject.toml").read_text())
        return list(data["project"]["optional-dependencies"]["bench"])
    except (OSError, KeyError, ValueError):
        return DEFAULT_PY_PEERS


def setup_python_peers(no_install: bool, notes: list[str]) -> Path | None:
    """A venv under bench/out/venv with the `bench` extra's peers; returns its bin dir."""
    reqs = read_bench_extra()
    vbin = PEER_VENV / "bin"
    stamp = PEER_VENV / ".bench-stamp"
    if stamp.exists() and stamp.read_text() == "\n".join(reqs):
        return vbin
    if no_install:
        if vbin.exists():
            return vbin
        notes.append("Python peers skipped: --no-install and no venv at bench/out/venv.")
        return None
    log(f"bench: creating peer venv {PEER_VENV} with {' '.join(reqs)}")
    if not (vbin / "python").exists():
        r = subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)])
        if r.returncode:
            notes.append("Python peers skipped: could not create a venv under bench/out/.")
            return None
    failed = []
    for req in reqs:  # one at a time so one missing peer does not sink the others
        r = subprocess.run([str(vbin / "python"), "-m", "pip", "install", "--quiet", req],
                           capture_output=True, text=True)
        if r.returncode:
            failed.append(req)
            log(f"bench: pip could not install {req}: {r.stderr.strip().splitlines()[-1:]}")
    if failed:
        notes.append(f"pip could not install {', '.join(failed)}; those peers are skipped.")
    else:
        stamp.write_text("\n".join(reqs))
    return vbin


def setup_dclint(no_install: bool, notes: list[str]) -> Path | None:
    exe = NODE_DIR / "node_modules" / ".bin" / "dclint"
    if exe.exists():
        return exe
    if no_install:
        notes.append("dclint skipped: --no-install and not installed under bench/out/node.")
        return None
    npm = shutil.which("npm")
    if not npm or not shutil.which("node"):
        notes.append("dclint skipped: npm/node not found on PATH.")
        return None
    NODE_DIR.mkdir(parents=True, exist_ok=True)
    pkg = NODE_DIR / "package.json"
    if not pkg.exists():
        pkg.write_text('{"name": "tel3sis-lint-bench-peers", "private": true}\n')
    log(f"bench: npm install {DCLINT_SPEC} into {NODE_DIR}")
    try:
        r = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--silent", DCLINT_SPEC],
                           cwd=NODE_DIR, capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        notes.append("dclint skipped: npm install timed out.")
        return None
    if r.returncode or not exe.exists():
        notes.append(f"dclint skipped: npm install failed ({(r.stderr or r.stdout).strip()[-200:]}).")
        return None
    return exe


def make_tree(cache: Path, n: int, seed: int, big: bool = False) -> Path:
    if not MAKE_CORPUS.exists():
        die(f"corpus generator not found at {MAKE_CORPUS} (expected ../shared/bench/make_corpus.py "
            "beside the repository); check out shared/ next to main/")
    gen = hashlib.sha256(MAKE_CORPUS.read_bytes()).hexdigest()[:10]
    name = f"big-s{seed}-{gen}" if big else f"n{n}-s{seed}-{gen}"
    root = cache / name
    done = root / ".bench-complete"
    if done.exists():
        return root
    if root.exists():
        shutil.rmtree(root)
    log(f"bench: generating {name} ...")
    argv = [sys.executable, str(MAKE_CORPUS), str(root), "--deployments", str(n), "--seed", str(seed)]
    if big:
        argv.append("--big-files")
    r = subprocess.run(argv)
    if r.returncode:
        die(f"make_corpus.py failed ({r.returncode})")
    done.write_text("ok\n")
    return root


def export_snapshot(rev: str, whole: bool = False) -> dict:
    """tel3sis_lint/ (or, `whole`, the tree) at commit `rev`, via `git archive` (git is only read)."""
    r = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--verify", f"{rev}^{{commit}}"],
                       capture_output=True, text=True)
    if r.returncode:
        die(f"--snapshot {rev}: not a commit ({r.stderr.strip()})")
    sha = r.stdout.strip()
    dest = OUT / (f"snapshot-full-{sha[:10]}" if whole else f"snapshot-{sha[:10]}")
    if not (dest / "tel3sis_lint" / "__init__.py").exists():
        import io
        import tarfile
        data = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", sha,
                               *([] if whole else ["tel3sis_lint"])],
                              capture_output=True, check=True).stdout
        dest.mkdir(parents=True, exist_ok=True)
        with tarfile.open(fileobj=io.BytesIO(data)) as tf:
            tf.extractall(dest, filter="data") if hasattr(tarfile, "data_filter") \
                else tf.extractall(dest)
    return {"sha": sha, "dir": dest}


def setup_tl_venv(src: Path, sha: str | None) -> Path:
    """bench/out/tl-venv with tel3sis-lint pip-installed (not editable) from `src`; its python."""
    venv = OUT / "tl-venv"
    py = venv / "bin" / "python"
    h = hashlib.sha256()
    for f in sorted((src / "tel3sis_lint").rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts:
            h.update(str(f.relative_to(src)).encode() + b"\0" + f.read_bytes())
    h.update((src / "pyproject.toml").read_bytes())
    key = f"{sha or 'worktree'} {h.hexdigest()[:16]}"
    stamp = venv / ".bench-stamp"
    if stamp.exists() and stamp.read_text() == key and py.exists():
        return py
    log(f"bench: installing tel3sis-lint from {src} into {venv}")
    if not py.exists() and subprocess.run([sys.executable, "-m", "venv", str(venv)]).returncode:
        die("could not create bench/out/tl-venv")
    build = Path(tempfile.mkdtemp(prefix="tl-src-", dir=OUT))
    try:  # build from a copy without bench/out, so the venv is not copied into itself
        shutil.copytree(src, build / "src", ignore=shutil.ignore_patterns(
            "out", ".git", "*.egg-info", "__pycache__", ".*cache", ".ci-venv", "build"))
        for args in (["install", "--quiet", str(build / "src")],
                     ["install", "--quiet", "--force-reinstall", "--no-deps", str(build / "src")]):
            r = subprocess.run([str(py), "-m", "pip", *args], capture_output=True, text=True)
            if r.returncode:
                die(f"pip could not install tel3sis-lint into bench/out/tl-venv: "
                    f"{r.stderr.strip()[-400:]}")
    finally:
        shutil.rmtree(build, ignore_errors=True)
    stamp.write_text(key)
    return py


def warm_page_cache(root: Path) -> None:
    for dirpath, _dirs, files in os.walk(root):
        for fn in files:
            with open(os.path.join(dirpath, fn), "rb") as fh:
                while fh.read(1 << 20):
                    pass


def list_files(root: Path, pred) -> list[str]:
    out = []
    for dirpath, dirs, files in os.walk(root):
        dirs.sort()
        for fn in sorted(files):
            if pred(fn):
                out.append(os.path.relpath(os.path.join(dirpath, fn), root))
    return out


def batched(prefix: list[str], files: list[str]) -> list[list[str]]:
    """xargs-style: as many files per command line as fit in ARG_BYTES."""
    batches, cur, size = [], [], 0
    base = sum(len(a) + 1 for a in prefix)
    for f in files:
        if cur and base + size + len(f) + 1 > ARG_BYTES:
            batches.append(prefix + cur)
            cur, size = [], 0
        cur.append(f)
        size += len(f) + 1
    if cur or not batches:
        batches.append(prefix + cur)
    return batches


def is_compose(fn: str) -> bool:
    return re.match(r"^(docker-)?compose(\.[^/]+)?\.ya?ml$", fn) is not None


def is_env(fn: str) -> bool:
    return fn == ".env" or fn.startswith(".env.")


def is_yaml(fn: str) -> bool:
    return fn.endswith((".yml", ".yaml"))


SETTINGS_TOML = """\
[project]
name = "acme-voice-deploy"
version = "0"

[tool.tel3sis-lint]
select = ["ALL"]
ignore = ["TL103"]
fail-on = "warning"
exclude = ["legacy/"]

[tool.tel3sis-lint.severity]
TL503 = "error"

[tool.tel3sis-lint.rules.TL101]
min-workers = 2

[tool.tel3sis-lint.app]
routed-queues = ["default"]
"""


# ------------------------------------------------------------------ main
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="Full run: python bench/run.py   Trying it: python bench/run.py --quick")
    ap.add_argument("--quick", action="store_true",
                    help="small trees (N=20, 100, 500), 2 rounds; figures are not for the targets")
    ap.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")],
                    help="tree sizes small,base,large (default 100,1000,5000; quick 20,100,500)")
    ap.add_argument("--rounds", type=int, help="rounds per command (default 3; quick 2)")
    ap.add_argument("--cold-rounds", type=int, default=10, help="rounds for the cold-start runs")
    ap.add_argument("--budget", type=float, default=150.0,
                    help="seconds one command may spend per tree in all; slow peers get "
                         "fewer rounds (default 150)")
    ap.add_argument("--timeout", type=float, default=600.0, help="kill a single run after this")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--cache-dir", type=Path,
                    default=Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
                    / "tel3sis-lint-bench",
                    help="where generated trees are kept (default ~/.cache/tel3sis-lint-bench; "
                         "keep it outside the repository or under bench/out/)")
    ap.add_argument("--tel3sis-lint", dest="tl", default=None,
                    help="command to run tel3sis-lint (default: the tel3sis-lint script beside "
                         "this interpreter, else on PATH)")
    ap.add_argument("--snapshot", metavar="REV",
                    help="measure tel3sis_lint/ as committed at REV: exported with `git archive` "
                         "into bench/out/snapshot-SHA and run as `python -m tel3sis_lint` with "
                         "PYTHONPATH, so edits made while the benchmark runs cannot change what "
                         "it measures (the install is editable)")
    ap.add_argument("--tl-venv", action="store_true",
                    help="pip install tel3sis-lint (non-editable: the --snapshot revision, else "
                         "the working tree) into bench/out/tl-venv and measure that, as users get "
                         "it and like the peers (no editable-install finder or other .pth files "
                         "of the development interpreter in its start-up)")
    ap.add_argument("--no-peers", action="store_true", help="skip yamllint, dotenv-linter, "
                    "compose-lint and dclint")
    ap.add_argument("--peers-at-large", action="store_true",
                    help="also run the peers on the largest tree (slow: dclint takes minutes)")
    ap.add_argument("--no-install", action="store_true", help="do not pip/npm install peers")
    ap.add_argument("--skip", default="", help="comma list of sections to skip: cold,scale,big")
    ap.add_argument("--profile", action="store_true",
                    help="also cProfile tel3sis-lint (--jobs 1) on the base tree")
    ap.add_argument("--rss-method", choices=["auto", "time", "wait4"], default="auto")
    ap.add_argument("--keep-bytecode-env", action="store_true",
                    help="pass PYTHONDONTWRITEBYTECODE through to the children (default: unset it "
                         "and cache bytecode under bench/out/pycache, as an installed tool would)")
    ap.add_argument("--wait-idle", type=float, default=None,
                    help="before each group of runs, wait up to this many seconds for other "
                         "processes to use < 0.2 cores (default 60; quick 0)")
    ap.add_argument("--results", type=Path, default=RESULTS_MD, help="report path")
    a = ap.parse_args(argv)

    sizes = a.sizes or ([20, 100, 500] if a.quick else [100, 1000, 5000])
    if len(sizes) != 3:
        die("--sizes takes exactly three sizes: small,base,large")
    small_n, base_n, large_n = sizes
    rounds = a.rounds or (2 if a.quick else 3)
    idle = a.wait_idle if a.wait_idle is not None else (0.0 if a.quick else 60.0)
    skip = {s.strip() for s in a.skip.split(",") if s.strip()}
    notes: list[str] = []
    started = _dt.datetime.now(_dt.timezone.utc)
    args = argv if argv is not None else sys.argv[1:]
    command = shlex.join(["python", os.path.relpath(__file__, Path.cwd()), *args])

    cache: Path = a.cache_dir.resolve()
    try:
        cache.relative_to(REPO)
        if not str(cache).startswith(str(OUT)):
            die(f"--cache-dir {cache} is inside the repository but not under bench/out/ "
                "(generated corpora must never be committed)")
    except ValueError:
        pass
    cache.mkdir(parents=True, exist_ok=True)
    OUT.mkdir(parents=True, exist_ok=True)

    # --- environment of the measured children
    env = dict(os.environ)
    for k in ("GITHUB_ACTIONS", "GITLAB_CI", "PYTHONSTARTUP", "PYTHONPROFILEIMPORTTIME"):
        env.pop(k, None)  # tel3sis-lint switches output format under CI runners
    if not a.keep_bytecode_env:
        if env.pop("PYTHONDONTWRITEBYTECODE", None):
            notes.append("PYTHONDONTWRITEBYTECODE was set in this shell; it is unset for the "
                         "measured commands and bytecode is cached under bench/out/pycache "
                         "(PYTHONPYCACHEPREFIX), as for any pip-installed tool.")
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)

    rss_method = a.rss_method
    if rss_method == "auto":
        rss_method = "time" if os.access(GNU_TIME, os.X_OK) else "wait4"
    runner = Runner(env, rss_method, a.timeout, OUT / "runs")
    if rss_method == "time":  # GNU time 1.7 reported ru_maxrss 4x too high; check it
        probe = [sys.executable, "-c", "b = bytearray(80_000_000); b[::4096] = b'x' * len(b[::4096])"]
        ct = Cmd("rss-probe-time", [probe], OUT, 0)
        runner.run(ct)
        runner.rss_method = "wait4"
        cw = Cmd("rss-probe-wait4", [probe], OUT, 0)
        runner.run(cw)
        runner.rss_method = "time"
        rt, rw = ct.samples[0].rss_kb, cw.samples[0].rss_kb
        if not rt or not rw or not (0.8 < rt / rw < 1.25):
            notes.append(f"/usr/bin/time reported {rt} KB where wait4 said {rw} KB; using os.wait4.")
            runner.rss_method = rss_method = "wait4"

    # --- tools
    tl_cmd = shlex.split(a.tl) if a.tl else None
    tl_python = sys.executable  # the interpreter tel3sis-lint runs on (floor and profile too)
    snapshot = None
    if a.snapshot:
        if tl_cmd:
            die("--snapshot and --tel3sis-lint exclude each other")
        snapshot = export_snapshot(a.snapshot, whole=a.tl_venv)
    if a.tl_venv:
        if tl_cmd:
            die("--tl-venv and --tel3sis-lint exclude each other")
        src = snapshot["dir"] if snapshot else REPO
        tl_python = str(setup_tl_venv(src, snapshot["sha"] if snapshot else None))
        tl_cmd = [str(Path(tl_python).parent / "tel3sis-lint")]
        origin = f"commit {snapshot['sha'][:10]}" if snapshot else "the working tree"
        notes.append("tel3sis-lint measured as installed (non-editable, `pip install`) into its "
                     f"own venv bench/out/tl-venv from {origin} "
                     "(--tl-venv), like the peers; the parse floor and `python -c pass` run on "
                     "that venv's interpreter too.")
    elif snapshot:
        env["PYTHONPATH"] = os.pathsep.join(
            [str(snapshot["dir"])] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
        tl_cmd = [sys.executable, "-m", "tel3sis_lint"]
        notes.append(f"Measured tel3sis_lint/ as committed at {snapshot['sha'][:10]} "
                     f"(--snapshot {a.snapshot}), exported to {snapshot['dir']} and run as "
                     "`python -m tel3sis_lint`; not the working tree.")
    if tl_cmd is None:
        beside = Path(sys.executable).parent / "tel3sis-lint"
        found = str(beside) if beside.exists() else shutil.which("tel3sis-lint")
        if not found:
            die("tel3sis-lint not found: pip install -e . first, or pass --tel3sis-lint CMD")
        tl_cmd = [found]
    help_text = subprocess.run(tl_cmd + ["--help"], capture_output=True, text=True, env=env,
                               cwd=OUT).stdout
    has_jobs = "--jobs" in help_text
    if not has_jobs:
        notes.append("tel3sis-lint has no --jobs option: the --jobs 1/--jobs 2 variants and the "
                     "speed-up target are skipped.")
    floor_cmd = [tl_python, str(PARSE_FLOOR)]
    pf_check = subprocess.run(floor_cmd + [str(PARSE_FLOOR)], capture_output=True, text=True, env=env)
    if pf_check.returncode:
        die(f"parse_floor.py does not run with {tl_python}: {pf_check.stderr.strip()}")

    peers: dict[str, list[str]] = {}
    if not a.no_peers:
        vbin = setup_python_peers(a.no_install, notes)
        if vbin:
            for name, exe in (("yamllint", "yamllint"), ("dotenv-linter", "dotenv-linter"),
                              ("compose-lint", "compose-lint")):
                p = vbin / exe
                if p.exists():
                    peers[name] = [str(p)]
                else:
                    notes.append(f"{name} skipped: not installed in bench/out/venv.")
        dcl = setup_dclint(a.no_install, notes)
        if dcl:
            peers["dclint"] = [str(dcl)]
    else:
        notes.append("Peers skipped (--no-peers).")

    src0 = source_fingerprint(env, tl_python)
    versions = {"tel3sis-lint": tool_version(tl_cmd + ["--version"], env)}
    for name, c in peers.items():
        versions[name] = tool_version(c + ["--version"], env)
    versions["node"] = tool_version(["node", "--version"], env) if "dclint" in peers else "-"
    import importlib.metadata as md
    for dist in ("PyYAML", "python-dotenv"):
        try:
            versions[dist] = md.version(dist)
        except md.PackageNotFoundError:
            versions[dist] = "?"

    # --- trees
    trees = {n: make_tree(cache, n, a.seed) for n in sorted(set(sizes))}
    big_tree = make_tree(cache, 1, a.seed, big=True) if "big" not in skip else None
    mach = machine_info()
    log(f"bench: {mach['nproc']} cores, {mach['cpu']}, Python {mach['python']}; "
        f"rss via {rss_method}; trees under {cache}")

    # --- command builders
    def tl(name: str, root: Path, files: int, extra: list[str], target: str = ".", keep=False) -> Cmd:
        return Cmd(name, [tl_cmd + extra + [target]], root, files, "everything", keep_output=keep)

    def scale_cmds(n: int, root: Path, with_peers: bool, with_jobs2: bool) -> list[Cmd]:
        nfiles = 4 * n
        cs: list[Cmd] = []
        if has_jobs:
            cs.append(tl(f"tl-jobs1@{n}", root, nfiles, ["--jobs", "1"]))
        cs.append(tl(f"tl-default@{n}", root, nfiles, []))
        if has_jobs and with_jobs2:
            cs.append(tl(f"tl-jobs2@{n}", root, nfiles, ["--jobs", "2"]))
        cs.append(Cmd(f"parse-floor@{n}", [floor_cmd + ["."]], root, nfiles, "everything"))
        if with_peers:
            if "yamllint" in peers:  # directory mode: it finds *.yml/*.yaml itself
                ny = len(list_files(root, is_yaml))
                cs.append(Cmd(f"yamllint@{n}", [peers["yamllint"] + ["."]], root, ny, "YAML files"))
            if "dotenv-linter" in peers:  # no directory mode: file lists, xargs-style batches
                fl = list_files(root, is_env)
                cs.append(Cmd(f"dotenv-linter@{n}", batched(peers["dotenv-linter"] + ["lint"], fl),
                              root, len(fl), ".env files"))
            if "compose-lint" in peers:  # file lists, xargs-style batches
                fl = list_files(root, is_compose)
                cs.append(Cmd(f"compose-lint@{n}", batched(peers["compose-lint"] + ["check"], fl),
                              root, len(fl), "compose files"))
            if "dclint" in peers:  # recursive directory mode finds compose files itself
                nc = len(list_files(root, is_compose))
                cs.append(Cmd(f"dclint@{n}", [peers["dclint"] + ["-r", "."]], root, nc, "compose files"))
        return cs

    results: dict = {"scale": {}, "cold": {}, "big": {}, "profile": None}
    all_cmds: list[Cmd] = []

    # --- one small deployment, copied twice: without and with a settings file
    dep_src = trees[small_n] / "dep-00000"
    cold = cache / "cold"
    plain, withset = cold / "plain" / "dep-00000", cold / "settings" / "dep-00000"
    for d in (plain, withset):
        if d.exists():
            shutil.rmtree(d)
        shutil.copytree(dep_src, d)
    (withset / "pyproject.toml").write_text(SETTINGS_TOML)

    # --- warm-up (untimed): every tool once on the small deployment, so bytecode is cached
    warm = Runner(env, "wait4", a.timeout, OUT / "warmup")
    for c in scale_cmds(1, plain.parent, with_peers=True, with_jobs2=has_jobs):
        warm.run(c)

    # --- cold start on one small deployment
    if "cold" not in skip:
        for anc in plain.parents:
            for fn in ("pyproject.toml", ".tel3sis-lint.toml"):
                if (anc / fn).exists():
                    notes.append(f"cold start 'no settings' case may see {anc / fn} (searched upwards).")
        chk = subprocess.run(tl_cmd + ["dep-00000"], cwd=withset.parent, capture_output=True,
                             text=True, env=env)
        if chk.returncode in (2, 3):
            notes.append(f"tel3sis-lint rejected the benchmark settings file (rc {chk.returncode}): "
                         f"{chk.stderr.strip()[:300]}")
        cc = [Cmd("cold-tl-nosettings", [tl_cmd + ["dep-00000"]], plain.parent, 4, "one deployment"),
              Cmd("cold-tl-settings", [tl_cmd + ["dep-00000"]], withset.parent, 4,
                  "one deployment + [tool.tel3sis-lint]"),
              Cmd("cold-tl-settings-nocache", [tl_cmd + ["dep-00000"]], withset.parent, 4,
                  "as above, TEL3SIS_LINT_NO_CACHE=1 (first run: settings validated)",
                  env_extra={"TEL3SIS_LINT_NO_CACHE": "1"}),
              Cmd("cold-python-c-pass", [[tl_python, "-c", "pass"]], plain.parent, 0,
                  "interpreter start"),
              Cmd("cold-parse-floor", [floor_cmd + ["dep-00000"]], plain.parent, 4, "one deployment")]
        if "yamllint" in peers:
            cc.append(Cmd("cold-yamllint", [peers["yamllint"] + ["dep-00000/docker-compose.yml"]],
                          plain.parent, 1, "one compose file"))
        if "dotenv-linter" in peers:
            cc.append(Cmd("cold-dotenv-linter", [peers["dotenv-linter"] + ["lint", "dep-00000/.env"]],
                          plain.parent, 1, "one .env file"))
        if "compose-lint" in peers:
            cc.append(Cmd("cold-compose-lint", [peers["compose-lint"] + ["check", "dep-00000/docker-compose.yml"]],
                          plain.parent, 1, "one compose file"))
        if "dclint" in peers:
            cc.append(Cmd("cold-dclint", [peers["dclint"] + ["dep-00000/docker-compose.yml"]],
                          plain.parent, 1, "one compose file"))
        run_cell(runner, "cold start: one small deployment", cc, a.cold_rounds, a.budget, idle)
        results["cold"] = {c.name: c.summary() for c in cc}
        all_cmds += cc

    # --- scale: small, base, large
    if "scale" not in skip:
        for n in sizes:
            root = trees[n]
            warm_page_cache(root)
            with_peers = n != large_n or a.peers_at_large
            cs = scale_cmds(n, root, with_peers=with_peers, with_jobs2=(n in (base_n, large_n)))
            run_cell(runner, f"N = {n} deployments ({4 * n} files)", cs, rounds, a.budget, idle)
            results["scale"][n] = {c.name.split("@")[0]: c.summary() for c in cs}
            all_cmds += cs

    # --- big files: each alone, under the name tel3sis-lint recognises
    if big_tree is not None:
        bl = cache / "big-lint"
        bc: list[Cmd] = []
        for src in sorted((big_tree / "big").iterdir(), key=lambda p: (p.suffix, p.stat().st_size)):
            stem = src.name.rsplit(".", 1)[0]
            target = "docker-compose.yml" if src.suffix in (".yml", ".yaml") else ".env"
            d = bl / stem
            d.mkdir(parents=True, exist_ok=True)
            dst = d / target
            if not dst.exists() or dst.stat().st_size != src.stat().st_size:
                if dst.exists():
                    dst.unlink()
                shutil.copyfile(src, dst)
            size = src.stat().st_size
            bc.append(Cmd(f"big-tl-{stem}", [tl_cmd + [target]], d, 1, f"{target} {size / MB:.2f} MB"))
            bc.append(Cmd(f"big-floor-{stem}", [floor_cmd + [target]], d, 1, f"{target} {size / MB:.2f} MB"))
        warm_page_cache(bl)
        run_cell(runner, "big files (one file each)", bc, rounds, a.budget, idle)
        results["big"] = {c.name: c.summary() for c in bc}
        all_cmds += bc

    # --- profile
    if a.profile:
        root = trees[base_n]
        prof = OUT / f"profile-n{base_n}.prof"
        extra = ["--jobs", "1"] if has_jobs else []
        log(f"\n== cProfile: tel3sis-lint {' '.join(extra)} on N = {base_n}")
        t0 = time.perf_counter()
        with open(OUT / f"profile-n{base_n}.out", "wb") as fo:
            subprocess.run([tl_python, "-m", "cProfile", "-o", str(prof), "-m", "tel3sis_lint",
                            *extra, "."], cwd=root, env=env, stdout=fo, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - t0
        import io
        import pstats
        text = io.StringIO()
        st = pstats.Stats(str(prof), stream=text)
        st.strip_dirs()
        text.write(f"# cProfile of tel3sis-lint {' '.join(extra)} on N={base_n}: {wall:.2f} s under the profiler\n")
        text.write("\n## top 25 by cumulative time\n")
        st.sort_stats("cumulative").print_stats(25)
        text.write("\n## top 25 by total (own) time\n")
        st.sort_stats("tottime").print_stats(25)
        (OUT / f"profile-n{base_n}.txt").write_text(text.getvalue())
        results["profile"] = {"prof": str(prof), "txt": str(OUT / f"profile-n{base_n}.txt"), "wall_s": wall}
        log(f"   wrote {prof} and profile-n{base_n}.txt ({wall:.1f} s)")

    # --- jobs output identity (large tree, then base)
    jobs_check = None
    if has_jobs and "scale" not in skip:
        for n in (large_n, base_n):
            s = results["scale"].get(n, {})
            if "tl-jobs1" in s and "tl-jobs2" in s:
                shas1, shas2 = s["tl-jobs1"]["out_shas"], s["tl-jobs2"]["out_shas"]
                identical = len(set(shas1) | set(shas2)) == 1
                jobs_check = {"n": n, "identical": identical, "jobs1_shas": shas1, "jobs2_shas": shas2}
                if not identical:
                    notes.append(f"--jobs 1 and --jobs 2 stdout differ at N={n} "
                                 f"(sha256 prefixes {shas1} vs {shas2}); see bench/out/runs/tl-jobs*@{n}.out")
                break

    finished = _dt.datetime.now(_dt.timezone.utc)
    src1 = source_fingerprint(env, tl_python)
    mach["source"] = src0
    if snapshot:
        src0["snapshot"] = snapshot["sha"][:10]
    if src1["tree_sha"] != src0["tree_sha"] or (
            not snapshot and src1["git_head"] != src0["git_head"]):
        notes.insert(0, f"**tel3sis-lint's source changed during the run** (package hash "
                        f"{src0['tree_sha']} -> {src1['tree_sha']}, git {src0['git_head']} -> "
                        f"{src1['git_head']}): the figures mix versions; re-run on a quiet tree.")
    mach["loadavg_end"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    report = build_report(a, command, started, finished, mach, versions, notes, results, sizes,
                          rounds, rss_method, has_jobs, jobs_check, cache)
    a.results.write_text(report)
    RESULTS_JSON.write_text(json.dumps({
        "command": command, "started": started.isoformat(), "finished": finished.isoformat(),
        "machine": mach, "versions": versions, "notes": notes, "sizes": sizes, "rounds": rounds,
        "rss_method": rss_method, "jobs_check": jobs_check,
        "results": {k: ({str(kk): vv for kk, vv in v.items()} if isinstance(v, dict) else v)
                    for k, v in results.items()},
    }, indent=1, default=str))
    print(report.split("\n## Notes")[0].split("\n## Results", 1)[-1])
    log(f"\nbench: wrote {a.results} and {RESULTS_JSON} in {(finished - started).total_seconds():.0f} s")
    return 0


# ------------------------------------------------------------------ report
def ratio(a: float | None, b: float | None) -> float | None:
    return (a / b) if (a is not None and b) else None


def build_report(a, command, started, finished, mach, versions, notes, results, sizes, rounds,
                 rss_method, has_jobs, jobs_check, cache) -> str:
    small_n, base_n, large_n = sizes
    sc = results["scale"]
    L: list[str] = []
    w = L.append
    w("# tel3sis-lint benchmark results\n")
    took = (finished - started).total_seconds() / 60
    w(f"- Date: {started.strftime('%Y-%m-%d %H:%M UTC')} (run took {took:.1f} min)")
    w(f"- Command: `{command}`" + ("  (**quick mode: small trees; not valid for the targets**)" if a.quick else ""))
    w(f"- Machine: {mach['nproc']} CPUs ({mach['cpu']}), {mach['mem_mib']} MiB RAM, "
      f"Python {mach['python']} ({mach['python_impl']}), {mach['platform']}")
    la0, la1 = mach.get("loadavg"), mach.get("loadavg_end")
    if la0 and la1:
        w(f"- Load average at start / end: {la0[0]:.2f} / {la1[0]:.2f} (1 min)")
    w("- Versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()))
    src = mach.get("source") or {}
    if src.get("tree_sha"):
        dirty = src.get("dirty")
        w("- tel3sis-lint source: "
          + (f"snapshot of commit {src['snapshot']} (repository HEAD {src.get('git_head')})"
             if src.get("snapshot") else f"git {src.get('git_head') or '?'}")
          + (f" + {dirty} uncommitted file(s) in tel3sis_lint/"
             if dirty and not src.get("snapshot") else "")
          + f", package hash {src['tree_sha']} ({src.get('pkg')})")
    w(f"- Trees: make_corpus.py seed {a.seed}, N = {', '.join(str(n) for n in sizes)} (4 files each) "
      f"and --big-files, cached in `{cache}`")
    w(f"- Rounds: up to {rounds} per command (order alternating each round), a command whose first "
      f"run exceeded {a.budget:.0f}/{rounds} s gets fewer (`rounds` column); cold start "
      f"{a.cold_rounds} rounds. Wall = median. Peak RSS = largest max-RSS of the process tree "
      f"over the rounds (via {'/usr/bin/time -f %M' if rss_method == 'time' else 'os.wait4'}; "
      "for multi-process runs it is the largest single process, not the sum).")
    w("- `bg` = cores used by *other* processes during the runs (from /proc/stat minus the child's "
      "CPU time); above ~0.2 the machine was shared and walls are inflated.\n")

    w("## Results\n")

    def table(rows: dict, title: str) -> None:
        w(f"### {title}\n")
        w("| command | on | files | rounds | median wall | min | files/s | peak RSS | CPU | bg | exit |")
        w("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for name, s in rows.items():
            fps = f"{s['files_per_s']:.0f}" if s["files_per_s"] else "-"
            cpu = fmt_s(s["median_cpu_s"])
            bg = f"{s['bg_cores']:.2f}" if s["bg_cores"] is not None else "-"
            rcs = ",".join(str(r) for r in s["rcs"]) + (f" ({s['timeouts']} timeout)" if s["timeouts"] else "")
            w(f"| {name} | {s['label']} | {s['files']} | {s['rounds']} | {fmt_s(s['median_s'])} | "
              f"{fmt_s(s['min_s'])} | {fps} | {fmt_mb(s['peak_rss_kb'])} | {cpu} | {bg} | {rcs} |")
        w("")

    for n in sizes:
        if n in sc:
            table(sc[n], f"N = {n:,} deployments ({4 * n:,} files)")
    if results["cold"]:
        table(results["cold"], "Cold start: one small deployment (dep-00000)")
    if results["big"]:
        table(results["big"], "Big files (--big-files), each linted alone")

    # ---- targets: status from the medians; the same ratio from the fastest rounds beside it
    # (less sensitive to other processes on a shared machine)
    def stat(section: dict, name: str, key: str):
        return section.get(name, {}).get(key)

    def med(n, name):
        return stat(sc.get(n, {}), name, "median_s")

    def mn(n, name):
        return stat(sc.get(n, {}), name, "min_s")

    cold, big = results["cold"], results["big"]
    rows = []

    def target(desc, num, den, ok, unit="x", run_on=None):
        """num/den from (median, min) pairs; `ok` judges the median ratio."""
        r_med, r_min = ratio(num[0], den[0]), ratio(num[1], den[1])
        if r_med is None:
            rows.append((desc, "n/a", run_on or "-", "-"))
            return
        shown = f"{r_med:.2f}{unit} ({fmt_s(num[0])} vs {fmt_s(den[0])})"
        rows.append((desc, "met" if ok(r_med) else "**not met**", shown, f"{r_min:.2f}{unit}"))

    tl_b = (med(base_n, "tl-default"), mn(base_n, "tl-default"))
    floor_b = (med(base_n, "parse-floor"), mn(base_n, "parse-floor"))
    target(f"tel3sis-lint (default) <= 1.5x parse floor, N={base_n:,}", tl_b, floor_b,
           lambda v: v <= 1.5)
    target(f"yamllint (YAML only) >= 5x tel3sis-lint (everything), N={base_n:,}",
           (med(base_n, "yamllint"), mn(base_n, "yamllint")), tl_b, lambda v: v >= 5,
           run_on="yamllint not run")
    for peer, what in (("dotenv-linter", ".env"), ("compose-lint", "compose"), ("dclint", "compose")):
        target(f"tel3sis-lint (everything) faster than {peer} ({what} only), N={base_n:,}: "
               f"{peer} / tel3sis-lint > 1", (med(base_n, peer), mn(base_n, peer)), tl_b,
               lambda v: v > 1, run_on=f"{peer} not run")
    target(f"growth N={base_n:,} -> {large_n:,} <= 5.5x",
           (med(large_n, "tl-default"), mn(large_n, "tl-default")), tl_b, lambda v: v <= 5.5)
    rss = stat(sc.get(large_n, {}), "tl-default", "peak_rss_kb")
    if rss:
        rows.append((f"peak RSS at N={large_n:,} < 60 MB",
                     "met" if rss * 1024 < 60 * MB else "**not met**",
                     f"{fmt_mb(rss)} ({rss} KiB)", "-"))
    else:
        rows.append((f"peak RSS at N={large_n:,} < 60 MB", "n/a", "-", "-"))
    desc = f"--jobs 2 >= 1.6x faster than --jobs 1 at N={large_n:,}, byte-identical output"
    if has_jobs:
        ident = bool(jobs_check and jobs_check["identical"])
        j1 = (med(large_n, "tl-jobs1"), mn(large_n, "tl-jobs1"))
        j2 = (med(large_n, "tl-jobs2"), mn(large_n, "tl-jobs2"))
        target(desc, j1, j2, lambda v: v >= 1.6 and ident)
        if rows[-1][1] != "n/a":
            rows[-1] = (rows[-1][0], rows[-1][1],
                        rows[-1][2] + ("; output byte-identical" if ident else "; output DIFFERS"),
                        rows[-1][3])
    else:
        rows.append((desc, "n/a", "tel3sis-lint has no --jobs", "-"))

    def cpair(name):
        return (stat(cold, name, "median_s"), stat(cold, name, "min_s"))
    target("cold start, no settings file: tel3sis-lint / yamllint on one file <= 1",
           cpair("cold-tl-nosettings"), cpair("cold-yamllint"), lambda v: v <= 1)
    target("cold start, [tool.tel3sis-lint] settings: tel3sis-lint / dotenv-linter on one file <= 1",
           cpair("cold-tl-settings"), cpair("cold-dotenv-linter"), lambda v: v <= 1)
    for stem, what in (("compose-5mb", "5 MB compose file"), ("env-2mb", "2 MB .env")):
        s = stat(big, f"big-tl-{stem}", "median_s")
        s_min = stat(big, f"big-tl-{stem}", "min_s")
        rows.append((f"{what} lints in < 2 s", "n/a" if s is None else
                     ("met" if s < 2 else "**not met**"), fmt_s(s), fmt_s(s_min)))

    w("## Targets\n")
    w("Status from the median walls; the last column gives the same figure from the fastest "
      "round of each command, which is less affected by other load on the machine.\n")
    w("| target | status | measured (medians) | from fastest rounds |")
    w("|---|---|---|---|")
    for d, st, m, m2 in rows:
        w(f"| {d} | {st} | {m} | {m2} |")
    w("")
    if a.quick:
        w("_Quick mode: the sizes are scaled down (base/large = "
          f"{base_n}/{large_n}), so the statuses above are indicative only._\n")

    # ---- derived figures
    w("## Derived\n")
    for n in sizes:
        s = sc.get(n, {})
        if "tl-default" in s and "parse-floor" in s:
            w(f"- N={n:,}: tel3sis-lint default {fmt_s(s['tl-default']['median_s'])} = "
              f"{ratio(s['tl-default']['median_s'], s['parse-floor']['median_s']):.2f}x the parse floor "
              f"({fmt_s(s['parse-floor']['median_s'])})"
              + (f"; --jobs 1 {fmt_s(s['tl-jobs1']['median_s'])}" if "tl-jobs1" in s else "")
              + (f"; --jobs 2 {fmt_s(s['tl-jobs2']['median_s'])}" if "tl-jobs2" in s else ""))
    for n0, n1 in ((small_n, base_n), (base_n, large_n)):
        r0, r1 = med(n0, "tl-default"), med(n1, "tl-default")
        f0, f1 = med(n0, "parse-floor"), med(n1, "parse-floor")
        if r0 and r1:
            w(f"- growth N={n0:,} -> {n1:,} ({n1 / n0:.0f}x the files): tel3sis-lint {r1 / r0:.2f}x"
              + (f", parse floor {f1 / f0:.2f}x" if f0 and f1 else ""))
    if jobs_check:
        w(f"- --jobs 1 vs --jobs 2 stdout at N={jobs_check['n']:,}: "
          f"{'byte-identical' if jobs_check['identical'] else 'DIFFERENT'} "
          f"(sha256 prefixes {jobs_check['jobs1_shas']} / {jobs_check['jobs2_shas']})")
    for n in sizes:
        s = sc.get(n, {}).get("tl-default")
        if s and len(s["out_shas"]) > 1:
            w(f"- N={n:,}: tel3sis-lint default output differed between rounds ({s['out_shas']})")
    if results.get("profile"):
        w(f"- cProfile (--jobs 1, N={base_n:,}): `{results['profile']['txt']}` "
          f"({results['profile']['wall_s']:.1f} s under the profiler)")
    w("")
    w("## Notes\n")
    for n in notes or ["none"]:
        w(f"- {n}")
    w("- Peers are run on the subset they lint (yamllint: YAML files via its directory mode; "
      "dotenv-linter and compose-lint: file lists in xargs-style batches of <= "
      f"{ARG_BYTES // 1000} KB, all batches timed; dclint: `-r .`); tel3sis-lint and the parse "
      "floor run on the whole tree. Each peer runs with its default rules and output.")
    w("- Read 'faster than X on its subset' as tel3sis-lint on every file vs X on only its own "
      "files (the stricter reading of the targets).")
    w("- Cold start with settings: tel3sis-lint remembers a settings file that passed validation "
      "(a marker in ~/.cache/tel3sis-lint) and then skips pydantic; the untimed warm-up writes "
      "it, so `cold-tl-settings` is a repeat run and `cold-tl-settings-nocache` "
      "(TEL3SIS_LINT_NO_CACHE=1) is what the very first run on a settings file costs.")
    w("- Outputs of every run are in bench/out/runs/; every sample is in bench/out/results.json.")
    return "\n".join(L) + "\n"


def _sigterm(_signum, _frame):
    raise KeyboardInterrupt


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _sigterm)
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        log("bench: interrupted")
        sys.exit(130)
