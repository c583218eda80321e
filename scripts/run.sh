#!/usr/bin/env bash
# The main job. For now: install what is missing, build the release contract and show its
# artifacts. (Deploying it on an embedded chain and playing the DDC story comes next.)
set -euo pipefail
"$(dirname "${BASH_SOURCE[0]}")/build.sh"
