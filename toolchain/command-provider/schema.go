package main

import (
	"encoding/json"
	"fmt"
)

// runProperties are the inputs of command:local:run this stand-in reads (see parseSpec); the
// real plugin's other inputs (assetPaths, archivePaths) are declared so programs written for it
// type-check, and ignored.
var runProperties = map[string]any{
	"command":                map[string]any{"type": "string", "description": "The command to run."},
	"dir":                    map[string]any{"type": "string", "description": "The directory to run it in."},
	"environment":            map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "string"}},
	"interpreter":            map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
	"stdin":                  map[string]any{"type": "string"},
	"logging":                map[string]any{"type": "string"},
	"addPreviousOutputInEnv": map[string]any{"type": "boolean"},
	"assetPaths":             map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
	"archivePaths":           map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
}

// packageSchema is the Pulumi schema GetSchema returns: only what this stand-in implements that a
// schema-driven language (Pulumi YAML) must know about, the command:local:run function. Programs
// in TypeScript, Python or Go never ask for it.
func packageSchema(version string) (string, error) {
	outputs := map[string]any{
		"stdout": map[string]any{"type": "string", "description": "The command's standard output."},
		"stderr": map[string]any{"type": "string", "description": "The command's standard error."},
	}
	for k, v := range runProperties {
		outputs[k] = v
	}
	spec := map[string]any{
		"name":    packageName,
		"version": version,
		"functions": map[string]any{
			localRunFunction: map[string]any{
				"description": "Runs a command on this machine on every program run, preview included.",
				"inputs":      map[string]any{"properties": runProperties, "required": []string{"command"}},
				"outputs": map[string]any{
					"properties": outputs,
					"required":   []string{"command", "stdout", "stderr"},
				},
			},
		},
	}
	b, err := json.Marshal(spec)
	if err != nil {
		return "", fmt.Errorf("encoding the schema: %w", err)
	}
	return string(b), nil
}
