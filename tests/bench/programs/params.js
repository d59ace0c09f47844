// What every benchmark program reads from its environment (set by tests/bench, never by a user):
// how many resources to declare, which applications to spread them over, and whether to wait.
function required(name) {
  const value = process.env[name];
  if (value === undefined || value === "") throw new Error(`${name} is not set`);
  return value;
}

const count = Number(required("BENCH_COUNT"));
if (!Number.isInteger(count) || count < 1)
  throw new Error("BENCH_COUNT must be a positive integer");
const apps = required("BENCH_APPS").split(",");

module.exports = {
  count,
  /** The application of resource `i`: round-robin over BENCH_APPS. */
  appFor: (i) => apps[i % apps.length],
  wait: process.env.BENCH_WAIT || "none",
  baseUrl: required("NODION_API_URL"),
};
