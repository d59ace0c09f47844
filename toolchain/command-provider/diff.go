package main

import (
	"slices"
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// rerunKeys are the inputs whose change means the command must run again:
// through a replacement (create runs on the new resource) unless an `update`
// command is given, in which case an in-place update runs `update`.
var rerunKeys = []string{"create", "dir", "interpreter", "environment", "stdin"}

// diffDecision is the outcome of comparing old and new inputs.
type diffDecision struct {
	changed  []string // every changed input, sorted
	replaces []string // the subset that forces replacement
	kinds    map[string]pulumirpc.PropertyDiff_Kind
}

func (d diffDecision) response() *pulumirpc.DiffResponse {
	resp := &pulumirpc.DiffResponse{
		Changes:         pulumirpc.DiffResponse_DIFF_NONE,
		HasDetailedDiff: true,
		DetailedDiff:    map[string]*pulumirpc.PropertyDiff{},
	}
	if len(d.changed) == 0 {
		return resp
	}
	resp.Changes = pulumirpc.DiffResponse_DIFF_SOME
	resp.Diffs = d.changed
	resp.Replaces = d.replaces
	for k, kind := range d.kinds {
		resp.DetailedDiff[k] = &pulumirpc.PropertyDiff{Kind: kind, InputDiff: true}
	}
	return resp
}

// decideDiff compares the old and new inputs of a Command:
//   - a change of `triggers` replaces the resource;
//   - a change of create/dir/interpreter/environment/stdin replaces it, unless an
//     `update` command is set, in which case it is an update that runs `update`;
//   - any other change (update, delete, logging, addPreviousOutputInEnv, a value
//     only becoming or ceasing to be secret, ...) is an update that runs nothing.
func decideDiff(olds, news resource.PropertyMap) diffDecision {
	d := diffDecision{kinds: map[string]pulumirpc.PropertyDiff_Kind{}}
	hasUpdate := updateCommandSet(news)
	for _, key := range inputKeys(olds, news) {
		o, n := olds[resource.PropertyKey(key)], news[resource.PropertyKey(key)]
		if valuesEqual(o, n, true) {
			continue
		}
		replace := false
		if !valuesEqual(o, n, false) {
			replace = key == "triggers" || (!hasUpdate && slices.Contains(rerunKeys, key))
		}
		d.changed = append(d.changed, key)
		if replace {
			d.replaces = append(d.replaces, key)
		}
		d.kinds[key] = diffKind(o, n, replace)
	}
	return d
}

// updateRunsCommand reports whether an in-place update from olds to news must
// run a command (update, or create when update is empty), as opposed to only
// recording new inputs.
func updateRunsCommand(olds, news resource.PropertyMap) bool {
	for _, key := range append([]string{"triggers"}, rerunKeys...) {
		if !valuesEqual(olds[resource.PropertyKey(key)], news[resource.PropertyKey(key)], false) {
			return true
		}
	}
	return false
}

// updateCommandSet is true when `update` is a non-empty string, or unknown
// (assumed to become one).
func updateCommandSet(news resource.PropertyMap) bool {
	v, ok := news["update"]
	if !ok {
		return false
	}
	if v.ContainsUnknowns() {
		return true
	}
	return stringOrEmpty(v) != ""
}

func inputKeys(olds, news resource.PropertyMap) []string {
	seen := map[string]bool{}
	for _, m := range []resource.PropertyMap{olds, news} {
		for k := range m {
			key := string(k)
			if !slices.Contains(outputOnlyKeys, key) && !resource.IsInternalPropertyKey(k) {
				seen[key] = true
			}
		}
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// valuesEqual compares two property values; null and absent are equal, and an
// unknown value never equals anything. With strict=false, secret wrappers are
// ignored (only the underlying values count).
func valuesEqual(a, b resource.PropertyValue, strict bool) bool {
	if isAbsent(a) && isAbsent(b) {
		return true
	}
	if isAbsent(a) != isAbsent(b) {
		return false
	}
	if a.ContainsUnknowns() || b.ContainsUnknowns() {
		return false
	}
	if !strict {
		a, b = stripSecrets(a), stripSecrets(b)
	}
	return a.DeepEquals(b)
}

func isAbsent(v resource.PropertyValue) bool {
	return v.V == nil || plain(v).IsNull()
}

func stripSecrets(v resource.PropertyValue) resource.PropertyValue {
	v = plain(v)
	switch {
	case v.IsArray():
		arr := make([]resource.PropertyValue, len(v.ArrayValue()))
		for i, e := range v.ArrayValue() {
			arr[i] = stripSecrets(e)
		}
		return resource.NewArrayProperty(arr)
	case v.IsObject():
		obj := resource.PropertyMap{}
		for k, e := range v.ObjectValue() {
			obj[k] = stripSecrets(e)
		}
		return resource.NewObjectProperty(obj)
	default:
		return v
	}
}

func diffKind(o, n resource.PropertyValue, replace bool) pulumirpc.PropertyDiff_Kind {
	switch {
	case isAbsent(o) && replace:
		return pulumirpc.PropertyDiff_ADD_REPLACE
	case isAbsent(o):
		return pulumirpc.PropertyDiff_ADD
	case isAbsent(n) && replace:
		return pulumirpc.PropertyDiff_DELETE_REPLACE
	case isAbsent(n):
		return pulumirpc.PropertyDiff_DELETE
	case replace:
		return pulumirpc.PropertyDiff_UPDATE_REPLACE
	default:
		return pulumirpc.PropertyDiff_UPDATE
	}
}
