package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/structpb"
)

const testURN = "urn:pulumi:dev::proj::command:local:Command::cmd"

func props(m map[string]any) resource.PropertyMap {
	return resource.NewPropertyMapFromMap(m)
}

func mustMarshal(t *testing.T, m resource.PropertyMap) *structpb.Struct {
	t.Helper()
	s, err := marshal(m, "test")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func mustUnmarshal(t *testing.T, s *structpb.Struct) resource.PropertyMap {
	t.Helper()
	m, err := plugin.UnmarshalProperties(s, plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func secret(v any) resource.PropertyValue {
	return resource.MakeSecret(resource.NewPropertyValue(v))
}

func TestDecideDiff(t *testing.T) {
	base := map[string]any{"create": "echo a", "delete": "echo d", "triggers": []any{"x", 1.0}}
	with := func(changes map[string]any) resource.PropertyMap {
		m := props(base)
		for k, v := range changes {
			if pv, ok := v.(resource.PropertyValue); ok {
				m[resource.PropertyKey(k)] = pv
			} else {
				m[resource.PropertyKey(k)] = resource.NewPropertyValue(v)
			}
		}
		return m
	}
	unknown := resource.MakeComputed(resource.NewStringProperty(""))

	cases := []struct {
		name         string
		olds, news   resource.PropertyMap
		wantChanged  []string
		wantReplaces []string
	}{
		{"no change", props(base), props(base), nil, nil},
		{"null equals absent", props(base), with(map[string]any{"dir": nil}), nil, nil},
		{"triggers change replaces", props(base), with(map[string]any{"triggers": []any{"y"}}),
			[]string{"triggers"}, []string{"triggers"}},
		{"triggers change replaces even with update", with(map[string]any{"update": "echo u"}),
			with(map[string]any{"update": "echo u", "triggers": []any{"y"}}),
			[]string{"triggers"}, []string{"triggers"}},
		{"create change without update replaces", props(base), with(map[string]any{"create": "echo b"}),
			[]string{"create"}, []string{"create"}},
		{"create change with update is an update", with(map[string]any{"update": "echo u"}),
			with(map[string]any{"update": "echo u", "create": "echo b"}), []string{"create"}, nil},
		{"dir change replaces", props(base), with(map[string]any{"dir": "/tmp"}), []string{"dir"}, []string{"dir"}},
		{"environment change replaces", props(base), with(map[string]any{"environment": map[string]any{"A": "1"}}),
			[]string{"environment"}, []string{"environment"}},
		{"interpreter change replaces", props(base), with(map[string]any{"interpreter": []any{"/bin/bash", "-c"}}),
			[]string{"interpreter"}, []string{"interpreter"}},
		{"stdin change replaces", props(base), with(map[string]any{"stdin": "in"}),
			[]string{"stdin"}, []string{"stdin"}},
		{"update alone is an update", props(base), with(map[string]any{"update": "echo u"}),
			[]string{"update"}, nil},
		{"delete alone is an update", props(base), with(map[string]any{"delete": "echo other"}),
			[]string{"delete"}, nil},
		{"logging is an update", props(base), with(map[string]any{"logging": "none"}), []string{"logging"}, nil},
		{"becoming secret is an update, not a replace", props(base),
			with(map[string]any{"create": secret("echo a")}), []string{"create"}, nil},
		{"unknown create replaces", props(base), with(map[string]any{"create": unknown}),
			[]string{"create"}, []string{"create"}},
		{"unknown update counts as set", props(base),
			with(map[string]any{"update": unknown, "create": "echo b"}), []string{"create", "update"}, nil},
		{"several changes", props(base), with(map[string]any{"create": "echo b", "delete": "echo e"}),
			[]string{"create", "delete"}, []string{"create"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := decideDiff(tc.olds, tc.news)
			if !slices.Equal(d.changed, tc.wantChanged) {
				t.Errorf("changed = %v, want %v", d.changed, tc.wantChanged)
			}
			if !slices.Equal(d.replaces, tc.wantReplaces) {
				t.Errorf("replaces = %v, want %v", d.replaces, tc.wantReplaces)
			}
			resp := d.response()
			wantChanges := pulumirpc.DiffResponse_DIFF_NONE
			if len(tc.wantChanged) > 0 {
				wantChanges = pulumirpc.DiffResponse_DIFF_SOME
			}
			if resp.GetChanges() != wantChanges || !resp.GetHasDetailedDiff() {
				t.Errorf("changes = %v (detailed %v), want %v", resp.GetChanges(), resp.GetHasDetailedDiff(), wantChanges)
			}
			for _, k := range tc.wantReplaces {
				kind := resp.GetDetailedDiff()[k].GetKind()
				if kind != pulumirpc.PropertyDiff_UPDATE_REPLACE && kind != pulumirpc.PropertyDiff_ADD_REPLACE &&
					kind != pulumirpc.PropertyDiff_DELETE_REPLACE {
					t.Errorf("detailed diff kind for %s = %v, want a *_REPLACE kind", k, kind)
				}
			}
		})
	}
}

func TestDiffRPCUsesOldInputs(t *testing.T) {
	p := newProvider("test")
	olds := props(map[string]any{"create": "echo a"})
	oldOuts := props(map[string]any{"create": "echo a", "stdout": "a", "stderr": ""})
	news := props(map[string]any{"create": "echo b"})
	resp, err := p.Diff(context.Background(), &pulumirpc.DiffRequest{
		Urn: testURN, Id: "cmd-1", OldInputs: mustMarshal(t, olds), Olds: mustMarshal(t, oldOuts),
		News: mustMarshal(t, news),
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(resp.GetReplaces(), []string{"create"}) || !slices.Equal(resp.GetDiffs(), []string{"create"}) {
		t.Fatalf("unexpected diff: %v", resp)
	}
}

func TestUpdateRunsCommand(t *testing.T) {
	base := props(map[string]any{"create": "echo a", "update": "echo u"})
	if updateRunsCommand(base, props(map[string]any{"create": "echo a", "update": "echo v"})) {
		t.Error("changing only update must not run a command")
	}
	if updateRunsCommand(base, props(map[string]any{"create": "echo a", "update": "echo u", "delete": "x"})) {
		t.Error("changing only delete must not run a command")
	}
	if !updateRunsCommand(base, props(map[string]any{"create": "echo b", "update": "echo u"})) {
		t.Error("changing create must run the update command")
	}
}

func TestCreateCapturesOutput(t *testing.T) {
	p := newProvider("test")
	dir := t.TempDir()
	in := props(map[string]any{
		"create":      "echo hello; echo \"$GREETING from $(pwd)\" >&2; cat",
		"dir":         dir,
		"environment": map[string]any{"GREETING": "hi"},
		"stdin":       "piped",
		"triggers":    []any{"a"},
	})
	in["delete"] = secret("echo secret-delete")
	resp, err := p.Create(context.Background(), &pulumirpc.CreateRequest{Urn: testURN, Properties: mustMarshal(t, in)})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(resp.GetId(), "cmd-") {
		t.Errorf("id = %q, want prefix cmd-", resp.GetId())
	}
	outs := mustUnmarshal(t, resp.GetProperties())
	if got := outs["stdout"].StringValue(); got != "hello\npiped" {
		t.Errorf("stdout = %q", got)
	}
	realDir, _ := filepath.EvalSymlinks(dir)
	if got, want := outs["stderr"].StringValue(), "hi from "+realDir; got != want && got != "hi from "+dir {
		t.Errorf("stderr = %q, want %q", got, want)
	}
	if !outs["delete"].IsSecret() {
		t.Errorf("secret input lost its secretness in outputs: %v", outs["delete"])
	}
	if got := outs["create"].StringValue(); got != in["create"].StringValue() {
		t.Errorf("inputs not echoed in outputs: create = %q", got)
	}
}

func TestCreateTrimsOnlyOneTrailingNewline(t *testing.T) {
	p := newProvider("test")
	in := props(map[string]any{"create": "printf 'a\\n\\n'"})
	resp, err := p.Create(context.Background(), &pulumirpc.CreateRequest{Urn: testURN, Properties: mustMarshal(t, in)})
	if err != nil {
		t.Fatal(err)
	}
	if got := mustUnmarshal(t, resp.GetProperties())["stdout"].StringValue(); got != "a\n" {
		t.Errorf("stdout = %q, want %q", got, "a\n")
	}
}

func TestCreateFailureReportsExitCodeAndStderr(t *testing.T) {
	p := newProvider("test")
	in := props(map[string]any{"create": "echo partial; echo something broke >&2; exit 3"})
	_, err := p.Create(context.Background(), &pulumirpc.CreateRequest{Urn: testURN, Properties: mustMarshal(t, in)})
	if err == nil {
		t.Fatal("expected an error")
	}
	for _, want := range []string{"exit code 3", "something broke", "partial"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
}

func TestCreateMissingDirFails(t *testing.T) {
	p := newProvider("test")
	in := props(map[string]any{"create": "true", "dir": "/nonexistent/dir/for/test"})
	_, err := p.Create(context.Background(), &pulumirpc.CreateRequest{Urn: testURN, Properties: mustMarshal(t, in)})
	if err == nil || !strings.Contains(err.Error(), "/nonexistent/dir/for/test") {
		t.Fatalf("expected a chdir error, got %v", err)
	}
}

func TestCreatePreviewRunsNothing(t *testing.T) {
	p := newProvider("test")
	marker := filepath.Join(t.TempDir(), "ran")
	in := props(map[string]any{"create": "touch " + marker})
	resp, err := p.Create(context.Background(), &pulumirpc.CreateRequest{
		Urn: testURN, Properties: mustMarshal(t, in), Preview: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("command ran during preview")
	}
	if got := resp.GetProperties().GetFields()["stdout"].GetStringValue(); got != plugin.UnknownStringValue {
		t.Errorf("preview stdout = %q, want the unknown sentinel", got)
	}
	outs := mustUnmarshal(t, resp.GetProperties())
	if !outs["stderr"].IsComputed() {
		t.Errorf("preview stderr should be unknown, got %v", outs["stderr"])
	}
}

func TestUpdateRunsUpdateWithPreviousOutput(t *testing.T) {
	p := newProvider("test")
	oldIns := props(map[string]any{"create": "echo one", "update": "echo \"$PULUMI_COMMAND_STDOUT then two\""})
	oldOuts := oldIns.Copy()
	oldOuts["stdout"] = resource.NewStringProperty("one")
	oldOuts["stderr"] = resource.NewStringProperty("")
	news := oldIns.Copy()
	news["create"] = resource.NewStringProperty("echo one!")
	resp, err := p.Update(context.Background(), &pulumirpc.UpdateRequest{
		Urn: testURN, Id: "cmd-1", OldInputs: mustMarshal(t, oldIns), Olds: mustMarshal(t, oldOuts),
		News: mustMarshal(t, news),
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := mustUnmarshal(t, resp.GetProperties())["stdout"].StringValue(); got != "one then two" {
		t.Errorf("stdout = %q", got)
	}

	// addPreviousOutputInEnv=false hides the previous output.
	news["addPreviousOutputInEnv"] = resource.NewBoolProperty(false)
	resp, err = p.Update(context.Background(), &pulumirpc.UpdateRequest{
		Urn: testURN, Id: "cmd-1", OldInputs: mustMarshal(t, oldIns), Olds: mustMarshal(t, oldOuts),
		News: mustMarshal(t, news),
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := mustUnmarshal(t, resp.GetProperties())["stdout"].StringValue(); got != " then two" {
		t.Errorf("stdout = %q", got)
	}
}

func TestUpdateOfDeleteOnlyKeepsOutputs(t *testing.T) {
	p := newProvider("test")
	marker := filepath.Join(t.TempDir(), "ran")
	oldIns := props(map[string]any{"create": "touch " + marker, "delete": "echo a"})
	oldOuts := oldIns.Copy()
	oldOuts["stdout"] = resource.NewStringProperty("old out")
	oldOuts["stderr"] = resource.NewStringProperty("old err")
	news := oldIns.Copy()
	news["delete"] = resource.NewStringProperty("echo b")
	resp, err := p.Update(context.Background(), &pulumirpc.UpdateRequest{
		Urn: testURN, Id: "cmd-1", OldInputs: mustMarshal(t, oldIns), Olds: mustMarshal(t, oldOuts),
		News: mustMarshal(t, news),
	})
	if err != nil {
		t.Fatal(err)
	}
	outs := mustUnmarshal(t, resp.GetProperties())
	if outs["stdout"].StringValue() != "old out" || outs["stderr"].StringValue() != "old err" ||
		outs["delete"].StringValue() != "echo b" {
		t.Errorf("unexpected outputs %v", outs)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("a command ran for a delete-only change")
	}
}

func TestDeleteRunsDeleteWithPreviousOutput(t *testing.T) {
	p := newProvider("test")
	dir := t.TempDir()
	state := props(map[string]any{
		"create": "echo made",
		"delete": "echo \"$PULUMI_COMMAND_STDOUT/$PULUMI_COMMAND_STDERR\" > deleted.txt",
		"dir":    dir,
		"stdout": "made",
		"stderr": "warn",
	})
	if _, err := p.Delete(context.Background(), &pulumirpc.DeleteRequest{
		Urn: testURN, Id: "cmd-1", Properties: mustMarshal(t, state),
	}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "deleted.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(b)); got != "made/warn" {
		t.Errorf("delete saw %q", got)
	}
}

func TestInterpreter(t *testing.T) {
	p := newProvider("test")
	in := props(map[string]any{"create": "hello world", "interpreter": []any{"/bin/echo", "-n", "said:"}})
	resp, err := p.Create(context.Background(), &pulumirpc.CreateRequest{Urn: testURN, Properties: mustMarshal(t, in)})
	if err != nil {
		t.Fatal(err)
	}
	if got := mustUnmarshal(t, resp.GetProperties())["stdout"].StringValue(); got != "said: hello world" {
		t.Errorf("stdout = %q", got)
	}
}

func TestCheck(t *testing.T) {
	p := newProvider("test")
	good := props(map[string]any{"create": "echo", "environment": map[string]any{"A": "b"}})
	good["update"] = resource.MakeComputed(resource.NewStringProperty(""))
	resp, err := p.Check(context.Background(), &pulumirpc.CheckRequest{Urn: testURN, News: mustMarshal(t, good)})
	if err != nil || len(resp.GetFailures()) != 0 {
		t.Fatalf("unexpected failures %v / %v", resp.GetFailures(), err)
	}
	bad := props(map[string]any{"create": 3.0, "interpreter": "sh", "logging": "loud"})
	resp, err = p.Check(context.Background(), &pulumirpc.CheckRequest{Urn: testURN, News: mustMarshal(t, bad)})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, f := range resp.GetFailures() {
		keys = append(keys, f.GetProperty())
	}
	slices.Sort(keys)
	if !slices.Equal(keys, []string{"create", "interpreter", "logging"}) {
		t.Errorf("failures on %v", keys)
	}
	if _, err := p.Check(context.Background(), &pulumirpc.CheckRequest{
		Urn: "urn:pulumi:dev::proj::command:remote:Command::r", News: mustMarshal(t, good),
	}); err == nil {
		t.Error("expected an error for an unsupported resource type")
	}
}

func TestInvokeRun(t *testing.T) {
	p := newProvider("test")
	args := props(map[string]any{"command": "echo ran"})
	resp, err := p.Invoke(context.Background(), &pulumirpc.InvokeRequest{Tok: localRunFunction, Args: mustMarshal(t, args)})
	if err != nil {
		t.Fatal(err)
	}
	if got := resp.GetReturn().GetFields()["stdout"].GetStringValue(); got != "ran" {
		t.Errorf("stdout = %q", got)
	}
}

// Pulumi YAML type-checks fn::invoke against the schema: without the function declared, a YAML
// program calling command:local:run fails before it runs.
func TestSchemaDeclaresLocalRun(t *testing.T) {
	p := newProvider("1.2.1")
	resp, err := p.GetSchema(context.Background(), &pulumirpc.GetSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Name      string `json:"name"`
		Version   string `json:"version"`
		Functions map[string]struct {
			Inputs struct {
				Required []string `json:"required"`
			} `json:"inputs"`
			Outputs struct {
				Properties map[string]any `json:"properties"`
			} `json:"outputs"`
		} `json:"functions"`
	}
	if err := json.Unmarshal([]byte(resp.GetSchema()), &spec); err != nil {
		t.Fatal(err)
	}
	run, ok := spec.Functions[localRunFunction]
	if spec.Name != "command" || spec.Version != "1.2.1" || !ok {
		t.Fatalf("schema = %s", resp.GetSchema())
	}
	if len(run.Inputs.Required) != 1 || run.Inputs.Required[0] != "command" {
		t.Errorf("required inputs = %v", run.Inputs.Required)
	}
	for _, out := range []string{"stdout", "stderr", "command", "dir"} {
		if _, ok := run.Outputs.Properties[out]; !ok {
			t.Errorf("output %q is not declared", out)
		}
	}
}
