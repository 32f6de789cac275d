#!/usr/bin/env python3
"""Static checks of the deployment files (docker/ and k8s/) against each other and against the code.

No Docker engine or cluster is needed: only python3 with PyYAML. Run from anywhere:

    python3 k8s/check.py            # exit code 0 = all checks passed

What it checks:
  * every YAML file under docker/ and k8s/ parses (all documents);
  * every kustomization.yaml / Component names only files and directories that exist;
  * the KafkaTopic resources (k8s/base/topics.yaml), the compose topic job (docker/topics/create-topics.sh)
    and the topic names of TopicCatalogue.java agree: names, partitions, cleanup.policy,
    max.message.bytes and the other configs;
  * every key in the worker/curator properties files is a key WorkerConfig/CuratorConfig defines
    (or a pass-through prefix: kafka.*, serde.*, streams.*);
  * every container/compose command of the ISSA image starts with a real `issa` subcommand, and
    every --option it passes is declared by that subcommand's class;
  * ports, the consumer group and the KEDA replica cap agree with the properties and the topics;
    terminationGracePeriodSeconds exceeds transaction.timeout.ms;
  * every issa_* metric in the Grafana dashboard and the PrometheusRule is one the code registers
    (Micrometer names in WorkerMetrics.java / CuratorMetrics.java, Prometheus-style suffixes);
  * Dockerfiles: every RUN snippet passes `sh -n`, COPY sources exist, and docker/bin/issa passes the
    same JVM system properties as the repository's ./issa launcher; the shell scripts pass `sh -n`;
  * when `kustomize` or `kubectl` is on the PATH: every overlay renders (offline, no cluster contacted).
"""
from __future__ import annotations

import json
import re
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CLI = ROOT / "cli/src/main/java/org/issastream/cli"
WORKER_CONFIG = ROOT / "model-server/src/main/java/org/issastream/worker/WorkerConfig.java"
CURATOR_CONFIG = ROOT / "streams/src/main/java/org/issastream/streams/curator/CuratorConfig.java"
CATALOGUE = ROOT / "schemas/src/main/java/org/issastream/schemas/topics/TopicCatalogue.java"
METRIC_SOURCES = [
    ROOT / "model-server/src/main/java/org/issastream/worker/WorkerMetrics.java",
    ROOT / "streams/src/main/java/org/issastream/streams/curator/CuratorMetrics.java",
]

problems: list[str] = []
checked: list[str] = []


def problem(msg: str) -> None:
    problems.append(msg)


def rel(p: Path) -> str:
    return str(p.relative_to(ROOT))


# ---------------------------------------------------------------- YAML parses
def load_all_yaml() -> dict[Path, list]:
    docs = {}
    files = sorted(list((ROOT / "docker").rglob("*.y*ml")) + list((ROOT / "k8s").rglob("*.y*ml")))
    for f in files:
        try:
            with f.open() as fh:
                docs[f] = [d for d in yaml.safe_load_all(fh) if d is not None]
        except yaml.YAMLError as e:
            problem(f"{rel(f)}: does not parse: {e}")
    checked.append(f"{len(docs)} YAML files parse")
    return docs


# ---------------------------------------------------------------- kustomizations
def check_kustomizations(docs: dict[Path, list]) -> None:
    n = 0
    for f, ds in docs.items():
        if f.name != "kustomization.yaml":
            continue
        n += 1
        k = ds[0]
        base = f.parent
        refs = list(k.get("resources", [])) + list(k.get("components", []))
        for p in k.get("patches", []):
            if "path" in p:
                refs.append(p["path"])
        for g in k.get("configMapGenerator", []) + k.get("secretGenerator", []):
            for spec in g.get("files", []):
                refs.append(spec.split("=", 1)[-1])
        for r in refs:
            target = (base / r).resolve()
            if not target.exists():
                problem(f"{rel(f)}: names {r}, which does not exist")
            elif target.is_dir() and not (target / "kustomization.yaml").exists():
                problem(f"{rel(f)}: names directory {r} without a kustomization.yaml")
        if k.get("kind") == "Component" and k.get("apiVersion") != "kustomize.config.k8s.io/v1alpha1":
            problem(f"{rel(f)}: a Component needs apiVersion kustomize.config.k8s.io/v1alpha1")
    checked.append(f"{n} kustomizations reference only existing files")


# ---------------------------------------------------------------- topics
def catalogue_names() -> set[str]:
    src = CATALOGUE.read_text()
    return set(re.findall(r'public static final String [A-Z_]+ = "([^"]+)";', src))


