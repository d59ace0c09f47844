// Command pulumi-resource-command is a minimal, self-written stand-in for the
// Pulumi "command" resource provider plugin. It implements the
// `command:local:Command` resource (and the `command:local:run` function) well
// enough for programs using the `@pulumi/command` npm SDK to run offline.
//
// The plugin protocol is the standard one: the engine starts the binary with
// its own gRPC address as the only positional argument (optionally preceded by
// logging/tracing flags), and the plugin prints the port of its own gRPC
// server on stdout, then serves until told to stop.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

// version is reported by GetPluginInfo. Override at build time with
// -ldflags "-X main.version=1.2.1".
var version = "1.2.1"

func main() {
	if err := serve(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-resource-command: %v\n", err)
		os.Exit(1)
	}
}

func serve(argv []string) error {
	// The engine may pass these flags to every plugin; accept and ignore them.
	fs := flag.NewFlagSet("pulumi-resource-command", flag.ContinueOnError)
	fs.String("tracing", "", "tracing endpoint (ignored)")
	fs.Bool("logtostderr", false, "log to stderr (ignored)")
	fs.Bool("logflow", false, "flow logging settings (ignored)")
	fs.Int("v", 0, "log verbosity (ignored)")
	if err := fs.Parse(argv); err != nil {
		return err
	}

	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	defer cancel()

	prov := newProvider(version)
	defer prov.close()

	switch args := fs.Args(); len(args) {
	case 0:
		// Attach mode (PULUMI_DEBUG_PROVIDERS): the engine address arrives via Attach.
	case 1:
		prov.setEngine(args[0])
		// Shut down if the engine goes away.
		if err := rpcutil.Healthcheck(ctx, args[0], 5*time.Minute, cancel); err != nil {
			return fmt.Errorf("could not start health check of engine %s: %w", args[0], err)
		}
	default:
		return fmt.Errorf("expected at most one argument (the engine address), got %d", len(args))
	}

	stop := make(chan bool)
	go func() {
		<-ctx.Done()
		prov.cancelAll()
		close(stop)
	}()

	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: stop,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterResourceProviderServer(srv, prov)
			return nil
		},
	})
	if err != nil {
		return err
	}

	// The plugin protocol: announce our port on stdout.
	fmt.Printf("%d\n", handle.Port)

	return <-handle.Done
}
