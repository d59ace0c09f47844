module nodion-lang-go

go 1.24

require (
	github.com/pulumi-nodion/pulumi-nodion/sdk/go/nodion v0.1.0
	github.com/pulumi/pulumi/sdk/v3 v3.276.0
)

// The committed SDK (`npm run sdks` regenerates it; the test rewrites this to an absolute path in
// its copy). With network, the replace goes and `go get` fetches the module by its tag
// (sdk/go/nodion/v<version>).
replace github.com/pulumi-nodion/pulumi-nodion/sdk/go/nodion => ../../../../sdk/go/nodion
