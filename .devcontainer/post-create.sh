#!/usr/bin/env bash
# Runs once when a dev container is created: the first notebook then opens ready.
#   1. ./workbook setup picks the TorchSharp backend (writes notebooks/setup/backend.dib), restores the
#      notebook packages (for CUDA this also stitches TorchSharp's split CUDA packages, once) and builds the
#      course library that notebooks load from artifacts/.
#   2. dotnet-repl, the upstream command-line notebook runner, for running notebooks the way CI's second job does.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
backend=auto
if [ "${1:-}" = "--backend" ] && [ -n "${2:-}" ]; then backend="$2"; fi
./workbook setup --backend "$backend"
dotnet tool install --global dotnet-repl --version 0.3.0 >/dev/null 2>&1 \
  || echo "post-create: dotnet-repl could not be installed (offline?); ./workbook run works without it."
echo "post-create: ready. Open notebooks/00-setup-and-tensors.dib, or run ./workbook run --profile smoke."
