package main

import (
	"fmt"
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// Logging modes accepted by the `logging` input (types/enums/local in the SDK).
const (
	logStdout          = "stdout"
	logStderr          = "stderr"
	logStdoutAndStderr = "stdoutAndStderr"
	logNone            = "none"
)

// outputOnlyKeys are properties the provider computes; they never count as inputs.
var outputOnlyKeys = []string{"stdout", "stderr", "archive", "assets"}

// commandSpec is the plain (secrets unwrapped) view of a Command's inputs that
// is needed to run one of its commands.
type commandSpec struct {
	command                string // the command selected by parseSpec's commandKey
	dir                    string
	environment            map[string]string
	interpreter            []string
	stdin                  *string
	addPreviousOutputInEnv bool
	logging                string
}

// plain strips any secret wrappers from a value.
func plain(v resource.PropertyValue) resource.PropertyValue {
	for v.IsSecret() {
		v = v.SecretValue().Element
	}
	return v
}

// stringOrEmpty returns the string in v (secrets unwrapped), or "" for null,
// unknown or non-string values.
func stringOrEmpty(v resource.PropertyValue) string {
	v = plain(v)
	if v.IsString() {
		return v.StringValue()
	}
	return ""
}

// parseSpec validates the inputs and extracts what is needed to run the
// command named by commandKey ("create", "delete", or "command" for the run
// function). Unknown values are skipped, so it is safe to use during preview.
func parseSpec(props resource.PropertyMap, commandKey string) (commandSpec, []*pulumirpc.CheckFailure) {
	spec := commandSpec{addPreviousOutputInEnv: true, logging: logStdoutAndStderr}
	var failures []*pulumirpc.CheckFailure
	fail := func(key, format string, args ...any) {
		failures = append(failures, &pulumirpc.CheckFailure{Property: key, Reason: fmt.Sprintf(format, args...)})
	}
	get := func(key string) (resource.PropertyValue, bool) {
		v, ok := props[resource.PropertyKey(key)]
		if !ok || v.ContainsUnknowns() {
			return resource.PropertyValue{}, false
		}
		v = plain(v)
		if v.IsNull() {
			return resource.PropertyValue{}, false
		}
		return v, true
	}
	str := func(key string) (string, bool) {
		v, ok := get(key)
		if !ok {
			return "", false
		}
		if !v.IsString() {
			fail(key, "expected a string, got %s", v.TypeString())
			return "", false
		}
		return v.StringValue(), true
	}

	for _, key := range []string{"create", "update", "delete", "command"} {
		if s, ok := str(key); ok && key == commandKey {
			spec.command = s
		}
	}
	spec.dir, _ = str("dir")
	if s, ok := str("stdin"); ok {
		spec.stdin = &s
	}
	if v, ok := get("addPreviousOutputInEnv"); ok {
		if v.IsBool() {
			spec.addPreviousOutputInEnv = v.BoolValue()
		} else {
			fail("addPreviousOutputInEnv", "expected a boolean, got %s", v.TypeString())
		}
	}
	if s, ok := str("logging"); ok {
		switch s {
		case logStdout, logStderr, logStdoutAndStderr, logNone:
			spec.logging = s
		default:
			fail("logging", "expected one of stdout, stderr, stdoutAndStderr, none; got %q", s)
		}
	}
	if v, ok := get("environment"); ok {
		if v.IsObject() {
			spec.environment = map[string]string{}
			obj := v.ObjectValue()
			keys := obj.StableKeys()
			sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
			for _, k := range keys {
				ev := obj[k]
				if ev.ContainsUnknowns() {
					continue
				}
				ev = plain(ev)
				if !ev.IsString() {
					fail("environment", "value of %q must be a string, got %s", string(k), ev.TypeString())
					continue
				}
				spec.environment[string(k)] = ev.StringValue()
			}
		} else {
			fail("environment", "expected a map of strings, got %s", v.TypeString())
		}
	}
	if v, ok := get("interpreter"); ok {
		if v.IsArray() {
			for i, e := range v.ArrayValue() {
				if e.ContainsUnknowns() {
					continue
				}
				e = plain(e)
				if !e.IsString() {
					fail("interpreter", "element %d must be a string, got %s", i, e.TypeString())
					continue
				}
				spec.interpreter = append(spec.interpreter, e.StringValue())
			}
		} else {
			fail("interpreter", "expected a list of strings, got %s", v.TypeString())
		}
	}
	for _, key := range []string{"assetPaths", "archivePaths", "triggers"} {
		if v, ok := get(key); ok && !v.IsArray() {
			fail(key, "expected a list, got %s", v.TypeString())
		}
	}
	return spec, failures
}
