/**
 * The order in which one repetition runs the variants. On this machine a run right after another
 * is not independent of it (caches, the CPU's state, work a CLI leaves behind), so a fixed order
 * would hand one variant the same neighbour every time.
 *
 * @packageDocumentation
 */

/** The variants as listed on even repetitions, reversed on odd ones. */
export function variantOrder<T>(variants: readonly T[], rep: number): readonly T[] {
  return rep % 2 === 0 ? variants : [...variants].reverse();
}
