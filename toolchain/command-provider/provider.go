package main

import (
	"context"
	"fmt"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"
)

const (
	packageName      = "command"
	localCommandType = "command:local:Command"
	localRunFunction = "command:local:run"
)

// commandProvider implements the ResourceProviderServer gRPC interface for
// command:local:Command. Everything else is reported as unsupported.
type commandProvider struct {
	pulumirpc.UnimplementedResourceProviderServer

	version string

	mu         sync.Mutex
	engineAddr string
	engineConn *grpc.ClientConn
	engine     pulumirpc.EngineClient

	// cancelCtx is cancelled by the Cancel RPC (or on shutdown); every running
	// command is killed when it is.
	cancelCtx context.Context
	cancelFn  context.CancelFunc
}

func newProvider(version string) *commandProvider {
	ctx, cancel := context.WithCancel(context.Background())
	return &commandProvider{version: version, cancelCtx: ctx, cancelFn: cancel}
}

// setEngine records the engine's gRPC address, used to stream command output
// as diagnostics. Failing to connect only disables that logging.
func (p *commandProvider) setEngine(addr string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if addr == "" || addr == p.engineAddr {
		return
	}
	if p.engineConn != nil {
		_ = p.engineConn.Close()
		p.engineConn, p.engine = nil, nil
	}
	p.engineAddr = addr
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return
	}
	p.engineConn = conn
	p.engine = pulumirpc.NewEngineClient(conn)
}

func (p *commandProvider) engineClient() pulumirpc.EngineClient {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.engine
}

func (p *commandProvider) cancelAll() { p.cancelFn() }

func (p *commandProvider) close() {
	p.cancelAll()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.engineConn != nil {
		_ = p.engineConn.Close()
	}
}

// --- property (un)marshalling ------------------------------------------------

// unmarshal decodes a wire struct, keeping unknowns, secrets and resource
// references so nothing is lost when values are echoed back as outputs.
func unmarshal(s *structpb.Struct, label string) (resource.PropertyMap, error) {
	if s == nil {
		return resource.PropertyMap{}, nil
	}
	return plugin.UnmarshalProperties(s, plugin.MarshalOptions{
		Label:         label,
		KeepUnknowns:  true,
		KeepSecrets:   true,
		KeepResources: true,
		SkipNulls:     true,
	})
}

func marshal(m resource.PropertyMap, label string) (*structpb.Struct, error) {
	return plugin.MarshalProperties(m, plugin.MarshalOptions{
		Label:         label,
		KeepUnknowns:  true,
		KeepSecrets:   true,
		KeepResources: true,
		SkipNulls:     true,
	})
}

func resourceType(typ, urn string) string {
	if typ != "" {
		return typ
	}
	if urn == "" {
		return ""
	}
	return string(resource.URN(urn).Type())
}

func resourceName(name, urn string) string {
	if name != "" {
		return name
	}
	if urn == "" {
		return ""
	}
	return resource.URN(urn).Name()
}

func checkType(typ, urn string) error {
	if t := resourceType(typ, urn); t != localCommandType {
		return status.Errorf(codes.Unimplemented,
			"resource type %q is not supported by this minimal pulumi-resource-command (only %s is)",
			t, localCommandType)
	}
	return nil
}

// --- plugin-level RPCs -------------------------------------------------------

func (p *commandProvider) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: p.version}, nil
}

func (p *commandProvider) Handshake(
	_ context.Context, req *pulumirpc.ProviderHandshakeRequest,
) (*pulumirpc.ProviderHandshakeResponse, error) {
	p.setEngine(req.GetEngineAddress())
	return &pulumirpc.ProviderHandshakeResponse{
		AcceptSecrets:   true,
		AcceptResources: true,
	}, nil
}

func (p *commandProvider) Attach(_ context.Context, req *pulumirpc.PluginAttach) (*emptypb.Empty, error) {
	p.setEngine(req.GetAddress())
	return &emptypb.Empty{}, nil
}

func (p *commandProvider) GetSchema(
	context.Context, *pulumirpc.GetSchemaRequest,
) (*pulumirpc.GetSchemaResponse, error) {
	schema, err := packageSchema(p.version)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.GetSchemaResponse{Schema: schema}, nil
}

func (p *commandProvider) CheckConfig(
	_ context.Context, req *pulumirpc.CheckRequest,
) (*pulumirpc.CheckResponse, error) {
	return &pulumirpc.CheckResponse{Inputs: req.GetNews()}, nil
}

func (p *commandProvider) DiffConfig(context.Context, *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_NONE}, nil
}

func (p *commandProvider) Configure(
	context.Context, *pulumirpc.ConfigureRequest,
) (*pulumirpc.ConfigureResponse, error) {
	return &pulumirpc.ConfigureResponse{
		AcceptSecrets:   true,
		AcceptResources: true,
		SupportsPreview: true,
	}, nil
}

