// One Nodion deployment through the generated Go SDK.
package main

import (
	"github.com/pulumi-nodion/pulumi-nodion/sdk/go/nodion"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		site, err := nodion.NewDeployment(ctx, "site", &nodion.DeploymentArgs{
			ApplicationId: pulumi.String(cfg.Require("applicationId")),
			Triggers:      pulumi.StringArray{pulumi.String(cfg.Require("trigger"))},
		})
		if err != nil {
			return err
		}
		ctx.Export("deploymentId", site.DeploymentId)
		ctx.Export("deployNumber", site.DeployNumber)
		ctx.Export("status", site.Status)
		return nil
	})
}
