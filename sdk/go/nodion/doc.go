// Trigger and track Nodion PaaS deployments from Pulumi programs
package nodion