func (p *commandProvider) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	p.cancelAll()
	return &emptypb.Empty{}, nil
}

// --- command:local:Command ---------------------------------------------------

func (p *commandProvider) Check(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	if err := checkType(req.GetType(), req.GetUrn()); err != nil {
		return nil, err
	}
	news, err := unmarshal(req.GetNews(), "Check.news")
	if err != nil {
		return nil, err
	}
	_, failures := parseSpec(news, "create")
	return &pulumirpc.CheckResponse{Inputs: req.GetNews(), Failures: failures}, nil
}

func (p *commandProvider) Diff(_ context.Context, req *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	if err := checkType(req.GetType(), req.GetUrn()); err != nil {
		return nil, err
	}
	olds, err := oldInputs(req.GetOldInputs(), req.GetOlds(), "Diff")
	if err != nil {
		return nil, err
	}
	news, err := unmarshal(req.GetNews(), "Diff.news")
	if err != nil {
		return nil, err
	}
	return decideDiff(olds, news).response(), nil
}

func (p *commandProvider) Create(ctx context.Context, req *pulumirpc.CreateRequest) (*pulumirpc.CreateResponse, error) {
	if err := checkType(req.GetType(), req.GetUrn()); err != nil {
		return nil, err
	}
	news, err := unmarshal(req.GetProperties(), "Create.properties")
	if err != nil {
		return nil, err
	}
	outs := news.Copy()

	if req.GetPreview() {
		// Nothing runs during preview; the outputs are not known yet.
		outs["stdout"] = unknownString()
		outs["stderr"] = unknownString()
		props, err := marshal(outs, "Create.outputs")
		if err != nil {
			return nil, err
		}
		return &pulumirpc.CreateResponse{Properties: props}, nil
	}

	spec, failures := parseSpec(news, "create")
	if len(failures) > 0 {
		return nil, failuresError(failures)
	}
	res := execResult{}
	if spec.command != "" {
		res, err = p.run(ctx, execRequest{
			op:      "create",
			command: spec.command,
			spec:    spec,
			urn:     req.GetUrn(),
			timeout: req.GetTimeout(),
		})
		if err != nil {
			return nil, err
		}
	}
	outs["stdout"] = resource.NewStringProperty(res.stdout)
	outs["stderr"] = resource.NewStringProperty(res.stderr)

	id, err := resource.NewUniqueHex(resourceName(req.GetName(), req.GetUrn())+"-", 8, 0)
	if err != nil {
		return nil, err
	}
	props, err := marshal(outs, "Create.outputs")
	if err != nil {
		return nil, err
	}
	return &pulumirpc.CreateResponse{Id: id, Properties: props}, nil
}

// Read has nothing to look up: the resource exists only in Pulumi's state, so
// the given state and inputs are returned unchanged.
func (p *commandProvider) Read(_ context.Context, req *pulumirpc.ReadRequest) (*pulumirpc.ReadResponse, error) {
	if err := checkType(req.GetType(), req.GetUrn()); err != nil {
		return nil, err
	}
	return &pulumirpc.ReadResponse{
		Id:         req.GetId(),
		Properties: req.GetProperties(),
		Inputs:     req.GetInputs(),
	}, nil
}

func (p *commandProvider) Update(ctx context.Context, req *pulumirpc.UpdateRequest) (*pulumirpc.UpdateResponse, error) {
	if err := checkType(req.GetType(), req.GetUrn()); err != nil {
		return nil, err
	}
	oldOuts, err := unmarshal(req.GetOlds(), "Update.olds")
	if err != nil {
		return nil, err
	}
	olds, err := oldInputs(req.GetOldInputs(), req.GetOlds(), "Update")
	if err != nil {
		return nil, err
	}
	news, err := unmarshal(req.GetNews(), "Update.news")
	if err != nil {
		return nil, err
	}

	outs := news.Copy()
	// By default keep the previous outputs: an update that only changes e.g.
	// the delete command just records the new inputs.
	outs["stdout"] = previousOutput(oldOuts, "stdout")
	outs["stderr"] = previousOutput(oldOuts, "stderr")

	if updateRunsCommand(olds, news) {
		command := news["update"]
		if !command.ContainsUnknowns() && stringOrEmpty(command) == "" {
			// No update command: create is run again instead.
			command = news["create"]
		}
		switch {
		case req.GetPreview():
			if command.ContainsUnknowns() || stringOrEmpty(command) != "" {
				outs["stdout"] = unknownString()
				outs["stderr"] = unknownString()
			}
		case stringOrEmpty(command) != "":
			spec, failures := parseSpec(news, "create")
			if len(failures) > 0 {
				return nil, failuresError(failures)
			}
			er := execRequest{
				op:      "update",
				command: stringOrEmpty(command),
				spec:    spec,
				urn:     req.GetUrn(),
				timeout: req.GetTimeout(),
			}
			if spec.addPreviousOutputInEnv {
				er.previous = &execResult{
					stdout: stringOrEmpty(oldOuts["stdout"]),
					stderr: stringOrEmpty(oldOuts["stderr"]),
				}
			}
			res, err := p.run(ctx, er)
			if err != nil {
				return nil, err
			}
			outs["stdout"] = resource.NewStringProperty(res.stdout)
			outs["stderr"] = resource.NewStringProperty(res.stderr)
		}
	}

	props, err := marshal(outs, "Update.outputs")
	if err != nil {
		return nil, err
	}
	return &pulumirpc.UpdateResponse{Properties: props}, nil
}

