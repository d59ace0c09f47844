/** A minimal path router: `/v1/applications/:id` style patterns, exact segments otherwise. */
import type { EmulatorRequest, EmulatorResponse } from "./http";

/** Named path parameters captured by a route pattern. */
export type RouteParams = Readonly<Record<string, string>>;

/** One route: a method, a pattern and what answers it. */
export interface Route<Ctx> {
  readonly method: string;
  readonly pattern: string;
  readonly handler: (req: EmulatorRequest, params: RouteParams, ctx: Ctx) => EmulatorResponse;
}

/** A matched route and its parameters. */
export interface RouteMatch<Ctx> {
  readonly route: Route<Ctx>;
  readonly params: RouteParams;
}

function segments(path: string): string[] {
  // A trailing slash is tolerated: clients often join paths onto "https://api.nodion.com/v1/".
  return path.split("/").filter((segment) => segment !== "");
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined; // malformed percent-encoding: treat as no match, hence 404
  }
}

function matchPattern(pattern: string, path: string): RouteParams | undefined {
  const want = segments(pattern);
  const got = segments(path);
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(":")) {
      const value = safeDecode(got[i]);
      if (value === undefined) return undefined;
      params[want[i].slice(1)] = value;
    } else if (want[i] !== got[i]) {
      return undefined;
    }
  }
  return params;
}

/** Finds the route for a method and path; a path known under another method does not match. */
export function matchRoute<Ctx>(
  routes: readonly Route<Ctx>[],
  method: string,
  path: string,
): RouteMatch<Ctx> | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const params = matchPattern(route.pattern, path);
    if (params) return { route, params };
  }
  return undefined;
}