def k8s_topics(docs: dict[Path, list]) -> dict[str, tuple[int, dict]]:
    out = {}
    for d in docs[ROOT / "k8s/base/topics.yaml"]:
        if d.get("kind") != "KafkaTopic":
            continue
        spec = d["spec"]
        name = spec.get("topicName", d["metadata"]["name"])
        cfg = {k: str(v) for k, v in (spec.get("config") or {}).items()}
        out[name] = (int(spec["partitions"]), cfg)
        if d["metadata"].get("labels", {}).get("strimzi.io/cluster") != "issa":
            problem(f"KafkaTopic {name}: label strimzi.io/cluster must name the Kafka cluster 'issa'")
    return out


def script_topics() -> dict[str, tuple[int, dict]]:
    f = ROOT / "docker/topics/create-topics.sh"
    src = f.read_text()
    defaults = {
        "$PARTITIONS": int(re.search(r'PARTITIONS="\$\{TOPIC_PARTITIONS:-(\d+)\}"', src).group(1)),
        "$POOL_PARTITIONS": int(re.search(r'POOL_PARTITIONS="\$\{POOL_PARTITIONS:-(\d+)\}"', src).group(1)),
    }
    image_max = re.search(r'IMAGE_MAX="\$\{IMAGE_MAX_MESSAGE_BYTES:-(\d+)\}"', src).group(1)
    out = {}
    for line in src.splitlines():
        if not line.startswith("create "):
            continue
        words = shlex.split(line, posix=False)
        name, parts = words[1], words[2].strip('"')
        parts = defaults.get(parts, None) if parts.startswith("$") else int(parts)
        cfg = {}
        for w in words[3:]:
            k, v = w.split("=", 1)
            cfg[k] = image_max if v.strip('"') == "$IMAGE_MAX" else v
        out[name] = (parts, cfg)
    return out


def check_topics(docs: dict[Path, list]) -> dict[str, tuple[int, dict]]:
    names = catalogue_names()
    k8s = k8s_topics(docs)
    sh = script_topics()
    if set(k8s) != names:
        problem(f"k8s/base/topics.yaml topics {sorted(k8s)} != TopicCatalogue {sorted(names)}")
    if set(sh) != names:
        problem(f"docker/topics/create-topics.sh topics {sorted(sh)} != TopicCatalogue {sorted(names)}")
    for t in sorted(set(k8s) & set(sh)):
        if k8s[t] != sh[t]:
            problem(f"topic {t}: k8s {k8s[t]} != compose script {sh[t]}")
    # the catalogue's rules (TopicCatalogue constructor with TopicsConfig defaults)
    images = {"fleet.images", "fleet.exemplars", "augmented.samples", "proxy.validation", "fleet.images.dlq"}
    compacted = {"style.pool", "proxy.validation", "_schemas"}
    single = {"style.pool", "training.reports", "_schemas"}
    tc = (ROOT / "schemas/src/main/java/org/issastream/schemas/topics/TopicsConfig.java").read_text()
    data_partitions = int(re.search(r"define\(PARTITIONS, Type.INT, (\d+)", tc).group(1))
    for t, (p, cfg) in k8s.items():
        want_p = 1 if t in single else data_partitions
        if p != want_p:
            problem(f"topic {t}: {p} partitions, the catalogue gives {want_p}")
        want_policy = "compact" if t in compacted else "delete"
        if cfg.get("cleanup.policy") != want_policy:
            problem(f"topic {t}: cleanup.policy {cfg.get('cleanup.policy')}, the catalogue gives {want_policy}")
        if (t in images) != ("max.message.bytes" in cfg) or (t in images and cfg["max.message.bytes"] != "16777216"):
            problem(f"topic {t}: max.message.bytes {cfg.get('max.message.bytes')} does not match the catalogue")
    checked.append(f"{len(k8s)} topics agree: TopicCatalogue, k8s KafkaTopics, compose topic job")
    return k8s


# ---------------------------------------------------------------- config keys
def java_keys(path: Path) -> set[str]:
    src = path.read_text()
    keys = set(re.findall(r'public static final String [A-Z_]+ = "([a-z][a-z0-9.\-]*)";', src))
    return keys


def read_props(path: Path) -> dict[str, str]:
    props = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#") or line.startswith("!"):
            continue
        k, v = re.split(r"\s*[=:]\s*", line, maxsplit=1)
        props[k] = v
    return props