func (p *commandProvider) Delete(ctx context.Context, req *pulumirpc.DeleteRequest) (*emptypb.Empty, error) {
	if err := checkType(req.GetType(), req.GetUrn()); err != nil {
		return nil, err
	}
	state, err := unmarshal(req.GetProperties(), "Delete.properties")
	if err != nil {
		return nil, err
	}
	if len(state) == 0 && req.GetOldInputs() != nil {
		if state, err = unmarshal(req.GetOldInputs(), "Delete.oldInputs"); err != nil {
			return nil, err
		}
	}
	spec, failures := parseSpec(state, "delete")
	if len(failures) > 0 {
		return nil, failuresError(failures)
	}
	if spec.command == "" {
		return &emptypb.Empty{}, nil
	}
	er := execRequest{
		op:      "delete",
		command: spec.command,
		spec:    spec,
		urn:     req.GetUrn(),
		timeout: req.GetTimeout(),
	}
	if spec.addPreviousOutputInEnv {
		er.previous = &execResult{
			stdout: stringOrEmpty(state["stdout"]),
			stderr: stringOrEmpty(state["stderr"]),
		}
	}
	if _, err := p.run(ctx, er); err != nil {
		return nil, err
	}
	return &emptypb.Empty{}, nil
}

// Invoke implements command:local:run, which runs a command every time it is
// called (including during preview), as the real provider documents.
func (p *commandProvider) Invoke(ctx context.Context, req *pulumirpc.InvokeRequest) (*pulumirpc.InvokeResponse, error) {
	if req.GetTok() != localRunFunction {
		return nil, status.Errorf(codes.Unimplemented,
			"function %q is not supported by this minimal pulumi-resource-command (only %s is)",
			req.GetTok(), localRunFunction)
	}
	args, err := unmarshal(req.GetArgs(), "Invoke.args")
	if err != nil {
		return nil, err
	}
	spec, failures := parseSpec(args, "command")
	if len(failures) == 0 && spec.command == "" {
		failures = append(failures, &pulumirpc.CheckFailure{Property: "command", Reason: "missing required property"})
	}
	if len(failures) > 0 {
		return &pulumirpc.InvokeResponse{Failures: failures}, nil
	}
	res, err := p.run(ctx, execRequest{op: "run", command: spec.command, spec: spec})
	if err != nil {
		return nil, err
	}
	ret := args.Copy()
	ret["stdout"] = resource.NewStringProperty(res.stdout)
	ret["stderr"] = resource.NewStringProperty(res.stderr)
	s, err := marshal(ret, "Invoke.return")
	if err != nil {
		return nil, err
	}
	return &pulumirpc.InvokeResponse{Return: s}, nil
}

// --- helpers -------------------------------------------------------------------

// oldInputs prefers the old inputs the engine sends; for old engines that do
// not, it falls back to the old outputs minus the output-only properties.
func oldInputs(oldIns, oldOuts *structpb.Struct, label string) (resource.PropertyMap, error) {
	if oldIns != nil {
		return unmarshal(oldIns, label+".oldInputs")
	}
	m, err := unmarshal(oldOuts, label+".olds")
	if err != nil {
		return nil, err
	}
	for _, k := range outputOnlyKeys {
		delete(m, resource.PropertyKey(k))
	}
	return m, nil
}

func unknownString() resource.PropertyValue {
	return resource.MakeComputed(resource.NewStringProperty(""))
}

func previousOutput(outs resource.PropertyMap, key resource.PropertyKey) resource.PropertyValue {
	if v, ok := outs[key]; ok {
		return v
	}
	return resource.NewStringProperty("")
}

func failuresError(failures []*pulumirpc.CheckFailure) error {
	msg := "invalid inputs:"
	for _, f := range failures {
		msg += fmt.Sprintf(" %s: %s;", f.GetProperty(), f.GetReason())
	}
	return status.Error(codes.InvalidArgument, msg[:len(msg)-1])
}
