"""One Nodion deployment through the generated Python SDK (pulumi_nodion)."""

import pulumi
import pulumi_nodion as nodion

config = pulumi.Config()

site = nodion.Deployment(
    "site",
    application_id=config.require("applicationId"),
    triggers=[config.require("trigger")],
)

pulumi.export("deploymentId", site.deployment_id)
pulumi.export("deployNumber", site.deploy_number)
pulumi.export("status", site.status)