def check_properties() -> dict[str, dict[str, str]]:
    wkeys = java_keys(WORKER_CONFIG) - {"kafka."}
    ckeys = java_keys(CURATOR_CONFIG) - {"streams.", "serde."}
    files = {
        "docker/config/worker.properties": (wkeys, ("kafka.", "serde.")),
        "k8s/base/config/worker.properties": (wkeys, ("kafka.", "serde.")),
        "docker/config/curator.properties": (ckeys, ("streams.", "serde.")),
        "k8s/base/config/curator.properties": (ckeys, ("streams.", "serde.")),
    }
    out = {}
    for f, (keys, prefixes) in files.items():
        props = read_props(ROOT / f)
        out[f] = props
        for k in props:
            if k not in keys and not k.startswith(prefixes):
                problem(f"{f}: key {k} is not defined by the config class (nor a pass-through prefix)")
    manifest = json.loads((ROOT / "models/mini-codec-v2/manifest.json").read_text())
    for f in ("docker/config/curator.properties", "k8s/base/config/curator.properties"):
        p = out[f]
        if (p.get("curator.codec.id"), p.get("curator.codec.num.styles"), p.get("curator.codec.style.dim")) != (
                manifest["id"], str(manifest["numStyles"]), str(manifest["styleDim"])):
            problem(f"{f}: curator.codec.* does not match models/mini-codec-v2/manifest.json")
    for f in ("docker/config/worker.properties", "k8s/base/config/worker.properties"):
        if out[f].get("http.host") != "0.0.0.0":
            problem(f"{f}: http.host must be 0.0.0.0 in a container (default 127.0.0.1)")
    for f in ("docker/config/curator.properties", "k8s/base/config/curator.properties"):
        if out[f].get("curator.http.host") != "0.0.0.0":
            problem(f"{f}: curator.http.host must be 0.0.0.0 in a container (default 127.0.0.1)")
    checked.append("worker/curator properties use only keys the config classes define; codec matches manifest")
    return out


# ---------------------------------------------------------------- commands
def subcommands() -> dict[str, set[str]]:
    """Subcommands listed in IssaMain -> option names declared in their class (and the codec mixin)."""
    out = {}
    mixin_opts = set(re.findall(r'names = (?:\{)?"(--?[a-zA-Z-]+)"', (CLI / "CodecOptions.java").read_text()))
    listed = re.findall(r"(\w+Command)\.class", (CLI / "IssaMain.java").read_text())
    for cls in listed:
        f = CLI / f"{cls}.java"
        if not f.exists():
            continue
        src = f.read_text()
        m = re.search(r'@Command\(\s*name = "([a-z-]+)"', src)
        if not m:
            continue
        opts = set(re.findall(r'"(--?[a-zA-Z][a-zA-Z-]*)"', src))
        if "CodecOptions" in src:
            opts |= mixin_opts
        opts |= {"--help", "-h", "--version", "-V"}
        out[m.group(1)] = opts
    return out


def check_command(where: str, args: list[str], cmds: dict[str, set[str]]) -> None:
    if not args:
        problem(f"{where}: empty command")
        return
    sub = args[0]
    if sub not in cmds:
        problem(f"{where}: '{sub}' is not an issa subcommand ({sorted(cmds)})")
        return
    for a in args[1:]:
        if a.startswith("-") and not a.startswith("-D") and not re.match(r"^-?\d", a):
            opt = a.split("=", 1)[0]
            if opt not in cmds[sub]:
                problem(f"{where}: option {opt} is not declared by 'issa {sub}'")


def check_commands(docs: dict[Path, list], props: dict[str, dict[str, str]]) -> None:
    cmds = subcommands()
    n = 0
    compose = docs[ROOT / "docker/compose.yaml"][0]
    for name, svc in compose["services"].items():
        image = str(svc.get("image", ""))
        if not image.startswith("issa-stream"):
            continue
        cmd = svc.get("command")
        if svc.get("entrypoint"):  # sh -c '... issa <sub> ...': check each issa invocation
            text = " ".join(cmd) if isinstance(cmd, list) else str(cmd)
            for m in re.finditer(r"issa ([a-z-]+(?: [^;]*)?)", text):
                words = shlex.split(m.group(1).replace("$$", "$"))
                check_command(f"compose service {name}", words, cmds)
                n += 1
        else:
            check_command(f"compose service {name}", [str(c) for c in cmd], cmds)
            n += 1
        for v in svc.get("volumes", []):
            src = v.split(":", 1)[0]
            if src.startswith("./") and not (ROOT / "docker" / src).exists():
                problem(f"compose service {name}: mounts {src}, which does not exist")
    for f, ds in docs.items():
        if "k8s" not in f.parts:
            continue
        for d in ds:
            spec = d.get("spec", {}) if isinstance(d, dict) else {}
            tmpl = spec.get("template", {}).get("spec", {}) if isinstance(spec, dict) else {}
            for c in tmpl.get("containers", []):
                if "args" in c and str(c.get("image", "")).startswith("issa-stream"):
                    check_command(f"{rel(f)} {d['kind']}/{d['metadata']['name']}", [str(a) for a in c["args"]], cmds)
                    n += 1
    checked.append(f"{n} issa command lines use real subcommands and options")


