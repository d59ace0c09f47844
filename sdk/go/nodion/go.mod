module github.com/pulumi-nodion/pulumi-nodion/sdk/go/nodion

go 1.24

require github.com/pulumi/pulumi/sdk/v3 v3.276.0
