"""Quickstart in Python: deploy a Nodion application whenever the git sha of its source changes."""

import os
import subprocess

import pulumi
import pulumi_nodion as nodion

config = pulumi.Config()
# Relative paths are taken from the project folder (where Pulumi.yaml is).
source_dir = os.path.abspath(config.get("sourceDir") or ".")

# Read while the program runs, preview included, so `pulumi preview` already knows whether the sha
# moved: no change when it did not, exactly one update of the deployment when it did. Git stays the
# only judge of "the current sha" (packed refs, worktrees, detached HEAD).
sha = subprocess.run(
    ["git", "rev-parse", "HEAD"], cwd=source_dir, check=True, capture_output=True, text=True
).stdout.strip()

app = nodion.Deployment(
    "app",
    application_id=config.require("applicationId"),
    triggers=[sha],
)

pulumi.export("sha", sha)
pulumi.export("deploymentId", app.deployment_id)
pulumi.export("deployNumber", app.deploy_number)
pulumi.export("status", app.status)
pulumi.export("deployedSha", app.git_sha)
pulumi.export("isLatest", app.is_latest)