# ---------------------------------------------------------------- cross-references
def find(docs: dict[Path, list], path: str, kind: str, name: str) -> dict:
    for d in docs[ROOT / path]:
        if d.get("kind") == kind and d["metadata"]["name"] == name:
            return d
    raise KeyError(f"{kind}/{name} in {path}")


def check_cross(docs: dict[Path, list], props: dict[str, dict[str, str]], topics: dict) -> None:
    wp = props["k8s/base/config/worker.properties"]
    cp = props["k8s/base/config/curator.properties"]
    sts = find(docs, "k8s/base/worker.yaml", "StatefulSet", "issa-worker")
    pod = sts["spec"]["template"]["spec"]
    port = pod["containers"][0]["ports"][0]["containerPort"]
    if str(port) != wp["http.port"]:
        problem(f"worker containerPort {port} != http.port {wp['http.port']}")
    if pod["terminationGracePeriodSeconds"] * 1000 <= int(wp["transaction.timeout.ms"]):
        problem("worker terminationGracePeriodSeconds must exceed transaction.timeout.ms")
    cur = find(docs, "k8s/base/curator.yaml", "Deployment", "issa-curator")
    cport = cur["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"]
    if str(cport) != cp["curator.http.port"]:
        problem(f"curator containerPort {cport} != curator.http.port {cp['curator.http.port']}")
    so = find(docs, "k8s/components/keda/scaledobject.yaml", "ScaledObject", "issa-worker")
    trig = so["spec"]["triggers"][0]["metadata"]
    if trig["consumerGroup"] != wp.get("group.id", "issa-augment-workers"):
        problem(f"KEDA consumerGroup {trig['consumerGroup']} != worker group.id")
    if trig["topic"] != "fleet.images":
        problem("KEDA must scale on fleet.images")
    if so["spec"]["maxReplicaCount"] > topics["fleet.images"][0]:
        problem("KEDA maxReplicaCount exceeds the partitions of fleet.images (extra workers would idle)")
    if so["spec"]["scaleTargetRef"]["name"] != sts["metadata"]["name"] or so["spec"]["scaleTargetRef"]["kind"] != "StatefulSet":
        problem("KEDA scaleTargetRef does not name the worker StatefulSet")
    dc = docs[ROOT / "docker/compose.yaml"][0]["services"]
    if int(dc["worker"]["stop_grace_period"].rstrip("s")) * 1000 <= int(props["docker/config/worker.properties"]["transaction.timeout.ms"]):
        problem("compose worker stop_grace_period must exceed transaction.timeout.ms")
    checked.append("ports, consumer group, KEDA cap and grace periods agree with the properties and topics")


# ---------------------------------------------------------------- metrics
def registered_metrics() -> set[str]:
    names = set()
    for f in METRIC_SOURCES:
        src = f.read_text()
        for kind, name in re.findall(r'(Counter|Gauge|Timer|DistributionSummary)\.builder\("([a-z.]+)"', src):
            names.add((kind, name.replace(".", "_")))
        for name in re.findall(r'timer\("([a-z.]+)"', src):  # WorkerMetrics' timer helper
            names.add(("Timer", name.replace(".", "_")))
    allowed = set()
    for kind, base in names:
        if kind == "Counter":
            allowed.add(base + "_total")
        elif kind == "Gauge":
            allowed.add(base)
        elif kind == "Timer":
            allowed |= {base + "_seconds", base + "_seconds_count", base + "_seconds_sum", base + "_seconds_max"}
        elif kind == "DistributionSummary":
            allowed |= {base, base + "_count", base + "_sum", base + "_max", base + "_bucket"}
    return allowed


