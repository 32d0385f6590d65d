#!/usr/bin/env bash
# Runs once when a dev container is created: the first notebook then opens ready.
#   1. ./workbook setup restores the pinned notebook tools (.config/dotnet-tools.json: dotnet-repl and the
#      dotnet-interactive kernel), picks the TorchSharp backend (writes notebooks/setup/backend.dib), restores the
#      notebook packages (for CUDA this also stitches TorchSharp's split CUDA packages, once) and builds the course
#      library that notebooks load from artifacts/.
#   2. Afterwards `dotnet repl` (or `dotnet tool run dotnet-repl`) runs a notebook from notebooks/, as CI does.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
backend=auto
if [ "${1:-}" = "--backend" ] && [ -n "${2:-}" ]; then backend="$2"; fi
./workbook setup --backend "$backend"
echo "post-create: ready. Open notebooks/00-setup-and-tensors.dib, or run ./workbook run --profile smoke."
