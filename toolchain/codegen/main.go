// Command pulumi-nodion-sdkgen writes language SDKs for a Pulumi provider from its schema.json,
// offline, with Pulumi's own generators (github.com/pulumi/pulumi/pkg/v3/codegen/...).
//
// It exists because `pulumi package gen-sdk` asks each language host to generate, and the hosts
// this project can build are too old to implement that; the generators themselves live in pkg/v3,
// which the CLI is built from, so this program links the very same version.
//
//	pulumi-nodion-sdkgen -schema schema.json -version 0.1.0 -out sdks [-languages nodejs,python,go]
//
// Every SDK carries -version (the schema's own version is replaced): the generated code then asks
// the engine for exactly that plugin version instead of v0.0.0 or "any". Each language's folder
// under -out is replaced as a whole, so the output never holds files of an earlier schema.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	nodejsgen "github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	pythongen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// tool is the name the generators write into each file's "do not edit" header.
const tool = "pulumi-nodion-sdkgen"

// goSDKVersion is the github.com/pulumi/pulumi/sdk/v3 the generated Go SDK's go.mod requires:
// the version the generators come from, so the generated code and the SDK it calls agree.
// toolchain/install.sh sets it from versions.env (-X main.goSDKVersion=...).
var goSDKVersion = "v3.276.0"

func main() {
	schemaPath := flag.String("schema", "schema.json", "the provider's Pulumi package schema")
	version := flag.String("version", "", "the provider version every SDK carries (required)")
	out := flag.String("out", "sdks", "output folder; one subfolder per language")
	languages := flag.String("languages", "nodejs,python,go", "comma-separated: nodejs, python, go")
	flag.Parse()
	if err := run(*schemaPath, *version, *out, strings.Split(*languages, ",")); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", tool, err)
		os.Exit(1)
	}
}

func run(schemaPath, version, out string, languages []string) error {
	if version == "" {
		return errors.New("-version is required (the plugin version the SDKs ask the engine for)")
	}
	if _, err := semver.ParseTolerant(version); err != nil {
		return fmt.Errorf("-version %q is not a semantic version: %w", version, err)
	}
	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	for _, lang := range languages {
		gen, ok := generators[lang]
		if !ok {
			return fmt.Errorf("unknown language %q (known: %s)", lang, strings.Join(knownLanguages(), ", "))
		}
		// Bind afresh per language: the generators record their own settings on the package.
		pkg, err := bind(raw, version)
		if err != nil {
			return fmt.Errorf("%s: %w", schemaPath, err)
		}
		files, err := gen(pkg)
		if err != nil {
			return fmt.Errorf("generating the %s SDK: %w", lang, err)
		}
		if err := writeTree(filepath.Join(out, lang), files); err != nil {
			return err
		}
		fmt.Printf("%s: %d files in %s\n", lang, len(files), filepath.Join(out, lang))
	}
	return nil
}

// generators maps a language to a function producing its files (paths relative to its folder).
var generators = map[string]func(*schema.Package) (map[string][]byte, error){
	"nodejs": func(pkg *schema.Package) (map[string][]byte, error) {
		return nodejsgen.GeneratePackage(tool, pkg, nil, nil, false, noDependencies{})
	},
	"python": func(pkg *schema.Package) (map[string][]byte, error) {
		return pythongen.GeneratePackage(tool, pkg, nil, noDependencies{})
	},
	"go": generateGo,
}

func knownLanguages() []string {
	names := make([]string, 0, len(generators))
	for name := range generators {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// bind validates the schema and binds it with `version` as the package version. Each language
// section gets respectSchemaVersion unless the schema says otherwise: without it the Go SDK asks
// for no version at all and the engine looks for plugin v0.0.0.
func bind(raw []byte, version string) (*schema.Package, error) {
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return nil, err
	}
	spec.Version = version
	if spec.Language == nil {
		spec.Language = map[string]schema.RawMessage{}
	}
	for _, lang := range []string{"nodejs", "python", "go"} {
		settings := map[string]any{}
		if existing, ok := spec.Language[lang]; ok {
			if err := json.Unmarshal(existing, &settings); err != nil {
				return nil, fmt.Errorf("language.%s: %w", lang, err)
			}
		}
		if _, set := settings["respectSchemaVersion"]; !set {
			settings["respectSchemaVersion"] = true
		}
		encoded, err := json.Marshal(settings)
		if err != nil {
			return nil, err
		}
		spec.Language[lang] = encoded
	}
	pkg, diags, err := schema.BindSpec(spec, noDependencies{}, schema.ValidationOptions{})
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return nil, diags
	}
	return pkg, nil
}

// generateGo generates the Go SDK and adds the go.mod that the generator leaves to the caller, so
// that a program can require the SDK (or `replace` it with a local path) as a module.
func generateGo(pkg *schema.Package) (map[string][]byte, error) {
	files, err := gogen.GeneratePackage(tool, pkg, nil)
	if err != nil {
		return nil, err
	}
	info, _ := pkg.Language["go"].(gogen.GoPackageInfo)
	if info.ImportBasePath == "" {
		return nil, errors.New(`the schema needs language.go.importBasePath (the Go SDK's module path)`)
	}
	// The generator writes the package under the last element of its import path.
	root := filepath.Base(info.ImportBasePath)
	files[filepath.Join(root, "go.mod")] = []byte(fmt.Sprintf(
		"module %s\n\ngo 1.24\n\nrequire github.com/pulumi/pulumi/sdk/v3 %s\n", info.ImportBasePath, goSDKVersion))
	return files, nil
}

// writeTree replaces dir with exactly files.
func writeTree(dir string, files map[string][]byte) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, content, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// noDependencies is the schema loader for a package that references no other package: asked for
// one, it fails with a message saying so instead of looking for plugins.
type noDependencies struct{}

func (noDependencies) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, dependencyError(name)
}

func (noDependencies) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, dependencyError(d.Name)
}

func (noDependencies) LoadPackageReference(name string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, dependencyError(name)
}

func (noDependencies) LoadPackageReferenceV2(
	_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, dependencyError(d.Name)
}

func dependencyError(name string) error {
	return fmt.Errorf("the schema refers to package %q; this generator only handles self-contained schemas", name)
}