def check_metrics(docs: dict[Path, list]) -> None:
    allowed = registered_metrics()
    exprs = []
    dash = json.loads((ROOT / "docker/grafana/dashboards/issa-stream.json").read_text())
    for p in dash["panels"]:
        exprs += [t["expr"] for t in p.get("targets", [])]
    for d in docs[ROOT / "k8s/components/monitoring/prometheusrule.yaml"]:
        for g in d["spec"]["groups"]:
            exprs += [r["expr"] for r in g["rules"]]
    used = set()
    for e in exprs:
        used |= set(re.findall(r"\b(issa_[a-z_]+)", e))
    for m in sorted(used - allowed):
        problem(f"metric {m} (dashboard or alert) is not registered by the code")
    checked.append(f"{len(used)} issa_* metric names in dashboard and alerts exist in the code")


# ---------------------------------------------------------------- Dockerfiles and scripts
def dockerfile_instructions(path: Path) -> list[tuple[str, str]]:
    out, cur = [], ""
    for line in path.read_text().splitlines():
        if not cur and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if cur and line.lstrip().startswith("#"):  # comment line inside a continuation
            continue
        cur += line.rstrip("\\").rstrip() + " " if line.rstrip().endswith("\\") else line
        if not line.rstrip().endswith("\\"):
            word, _, rest = cur.strip().partition(" ")
            out.append((word.upper(), rest.strip()))
            cur = ""
    return out


def check_dockerfiles() -> None:
    n = 0
    for df in (ROOT / "docker/Dockerfile", ROOT / "docker/Dockerfile.gpu"):
        for word, rest in dockerfile_instructions(df):
            if word == "RUN":
                script = re.sub(r"^(--mount=\S+\s+)+", "", rest)
                r = subprocess.run(["sh", "-n", "-c", script], capture_output=True, text=True)
                n += 1
                if r.returncode != 0:
                    problem(f"{rel(df)}: RUN does not parse: {r.stderr.strip()} :: {script[:80]}")
            elif word == "COPY" and "--from=" not in rest:
                srcs = [w for w in rest.split() if not w.startswith("--")][:-1]
                for src in srcs:
                    if not (ROOT / src).exists():
                        problem(f"{rel(df)}: COPY source {src} does not exist")
    for script in ("docker/bin/issa", "docker/bin/healthcheck", "docker/topics/create-topics.sh"):
        r = subprocess.run(["sh", "-n", str(ROOT / script)], capture_output=True, text=True)
        n += 1
        if r.returncode != 0:
            problem(f"{script}: {r.stderr.strip()}")
    flags = lambda text: set(re.findall(r"-D(?:ai\.djl\.offline|OPT_OUT_TRACKING|org\.apache\.avro\.SERIALIZABLE_PACKAGES)=\S+", text))
    launcher, image = flags((ROOT / "issa").read_text()), flags((ROOT / "docker/bin/issa").read_text())
    if not launcher or launcher != image:
        problem(f"docker/bin/issa JVM flags {sorted(image)} differ from ./issa {sorted(launcher)}")
    checked.append(f"{n} Dockerfile RUN snippets and scripts pass sh -n; COPY sources exist; JVM flags match ./issa")


# ---------------------------------------------------------------- kustomize build (optional)
def check_render() -> None:
    tool = shutil.which("kustomize")
    cmd = [tool, "build"] if tool else ([shutil.which("kubectl"), "kustomize"] if shutil.which("kubectl") else None)
    if cmd is None:
        checked.append("(kustomize/kubectl not found: overlays not rendered)")
        return
    env = dict(os.environ, KUBECONFIG=os.devnull)  # rendering is local; never talk to a cluster
    for o in ("k8s/base", "k8s/overlays/local-cpu", "k8s/overlays/gpu"):
        r = subprocess.run(cmd + [str(ROOT / o)], capture_output=True, text=True, env=env, timeout=120)
        if r.returncode != 0:
            problem(f"{o}: does not render: {r.stderr.strip()[:300]}")
            continue
        kinds = [d["kind"] for d in yaml.safe_load_all(r.stdout) if d]
        if o.endswith("gpu") and "ScaledObject" not in kinds:
            problem("overlays/gpu renders without the KEDA ScaledObject")
    checked.append("base and both overlays render with " + " ".join(Path(c).name for c in cmd))


def main() -> int:
    docs = load_all_yaml()
    if problems:
        print("\n".join(problems))
        return 1
    check_kustomizations(docs)
    topics = check_topics(docs)
    props = check_properties()
    check_commands(docs, props)
    check_cross(docs, props, topics)
    check_metrics(docs)
    check_dockerfiles()
    check_render()
    for c in checked:
        print("ok  ", c)
    for p in problems:
        print("FAIL", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
